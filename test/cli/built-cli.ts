/**
 * The `extids` bundle as `npm run build` makes it, built for a test file into a folder of its own:
 * dist/ is shared with whoever runs the build meanwhile (and tsup cleans it), so the tests never
 * run it nor depend on it being fresh. The folder lies under node_modules so that the bundle's
 * external dependencies resolve as they do from dist/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import configs from '../../tsup.config';
import { renderManifest } from '../../src/compile/manifest';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

const root = join(__dirname, '../..');

export interface BuiltCli {
  /** The path of the built `cli.js`. */
  file: string;
  remove(): void;
}

export interface BuildOptions {
  /** Also what `extids studio` serves, where a build puts it beside cli.js: studio/app.js, studio/app.css and manifest.json. */
  studio?: boolean;
}

/** tsup.config.ts's build of the entry named `key`. */
const configOf = (key: string): Options => {
  const config = (configs as Options[]).find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && key in c.entry);
  if (!config) throw new Error(`tsup.config.ts has no ${key} entry`);
  return config;
};

export const buildCli = async (options: BuildOptions = {}): Promise<BuiltCli> => {
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'extids-cli-test-'));
  const builds = [build({ ...configOf('cli'), entry: { cli: join(root, 'src/cli/index.ts') }, outDir, sourcemap: false, silent: true, config: false })];
  if (options.studio) {
    const page = configOf('studio/app');
    const entry = (page.entry as Record<string, string>)['studio/app'];
    builds.push(build({ ...page, entry: { 'studio/app': join(root, entry) }, tsconfig: page.tsconfig && join(root, page.tsconfig), outDir, silent: true, config: false }));
    writeFileSync(join(outDir, 'manifest.json'), renderManifest());
  }
  await Promise.all(builds);
  return { file: join(outDir, 'cli.js'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
};

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command line in bash (so that `|` makes real pipes), collecting what it prints. */
export const shell = (script: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> =>
  new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });

/** Quotes a word for bash. */
export const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** What a test file of the built CLI against a live emulator works with. */
export interface CliBench {
  cli: BuiltCli;
  emulator: LiveEmulator;
  /** A temporary folder of the file's own. */
  dir: string;
  /** The emulator's connection, as a file for `--connection`. */
  connectionFile: string;
}

/** Builds the CLI and starts an emulator before the file's tests, and removes both after them. */
export const cliAgainstEmulator = (prefix: string): CliBench => {
  const bench = {} as CliBench;
  beforeAll(async () => {
    [bench.cli, bench.emulator] = await Promise.all([buildCli(), liveEmulator()]);
    bench.dir = mkdtempSync(join(tmpdir(), prefix));
    bench.connectionFile = join(bench.dir, 'connection.json');
    writeFileSync(bench.connectionFile, JSON.stringify(bench.emulator.connection));
  }, 60000);
  afterAll(async () => {
    await bench.emulator?.close();
    bench.cli?.remove();
    if (bench.dir) rmSync(bench.dir, { recursive: true, force: true });
  });
  return bench;
};
