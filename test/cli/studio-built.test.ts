/**
 * `extids studio` as a user runs it (issue 14): the built CLI beside the built page, in a process
 * of its own, through pipes: what it prints once listening, the page and the bundle it serves,
 * how it stops, the usage errors, and one line when the page was never built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCli, type BuiltCli } from './built-cli';

let cli: BuiltCli;
/** The built cli.js alone, in a folder without the page: as if only the CLI had been built. */
let bare: string;
beforeAll(async () => {
  cli = await buildCli({ studio: true });
  bare = mkdtempSync(join(dirname(dirname(cli.file)), 'extids-studio-bare-'));
  copyFileSync(cli.file, join(bare, 'cli.js'));
}, 60000);
afterAll(() => {
  cli?.remove();
  if (bare) rmSync(bare, { recursive: true, force: true });
});

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `node <cli.js> studio …`; `printed(text)` resolves once stdout holds `text`, `ended` once the process has. */
const studio = (args: string[], file = cli.file) => {
  const child = spawn('node', [file, 'studio', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; done: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    for (const w of waiting.filter((w) => stdout.includes(w.text))) w.done();
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  const printed = (text: string): Promise<string> =>
    Promise.race([
      new Promise<string>((done) => (stdout.includes(text) ? done(stdout) : waiting.push({ text, done: () => done(stdout) }))),
      ended.then((e) => Promise.reject(new Error(`studio ended (${e.code ?? e.signal}) before printing ${JSON.stringify(text)}: ${e.stderr}`))),
    ]);
  return { child, printed, ended };
};

describe('the built extids studio', () => {
  it('with --json prints one JSON line with its URL, serves the page and the built bundle there, and on SIGTERM exits 0 having printed nothing else', async () => {
    const run = studio(['--port', '0', '--json']);
    const line = (await run.printed('\n')).split('\n')[0];
    const listening = JSON.parse(line);
    expect(listening).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    expect(listening.url).not.toMatch(/:0\/$/);

    const page = await fetch(listening.url);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('<script defer src="/app.js"></script>');
    const script = await fetch(new URL('/app.js', listening.url));
    expect(script.status).toBe(200);
    // The bundle the build wrote beside cli.js, and the manifest beside it: not the sources bundled again.
    expect((await script.text()) === readFileSync(join(dirname(cli.file), 'studio/app.js'), 'utf8')).toBe(true);
    expect((await (await fetch(new URL('/manifest.json', listening.url))).text()) === readFileSync(join(dirname(cli.file), 'manifest.json'), 'utf8')).toBe(true);

    run.child.kill('SIGTERM');
    expect(await run.ended).toEqual({ code: 0, signal: null, stdout: `${line}\n`, stderr: '' });
  });

  it('without --json says where the page and the embedded emulator are, and stops on Ctrl+C', async () => {
    const run = studio(['--port', '0']);
    const lines = (await run.printed('Press Ctrl+C to stop.\n')).split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^Studio at http:\/\/127\.0\.0\.1:\d+\/$/),
      expect.stringMatching(/^Connected to the embedded emulator at http:\/\/127\.0\.0\.1:\d+ \(its built-in client\)\.$/),
      'Press Ctrl+C to stop.',
      '',
    ]);
    const emulator = /at (http:\S+) /.exec(lines[1])![1];
    // It answers (401: health wants a token), then stops with the studio.
    expect((await fetch(`${emulator}/external-ids/v1/health`)).status).toBe(401);
    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.ended;
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.endsWith('Press Ctrl+C to stop.\nSIGINT: stopping…\n')).toBe(true);
    await expect(fetch(`${emulator}/external-ids/v1/health`)).rejects.toThrow();
  });

  it('given --connection, starts no emulator and shows that connection without its secret', async () => {
    const connection = { domain: 'https://acme.docebosaas.com', client_id: 'acme-client', client_secret: 'acme-s3cret' };
    const run = studio(['--port', '0', '--connection', JSON.stringify(connection)]);
    const lines = (await run.printed('Press Ctrl+C to stop.\n')).split('\n');
    expect(lines[1]).toBe('Connected with the connection given.');
    const url = lines[0].replace(/^Studio at /, '');
    const session = await (await fetch(new URL('/api/session', url))).text();
    expect(JSON.parse(session)).toEqual({ connection: { domain: connection.domain, client_id: 'acme-client' }, held_secrets: ['client_secret'], emulator: null });
    run.child.kill('SIGTERM');
    expect((await run.ended).code).toBe(0);
  });

  it('refuses a port that is not a number with exit code 2 and one line saying so', async () => {
    const { code, stdout, stderr } = await studio(['--port', 'abc']).ended;
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^error: option '--port <n>' argument 'abc' is invalid\. --port takes a whole number from 0 to 65535\n$/);
  });

  it('refuses a --connection that is not JSON with exit code 2, naming --connection, before starting anything', async () => {
    const { code, stdout, stderr } = await studio(['--port', '0', '--connection', '{"domain":']).ended;
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^extids: --connection: the value is not valid JSON: [^\n]*\n$/);
  });

  it('fails with one line, exit code 1 and no stack trace when the page was not built', async () => {
    const readable = await studio(['--port', '0'], join(bare, 'cli.js')).ended;
    expect([readable.code, readable.stdout]).toEqual([1, '']);
    expect(readable.stderr).toMatch(/^extids: the studio page is not built \(no \S+\/studio\/app\.js\): run npm run build\n$/);
    const json = await studio(['--port', '0', '--json'], join(bare, 'cli.js')).ended;
    expect([json.code, json.stdout]).toEqual([1, '']);
    expect(json.stderr.endsWith('\n') && json.stderr.indexOf('\n') === json.stderr.length - 1).toBe(true);
    expect(JSON.parse(json.stderr).error.message).toBe(readable.stderr.replace(/^extids: /, '').trim());
  });
});
