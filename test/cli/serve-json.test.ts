/**
 * `extids serve --json` (issue 11): for scripts that start it on `--port 0`, exactly one JSON line
 * on stdout once it listens: where, and the default client (its secret only when it is the
 * built-in one, as the readable output does). The built CLI, in a process of its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/runtime/client';
import { buildCli, type BuiltCli } from './built-cli';

let cli: BuiltCli;
let dir: string;
beforeAll(async () => {
  cli = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'extids-serve-json-'));
}, 60000);
afterAll(() => {
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `extids serve --json …`; resolves with its first line, the process, and what it printed in all once it ends. */
const serve = (args: string[]) => {
  const child = spawn('node', [cli.file, 'serve', '--json', '--port', '0', '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const firstLine = new Promise<string>((done, fail) => {
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (stdout.includes('\n')) done(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.on('close', () => fail(new Error(`serve ended before listening: ${stderr}`)));
  });
  const ended = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
  return { child, firstLine, ended };
};

describe('extids serve --json', () => {
  it('prints one JSON line once listening, with a URL that answers, and nothing else until stopped', async () => {
    const dataDir = join(dir, 'default');
    const run = serve(['--data-dir', dataDir]);
    const listening = JSON.parse(await run.firstLine);
    expect(Object.keys(listening)).toEqual(['url', 'client_id', 'client_secret', 'data_dir', 'domain']);
    expect(listening).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      client_id: 'extids-local',
      client_secret: 'extids-local-secret',
      data_dir: dataDir,
      domain: expect.any(String),
    });
    expect(listening.url).not.toMatch(/:0$/);
    // What it printed is enough to connect.
    const health = await createClient({ domain: listening.url, client_id: listening.client_id, client_secret: listening.client_secret }).health();
    expect(health.status).toBeDefined();

    run.child.kill('SIGTERM');
    const { code, stdout, stderr } = await run.ended;
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(`${JSON.stringify(listening)}\n`);
  });

  it('leaves out a client secret given on the command line', async () => {
    const run = serve(['--data-dir', join(dir, 'given'), '--client-id', 'mine', '--client-secret', 'my-own-s3cret', '--domain', 'acme.docebosaas.com']);
    const line = await run.firstLine;
    expect(JSON.parse(line)).toEqual({ url: expect.any(String), client_id: 'mine', data_dir: join(dir, 'given'), domain: 'acme.docebosaas.com' });
    run.child.kill('SIGINT');
    const { code, stdout } = await run.ended;
    expect(code).toBe(0);
    expect(stdout).not.toContain('my-own-s3cret');
  });
});
