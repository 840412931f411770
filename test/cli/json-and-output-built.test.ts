/**
 * The built CLI (issue 11): errors as one JSON object on stderr under `--json`, read by a program
 * through a pipe, and `validate --output`, as a user runs them.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cliAgainstEmulator, quote, shell } from './built-cli';

const bench = cliAgainstEmulator('extids-json-built-');
const extids = (...args: string[]) => shell(`node ${quote(bench.cli.file)} ${args.map(quote).join(' ')}`);
/** stderr through a pipe into a program that parses it. */
const errorPiped = (...args: string[]) =>
  shell(`node ${quote(bench.cli.file)} ${args.map(quote).join(' ')} 2>&1 >/dev/null | node -e "let t='';process.stdin.on('data',(d)=>t+=d).on('end',()=>console.log(JSON.stringify(JSON.parse(t).error)))"`);

describe('the built extids', () => {
  it('prints a usage error under --json as one JSON object a program can read', async () => {
    const run = await extids('exec', 'query_entities', '--json', '--bogus');
    expect(run.code).toBe(2);
    const piped = await errorPiped('exec', 'query_entities', '--json', '--bogus');
    expect(JSON.parse(piped.stdout)).toMatchObject({ status: 0, code: 'usage', message: expect.stringContaining('--bogus') });
  });

  it("prints a failed call under --json with the service's status and code, and no PSK", async () => {
    const input = JSON.stringify({ integration_uuid: '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19', integration_psk: 'not-the-psk-41', name: 'X' });
    const run = await extids('exec', 'update_integration', '--json', '--connection', bench.connectionFile, '--input', input);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('not-the-psk-41');
    expect(JSON.parse(run.stderr).error).toMatchObject({ status: 401, code: 'invalid_integration_credentials' });
  });

  it('writes validate --output to the file, readable by its owner only, and exits 1 for an invalid command', async () => {
    const output = join(bench.dir, 'results.json');
    const run = await extids('validate', '--json', '--output', output, '--input', '[{"name":"MatchCourseCommand","external_id":"C-1"},{"name":"ResetAllUsersMatchCommand"}]');
    expect([run.code, run.stdout]).toEqual([1, '']);
    const results = JSON.parse(readFileSync(output, 'utf8'));
    expect(JSON.stringify(results)).toContain('internal_id');
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const refused = await extids('validate', '--output', join(bench.dir, 'no-such-dir', 'r.json'), '--input', '[]');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^extids: --output: /);
  });
});
