/**
 * `extids record` from the CLI as `npm run build` bundles it: nock is a dependency of the package
 * (recording is one of its commands), yet loaded only when recording, so that the CLI starts fast.
 * The bundle is built for this file into a folder of its own under node_modules (dist/ is shared
 * with whoever builds meanwhile), so that its external dependencies resolve as from dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import configs from '../../tsup.config';
import { dependencies, devDependencies } from '../../package.json';

const root = join(__dirname, '../..');
const NOCK_LOADED = '[nock loaded]';

let outDir: string;
let cli: string;
let hook: string;
beforeAll(async () => {
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  outDir = mkdtempSync(join(cache, 'extids-record-cli-'));
  const config = (configs as Options[]).find((c) => typeof c.entry === 'object' && !Array.isArray(c.entry) && 'cli' in c.entry)!;
  await build({ ...config, entry: { cli: join(root, 'src/cli/index.ts') }, outDir, sourcemap: false, silent: true, config: false });
  cli = join(outDir, 'cli.js');
  // Preloaded: tells on stderr when anything requires nock.
  hook = join(outDir, 'tell-nock.js');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'nock') process.stderr.write(${JSON.stringify(NOCK_LOADED + '\n')});
  return load.call(this, request, ...rest);
};
`,
  );
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const run = (...argv: string[]) => {
  const r = spawnSync(process.execPath, ['-r', hook, cli, ...argv], { cwd: outDir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('extids record, built', () => {
  it('has nock as a dependency of the package, not a development one', () => {
    expect(dependencies).toHaveProperty('nock');
    expect(devDependencies).not.toHaveProperty('nock');
  });

  it('does not load nock to start, to show help or to refuse a bad scenario name', () => {
    for (const argv of [['--help'], ['record', '--help'], ['record', '--only', 'bogus']]) {
      const r = run(...argv);
      expect([argv, r.code]).toEqual([argv, argv.includes('bogus') ? 2 : 0]);
      expect(r.stderr).not.toContain(NOCK_LOADED);
    }
  });

  it('loads nock when recording, and records', () => {
    const fixtures = join(outDir, 'fixtures');
    const r = run('record', '--fixtures', fixtures, '--only', 'integrations');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${NOCK_LOADED}\n`);
    expect(r.stdout).toBe('recorded fixtures/integrations.json\n');
    expect(readdirSync(fixtures)).toEqual(['integrations.json']);
    expect(JSON.parse(readFileSync(join(fixtures, 'integrations.json'), 'utf8')).length).toBeGreaterThan(2);
  });
});
