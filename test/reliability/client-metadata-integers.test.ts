/**
 * Metadata numbers beyond ±(2^53 − 1) are refused with the path at fault, as ids are: JSON numbers
 * that large cannot be carried exactly, and would be stored as another number (issue 13, item 15).
 */
import { ValidationError } from '../../src/errors';
import { connector } from '../../src/runtime/connector';
import { metadataFits, metadataProblems, validateCommands } from '../../src/validate';

const LARGEST = Number.MAX_SAFE_INTEGER;

describe('metadata integers', () => {
  it.each([2 ** 53, -(2 ** 53), 1e300, -1e21])('refuses %d, naming the path', (n) => {
    const metadata = { crm: { ids: [1, n] } };
    expect(metadataFits(metadata)).toBe(false);
    expect(metadataProblems(metadata)).toEqual([`metadata.crm.ids[1] must be a number between -${LARGEST} and ${LARGEST} (a larger one cannot be carried exactly), got the number ${n}`]);
  });

  it('keeps the largest exact integers and fractions', () => {
    const metadata = { a: LARGEST, b: -LARGEST, c: 0.1, d: -1.5e10 };
    expect(metadataFits(metadata)).toBe(true);
    expect(metadataProblems(metadata)).toEqual([]);
  });

  it('reports a command whose metadata holds one as rejected, naming the path', () => {
    const [check] = validateCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1, metadata: { n: 2 ** 53 } }]);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([{ field: 'metadata', message: expect.stringMatching(/^metadata\.n must be a number between/) }]);
  });

  it('refuses it before sending, with fail_on_invalid', async () => {
    const connection = { domain: 'http://127.0.0.1:9', client_id: 'cid', client_secret: 'secret' };
    const input = {
      integration_uuid: '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19',
      integration_psk: 'psk',
      fail_on_invalid: true,
      // Read from JSON text, the integer already rounded to another (12345678901234567000).
      commands: [{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1, metadata: JSON.parse('{"n": 12345678901234567890}') }],
    };
    const error = await connector.actions.run_commands.execute(connection, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/metadata\.n must be a number between/);
  });
});
