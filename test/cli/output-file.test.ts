/**
 * `exec --output` (issue 11, bug 2): a path that cannot be written is refused before anything is
 * sent, so Create integration never makes an integration whose PSK it then cannot keep; the file
 * written is readable by its owner only, since Create integration's output holds the PSK.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliAgainstEmulator, quote, shell } from './built-cli';
import { REGISTRY_FILE } from '../../src/emulator/registry';

const bench = cliAgainstEmulator('extids-output-');

/** How many integrations the emulator's domain databases hold (the registry keeps their uuids too). */
const integrations = (): number => {
  let count = 0;
  for (const file of readdirSync(bench.emulator.dataDir).filter((f) => (f.endsWith('.db') || f.endsWith('.sqlite')) && f !== REGISTRY_FILE)) {
    const db = new Database(join(bench.emulator.dataDir, file), { readonly: true, fileMustExist: true });
    try {
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'integrations'").get()) {
        count += (db.prepare('SELECT COUNT(*) AS n FROM integrations').get() as { n: number }).n;
      }
    } finally {
      db.close();
    }
  }
  return count;
};

const create = (output: string) =>
  shell(`node ${quote(bench.cli.file)} exec create_integration --connection ${quote(bench.connectionFile)} --input '{"name":"OUT"}' --output ${quote(output)}`);

describe('exec --output', () => {
  it('refuses a path in a folder that does not exist, before creating anything (exit 2, one line naming --output)', async () => {
    const before = integrations();
    const run = await create(join(bench.dir, 'nonexistent/dir/out.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`extids: --output: the folder ${join(bench.dir, 'nonexistent/dir')} does not exist\n`);
    expect(run.stdout).toBe('');
    expect(integrations()).toBe(before);
  });

  it('refuses a directory given as the file, and a file given as the folder, before creating anything', async () => {
    const before = integrations();
    const folder = join(bench.dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const directory = await create(folder);
    expect(directory).toMatchObject({ code: 2, stdout: '', stderr: `extids: --output: ${folder} is a directory; give the path of a file\n` });

    const file = join(bench.dir, 'a-file');
    writeFileSync(file, '');
    const underFile = await create(join(file, 'out.json'));
    expect(underFile).toMatchObject({ code: 2, stdout: '', stderr: `extids: --output: ${file} is not a folder\n` });
    expect(integrations()).toBe(before);
  });

  it('writes the output, PSK included, readable by its owner only, an existing file included', async () => {
    const before = integrations();
    const output = join(bench.dir, 'created.json');
    const run = await create(output);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(integrations()).toBe(before + 1);
    expect(typeof JSON.parse(readFileSync(output, 'utf8')).psk).toBe('string');
    expect(statSync(output).mode & 0o777).toBe(0o600);

    const existing = join(bench.dir, 'existing.json');
    writeFileSync(existing, '{}');
    chmodSync(existing, 0o644);
    expect((await create(existing)).code).toBe(0);
    expect(statSync(existing).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(existing, 'utf8'))).toMatchObject({ name: 'OUT' });
  });
});
