/**
 * `extids validate --output <file>` (issue 11): the results go to the file instead of stdout, in
 * either form, with the same exit code; a path that cannot be written is refused (exit 2) before
 * the input is even read, as exec does.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extids } from '../support/cli';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'extids-validate-output-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const commands = JSON.stringify([
  { name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 },
  { name: 'MatchCourseCommand', external_id: 'C-2' },
]);

describe('extids validate --output', () => {
  it('writes the JSON results to the file, prints nothing, and still exits 1 for an invalid command', async () => {
    const output = join(dir, 'checks.json');
    const run = await extids('validate', '--input', commands, '--json', '--output', output);
    expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
    const checks = JSON.parse(readFileSync(output, 'utf8'));
    expect(checks.map((c: { index: number; valid: boolean }) => [c.index, c.valid])).toEqual([
      [0, true],
      [1, false],
    ]);
    expect(statSync(output).mode & 0o777).toBe(0o600);
  });

  it('writes the readable results to the file, the count last', async () => {
    const output = join(dir, 'checks.txt');
    const run = await extids('validate', '--input', commands, '--output', output);
    expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
    const lines = readFileSync(output, 'utf8').split('\n');
    expect(lines.at(-2)).toBe('1 of 2 commands valid');
    expect(lines.at(-1)).toBe('');
  });

  it('refuses an output that cannot be written before reading the input (exit 2)', async () => {
    const missingFolder = join(dir, 'no', 'such', 'out.json');
    // The input does not exist either: the output is what is told, checked first.
    const run = await extids('validate', '--input', join(dir, 'missing.json'), '--output', missingFolder);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `extids: --output: the folder ${join(dir, 'no', 'such')} does not exist\n` });
  });

  it('replaces what an existing file held', async () => {
    const output = join(dir, 'old.json');
    writeFileSync(output, 'x'.repeat(10000));
    expect((await extids('validate', '--input', '[]', '--json', '--output', output)).code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('[]\n');
  });
});
