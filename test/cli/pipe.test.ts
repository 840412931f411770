/**
 * Output through a real pipe (issue 11, bug 1): the built CLI, piped into another process as in
 * `extids … | jq`, writes all of a several-MiB output, whether it exits 0 or 1, on stdout and
 * stderr alike. Exiting before stdout drained used to cut it at the pipe's 64 KiB.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliAgainstEmulator, quote, shell } from './built-cli';

/** Reads all of stdin and says how much came and what it parsed to. */
const READER = `
let text = '';
process.stdin.setEncoding('utf8').on('data', (s) => (text += s)).on('end', () => {
  const report = { bytes: Buffer.byteLength(text), lines: text.split('\\n').length - 1 };
  try {
    const value = JSON.parse(text);
    Object.assign(report, { json: true, length: Array.isArray(value) ? value.length : undefined, items: value.items?.length, rejected: value.rejected });
  } catch {
    Object.assign(report, { json: false });
  }
  process.stdout.write(JSON.stringify(report));
});`;

const bench = cliAgainstEmulator('extids-pipe-');

const N = 20000;
const commands = (valid: boolean) =>
  Array.from({ length: N }, (_, i) => (valid ? { name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: String(i + 1) } : { name: 'MatchCourseCommand', external_id: `C-${i}` }));

/** `extids <args> | node READER`, then the same to a file: the reader's report, the CLI's exit code and the file's size. */
const piped = async (args: string[], stream: 'stdout' | 'stderr' = 'stdout') => {
  const line = `node ${quote(bench.cli.file)} ${args.map(quote).join(' ')}`;
  const file = join(bench.dir, 'to-file.out');
  const redirect = stream === 'stdout' ? `> ${quote(file)}` : `2> ${quote(file)} > /dev/null`;
  const through = stream === 'stdout' ? `${line} 2>/dev/null` : `${line} 2>&1 >/dev/null`;
  const run = await shell(`${through} | node -e ${quote(READER)}; status=\${PIPESTATUS[0]}; echo; echo "$status"; ${line} ${redirect}`);
  const [report, code] = run.stdout.trim().split('\n');
  return { report: JSON.parse(report), code: Number(code), fileBytes: statSync(file).size };
};

describe('extids writes its whole output to a pipe', () => {
  it('validate --json, several MiB, exit 0', async () => {
    const input = join(bench.dir, 'valid.json');
    writeFileSync(input, JSON.stringify(commands(true)));
    const { report, code, fileBytes } = await piped(['validate', '--input', input, '--json']);
    expect(code).toBe(0);
    expect(fileBytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(report).toMatchObject({ json: true, length: N, bytes: fileBytes });
  });

  it('validate --json and its readable form, several MiB, exit 1', async () => {
    const input = join(bench.dir, 'invalid.json');
    writeFileSync(input, JSON.stringify(commands(false)));
    const json = await piped(['validate', '--input', input, '--json']);
    expect(json.code).toBe(1);
    expect(json.fileBytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(json.report).toMatchObject({ json: true, length: N, bytes: json.fileBytes });

    const text = await piped(['validate', '--input', input]);
    expect(text.code).toBe(1);
    // One line per invalid command, then the count.
    expect(text.report).toMatchObject({ lines: N + 1, bytes: text.fileBytes });
  });

  it('exec against an emulator: a several-MiB output (exit 0) and a several-MiB error on stderr (exit 1)', async () => {
    const input = join(bench.dir, 'run.json');
    const run = { integration_uuid: '', integration_psk: '', commands: commands(false) };
    const created = await shell(`node ${quote(bench.cli.file)} exec create_integration --connection ${quote(bench.connectionFile)} --input '{"name":"PIPE"}'`);
    expect(created.code).toBe(0);
    const integration = JSON.parse(created.stdout);
    writeFileSync(input, JSON.stringify({ ...run, integration_uuid: integration.uuid, integration_psk: integration.psk }));

    const out = await piped(['exec', 'run_commands', '--connection', bench.connectionFile, '--input', input, '--json']);
    expect(out.code).toBe(0);
    expect(out.fileBytes).toBeGreaterThan(2 * 1024 * 1024);
    // Every rejected command is listed.
    expect(out.report).toMatchObject({ json: true, items: N, rejected: N, bytes: out.fileBytes });

    writeFileSync(input, JSON.stringify({ ...run, integration_uuid: integration.uuid, integration_psk: integration.psk, fail_on_invalid: true }));
    const err = await piped(['exec', 'run_commands', '--connection', bench.connectionFile, '--input', input, '--json'], 'stderr');
    expect(err.code).toBe(1);
    expect(err.fileBytes).toBeGreaterThan(1024 * 1024);
    expect(err.report).toMatchObject({ bytes: err.fileBytes });
  });
});
