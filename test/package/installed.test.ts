/**
 * The package as a project that installs it sees it: the library built as `npm run build` builds
 * it (ESM, CommonJS, declarations), laid out with package.json under a node_modules of its own,
 * and used from child processes — by import, by require, and by tsc with the old node10 resolution.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import configs from '../../tsup.config';
import { renderManifest } from '../../src/compile/manifest';
import { renderConnectorRb } from '../../src/compile/ruby';

const root = join(__dirname, '../..');
const NAME = 'docebo-external-ids-connector';
let project: string;

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8' });

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'extids-installed-'));
  const pkg = join(project, 'node_modules', NAME);
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  const library = (configs as Options[]).find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && 'index' in c.entry)!;
  const entry = { index: join(root, 'src/index.ts'), emulator: join(root, 'src/emulator/index.ts'), fixtures: join(root, 'src/record/index.ts') };
  await build({ ...library, entry, outDir: join(pkg, 'dist'), sourcemap: false, silent: true, config: false, clean: false });
  const cli = (configs as Options[]).find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && 'cli' in c.entry)!;
  await build({ ...cli, entry: { cli: join(root, 'src/cli/index.ts') }, outDir: join(pkg, 'dist'), sourcemap: false, silent: true, config: false, clean: false });
  const page = (configs as Options[]).find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && 'studio/app' in c.entry)!;
  await build({ ...page, entry: { 'studio/app': join(root, 'src/studio/page/main.ts') }, tsconfig: join(root, 'src/studio/page/tsconfig.json'), outDir: join(pkg, 'dist'), silent: true, config: false, clean: false });
  copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
  writeFileSync(join(pkg, 'dist/connector.rb'), renderConnectorRb());
  writeFileSync(join(pkg, 'dist/manifest.json'), renderManifest());
  symlinkSync(join(root, 'schemas'), join(pkg, 'schemas'));
  // The package's own dependencies, as npm would have installed them beside it.
  // The emulator's optional peers (fastify, better-sqlite3) are left out: a client-only install.
  for (const dep of ['commander', 'cli-progress', 'string-width', 'strip-ansi', 'ansi-regex', 'emoji-regex', 'is-fullwidth-code-point', 'ajv', 'ajv-formats', 'axios', 'fast-uri', 'json-schema-traverse', 'fast-deep-equal', 'require-from-string', 'follow-redirects', 'form-data', 'proxy-from-env']) {
    try {
      symlinkSync(join(root, 'node_modules', dep), join(project, 'node_modules', dep));
    } catch {
      /* not a dependency of this version */
    }
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
}, 120_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the installed package', () => {
  it('exports dist/connector.rb and dist/manifest.json', () => {
    const run = node([
      '-e',
      `const fs = require('node:fs');
       for (const p of ['${NAME}/dist/connector.rb', '${NAME}/dist/manifest.json', '${NAME}/connector.rb', '${NAME}/manifest.json']) console.log(fs.readFileSync(require.resolve(p), 'utf8').split('\\n')[0].slice(0, 40));`,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      renderConnectorRb().slice(0, 40),
      renderManifest().split('\n')[0].slice(0, 40),
      renderConnectorRb().slice(0, 40),
      renderManifest().split('\n')[0].slice(0, 40),
    ]);
  });

  it('recognises an error thrown by the CommonJS build with the ESM build\'s classes, and the other way round', () => {
    const script = `
      import { createRequire } from 'node:module';
      import * as esm from '${NAME}';
      const cjs = createRequire(import.meta.url)('${NAME}');
      const fromCjs = (() => { try { cjs.validateCommands; new cjs.ValidationError('x'); throw new cjs.ValidationError('bad', []); } catch (e) { return e; } })();
      const fromEsm = new esm.ApiError(503, 'unavailable', 'later');
      console.log(JSON.stringify([esm.ValidationError !== cjs.ValidationError, fromCjs instanceof esm.ValidationError, fromEsm instanceof cjs.ApiError, fromEsm instanceof cjs.ValidationError]));`;
    const run = node(['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([true, true, true, false]);
  });

  it('loads the fixtures subpath without loading nock, fastify or SQLite until they are used', () => {
    const run = node(['-e', `const f = require('${NAME}/fixtures'); console.log(JSON.stringify([typeof f.replayFixture, typeof f.recordFixtures, Object.keys(require.cache).filter((k) => /node_modules\\/(nock|fastify|better-sqlite3)\\//.test(k)).length]))`]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['function', 'function', 0]);
  });

  it('works as a client without the emulator\'s optional dependencies, and says in one line what to install for the emulator', () => {
    const library = node(['-e', `const p = require('${NAME}'); console.log(typeof p.createClient); try { require('${NAME}/emulator'); } catch (e) { console.log(e.message); }`]);
    expect(library.stderr).toBe('');
    expect(library.stdout.split('\n')).toEqual([
      'function',
      'the emulator needs better-sqlite3 and fastify, optional dependencies of docebo-external-ids-connector: npm install better-sqlite3@^12.0.0 fastify@^5.12.8',
      '',
    ]);
    const cliFile = join(project, 'node_modules', NAME, 'dist/cli.js');
    const help = node([cliFile, '--help']);
    expect([help.status, help.stdout.includes('serve')]).toEqual([0, true]);
    const validate = node([cliFile, 'validate', '--input', '[{"name":"ResetAllUsersMatchCommand"}]', '--json']);
    expect(validate.status).toBe(0);
    const serve = node([cliFile, 'serve', '--port', '0']);
    expect(serve.status).not.toBe(0);
    expect(serve.stderr).toBe(`extids: ${library.stdout.split('\n')[1]}\n`);
  });

  it("serves the studio from a client-only install against a connection of its own, and says in one line what the embedded emulator needs", async () => {
    const cliFile = join(project, 'node_modules', NAME, 'dist/cli.js');
    // A service of its own: a connection the studio only needs to hold, not reach, to serve its page.
    const connection = JSON.stringify({ domain: 'http://127.0.0.1:9', client_id: 'id', client_secret: 'secret' });
    const child = spawn(process.execPath, [cliFile, 'studio', '--port', '0', '--json', '--connection', connection], { cwd: project });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (s: string) => {
          out += s;
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.on('exit', (code) => reject(new Error(`studio exited with ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      const [html, script, manifest] = await Promise.all(['', 'app.js', 'manifest.json'].map((p) => fetch(`${url}${p}`)));
      expect([html.status, script.status, manifest.status]).toEqual([200, 200, 200]);
      expect(await manifest.text()).toBe(renderManifest());
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
    const embedded = node([cliFile, 'studio', '--port', '0']);
    expect(embedded.status).toBe(1);
    expect(embedded.stderr).toMatch(/^extids: the emulator needs better-sqlite3 and fastify, .*npm install better-sqlite3@\S+ fastify@\S+\n$/);
  });

  it('types the emulator and fixtures subpaths under moduleResolution node10 as under node16', () => {
    writeFileSync(
      join(project, 'use.ts'),
      `import { startEmulator } from '${NAME}/emulator';\nimport { replayFixture } from '${NAME}/fixtures';\nimport { createClient } from '${NAME}';\nexport const all: [typeof startEmulator, typeof replayFixture, typeof createClient] = [startEmulator, replayFixture, createClient];\n`,
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    for (const [moduleResolution, module] of [['node10', 'commonjs'], ['node16', 'node16']]) {
      const run = node([tsc, '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types'), '--module', module, '--moduleResolution', moduleResolution, 'use.ts']);
      expect({ moduleResolution, out: run.stdout + run.stderr }).toEqual({ moduleResolution, out: '' });
    }
  }, 60_000);
});
