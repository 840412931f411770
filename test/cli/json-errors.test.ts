/**
 * With --json, an error is one JSON object on one line of stderr, `{"error": {status, code,
 * message, details}}`, with the same exit codes as without (2 for a command line refused, 1 for a
 * failure): commander's own errors, the CLI's, invalid input and a failed call alike.
 */
import { extids } from '../support/cli';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
let connection: string;
beforeAll(async () => {
  emulator = await liveEmulator();
  connection = JSON.stringify(emulator.connection);
});
afterAll(() => emulator.close());

/** The one JSON line on stderr, checked to be the whole of it. */
const errorOf = (stderr: string): unknown => {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(stderr);
};

describe('errors under --json', () => {
  it('an unknown flag, as commander finds it, is a usage error with exit code 2 and nothing in commander\'s words', async () => {
    const run = await extids('validate', '--input', '[]', '--json', '--frobnicate');
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(errorOf(run.stderr)).toEqual({ error: { status: 0, code: 'usage', message: "unknown option '--frobnicate'", details: [] } });
  });

  it('a missing required flag and a bad flag value are usage errors too', async () => {
    const missing = await extids('validate', '--json');
    expect(missing.code).toBe(2);
    expect(errorOf(missing.stderr)).toEqual({ error: { status: 0, code: 'usage', message: "required option '--input <file|json>' not specified", details: [] } });
    const port = await extids('serve', '--json', '--port', 'abc');
    expect(port.code).toBe(2);
    expect(errorOf(port.stderr)).toMatchObject({ error: { status: 0, code: 'usage', message: expect.stringContaining('--port takes a whole number from 0 to 65535') } });
  });

  it("the CLI's own refusals (an input that is not JSON) are usage errors with exit code 2", async () => {
    const run = await extids('exec', 'create_integration', '--json', '--connection', connection, '--input', '{"name": }');
    expect(run.code).toBe(2);
    expect(errorOf(run.stderr)).toEqual({
      error: { status: 0, code: 'usage', message: '--input: the value is not valid JSON: line 1, column 10: unexpected token', details: [] },
    });
  });

  it('invalid input is invalid_request with its details, exit code 1', async () => {
    const run = await extids('exec', 'create_integration', '--json', '--connection', connection, '--input', '{"name": 42}');
    expect(run.code).toBe(1);
    const { error } = errorOf(run.stderr) as { error: { status: number; code: string; message: string; details: { path: string; message: string }[] } };
    expect(error).toMatchObject({ status: 0, code: 'invalid_request', message: expect.any(String) });
    expect(error.details.length).toBeGreaterThan(0);
    expect(error.details[0]).toEqual({ path: expect.stringContaining('name'), message: expect.any(String) });
  });

  it("a failed call gives the service's status and code, exit code 1, and no secret", async () => {
    const psk = 'not-the-psk-0123456789';
    const input = JSON.stringify({ integration_uuid: '00000000-0000-4000-8000-000000000000', integration_psk: psk, name: 'X' });
    const run = await extids('exec', 'update_integration', '--json', '--connection', connection, '--input', input);
    expect(run.code).toBe(1);
    expect(errorOf(run.stderr)).toMatchObject({ error: { status: expect.any(Number), code: expect.any(String), message: expect.stringContaining('PATCH /integrations/{integration_uuid} failed with') } });
    const { error } = errorOf(run.stderr) as { error: { status: number } };
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(run.stderr).not.toContain(psk);
    expect(run.stderr).not.toContain(emulator.connection.client_secret);
  });

  it('a connection that cannot be reached is status 0 with the transport code', async () => {
    const refused = JSON.stringify({ ...emulator.connection, domain: 'http://127.0.0.1:1' });
    const run = await extids('exec', 'create_integration', '--json', '--connection', refused, '--input', '{"name":"X"}');
    expect(run.code).toBe(1);
    expect(errorOf(run.stderr)).toMatchObject({ error: { status: 0, code: 'ECONNREFUSED', details: [] } });
  });

  it('without --json, the same errors stay one readable line', async () => {
    const flag = await extids('validate', '--input', '[]', '--frobnicate');
    expect([flag.code, flag.stderr]).toEqual([2, "error: unknown option '--frobnicate'\n"]);
    const input = await extids('validate', '--input', '{"a": }');
    expect([input.code, input.stderr]).toEqual([2, 'extids: --input: the value is not valid JSON: line 1, column 7: unexpected token\n']);
  });

  it('help and --version still print as usual, exit code 0', async () => {
    const help = await extids('validate', '--help', '--json');
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('Usage: extids validate');
  });
});
