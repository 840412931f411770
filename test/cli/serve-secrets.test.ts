/**
 * `extids serve`'s secrets off the command line (issue 13, item 9): what is on a command line can
 * be read by every user of the machine (`ps`), so the client secret, the password and the clients
 * of other domains may come from environment variables or files instead; the flags still work,
 * with a one-line warning. Through the real command line, in this process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { http } from '../emulator/harness';
import { extids } from '../support/cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'extids-serve-secrets-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET_VARIABLES = ['EXTIDS_EMULATOR_CLIENT_SECRET', 'EXTIDS_EMULATOR_PASSWORD', 'EXTIDS_EMULATOR_CLIENTS'];

/** Runs `fn` with these environment variables, and none of the emulator's others. */
const withEnv = async <T,>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> => {
  const saved = Object.fromEntries(SECRET_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of SECRET_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

let runs = 0;

/** Node's own warnings (a dependency's deprecation, once a process) are not serve's words. */
const withoutProcessWarnings = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !/^\(node:\d+\) |^\(Use `node --trace-warnings/.test(line))
    .join('\n');

/** `extids serve --json --port 0 …` until `stop()`, which sends it SIGTERM and tells what it printed. */
const serving = async (args: string[], use: (url: string, listening: Record<string, unknown>) => Promise<void>, env: Record<string, string> = {}) =>
  withEnv(env, async () => {
    let stdout = '';
    let stderr = '';
    let firstLine!: (line: string) => void;
    const listening = new Promise<string>((done) => (firstLine = done));
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      if (stdout.includes('\n')) firstLine(stdout.slice(0, stdout.indexOf('\n')));
      return true;
    });
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      const ended = main(['serve', '--json', '--port', '0', '--data-dir', join(dir, `run-${++runs}`), ...args]);
      const line = await Promise.race([listening, ended.then((code) => Promise.reject(new Error(`serve ended with ${code}: ${stderr}`)))]);
      const info = JSON.parse(line) as Record<string, unknown>;
      try {
        await use(String(info.url), info);
      } finally {
        process.emit('SIGTERM', 'SIGTERM');
        await ended;
      }
      return { stdout, stderr: withoutProcessWarnings(stderr) };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

const token = async (url: string, body: Record<string, string>) =>
  (await http(`${url}/oauth2/token`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ grant_type: 'client_credentials', ...body }))).status;

describe('extids serve takes its secrets', () => {
  it('from EXTIDS_EMULATOR_CLIENT_SECRET, EXTIDS_EMULATOR_PASSWORD and EXTIDS_EMULATOR_CLIENTS, without a warning and without printing them', async () => {
    const env = {
      EXTIDS_EMULATOR_CLIENT_SECRET: 'secret-from-env',
      EXTIDS_EMULATOR_PASSWORD: 'password-from-env',
      EXTIDS_EMULATOR_CLIENTS: JSON.stringify([{ domain: 'acme.example', client_id: 'acme', client_secret: 'acme-secret-from-env' }]),
    };
    const printed = await serving(
      [],
      async (url, listening) => {
        expect(listening).not.toHaveProperty('client_secret');
        expect(await token(url, { client_id: 'extids-local', client_secret: 'secret-from-env' })).toBe(200);
        expect(await token(url, { client_id: 'extids-local', client_secret: 'extids-local-secret' })).toBe(401);
        expect(await token(url, { grant_type: 'password', client_id: 'extids-local', client_secret: 'secret-from-env', username: 'admin', password: 'password-from-env' })).toBe(200);
        expect(await token(url, { client_id: 'acme', client_secret: 'acme-secret-from-env' })).toBe(200);
      },
      env,
    );
    expect(printed.stderr).toBe('');
    for (const secret of Object.values(env)) expect(printed.stdout).not.toContain(secret);
    expect(printed.stdout).not.toContain('acme-secret-from-env');
  });

  it('from --client-secret-file, --password-file and --clients-file, a final newline dropped, before the environment', async () => {
    writeFileSync(join(dir, 'secret'), 'secret-from-file\n');
    writeFileSync(join(dir, 'password'), 'password-from-file\r\n');
    writeFileSync(join(dir, 'clients.json'), JSON.stringify([{ domain: 'acme.example', client_id: 'acme', client_secret: 'acme-secret-from-file' }]));
    const printed = await serving(
      ['--client-secret-file', join(dir, 'secret'), '--password-file', join(dir, 'password'), '--clients-file', join(dir, 'clients.json')],
      async (url) => {
        expect(await token(url, { client_id: 'extids-local', client_secret: 'secret-from-file' })).toBe(200);
        expect(await token(url, { client_id: 'extids-local', client_secret: 'secret-from-env' })).toBe(401);
        expect(await token(url, { grant_type: 'password', client_id: 'extids-local', client_secret: 'secret-from-file', username: 'admin', password: 'password-from-file' })).toBe(200);
        expect(await token(url, { client_id: 'acme', client_secret: 'acme-secret-from-file' })).toBe(200);
        expect(await token(url, { client_id: 'acme', client_secret: 'acme-secret-from-env' })).toBe(401);
      },
      { EXTIDS_EMULATOR_CLIENT_SECRET: 'secret-from-env', EXTIDS_EMULATOR_CLIENTS: JSON.stringify([{ domain: 'acme.example', client_id: 'acme', client_secret: 'acme-secret-from-env' }]) },
    );
    expect(printed.stderr).toBe('');
  });

  it('from the command line still, with one line on stderr that names the flags and not the secrets', async () => {
    const printed = await serving(['--client-secret', 'typed-secret', '--password', 'typed-password', '--client', 'acme.example:acme:typed-acme-secret'], async (url) => {
      expect(await token(url, { client_id: 'extids-local', client_secret: 'typed-secret' })).toBe(200);
      expect(await token(url, { client_id: 'acme', client_secret: 'typed-acme-secret' })).toBe(200);
    });
    const lines = printed.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--client-secret.*--password.*--client\b/);
    expect(lines[0]).toMatch(/EXTIDS_EMULATOR_CLIENT_SECRET/);
    for (const secret of ['typed-secret', 'typed-password', 'typed-acme-secret']) expect(printed.stderr + printed.stdout).not.toContain(secret);
  });
});

describe('extids serve refuses', () => {
  it.each([
    ['a secret given twice', ['--client-secret', 'a', '--client-secret-file', 'x'], /--client-secret.*--client-secret-file/],
    ['a secret file that does not exist', ['--client-secret-file', '/nonexistent/extids-secret'], /--client-secret-file: cannot read/],
    ['an empty password file', ['--password-file', 'EMPTY'], /--password-file: .* is empty/],
    ['a clients file that is not JSON', ['--clients-file', 'NOT_JSON'], /--clients-file: .* is not valid JSON/],
    ['a clients file that is not a list of clients', ['--clients-file', 'NOT_CLIENTS'], /--clients-file: .*: \[0\]\.client_secret must be a non-empty string/],
  ])('%s, naming the flag, with exit code 2', async (_, args, message) => {
    writeFileSync(join(dir, 'empty'), '\n');
    writeFileSync(join(dir, 'not-json'), '[{"domain": ');
    writeFileSync(join(dir, 'not-clients'), JSON.stringify([{ domain: 'a', client_id: 'b' }]));
    const files: Record<string, string> = { EMPTY: join(dir, 'empty'), NOT_JSON: join(dir, 'not-json'), NOT_CLIENTS: join(dir, 'not-clients') };
    const r = await withEnv({}, () => extids('serve', '--port', '0', '--data-dir', join(dir, 'never'), ...args.map((a) => files[a] ?? a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('EXTIDS_EMULATOR_CLIENTS that is not a list of clients, naming the variable', async () => {
    const r = await withEnv({ EXTIDS_EMULATOR_CLIENTS: '{"client_secret": "never-printed"}' }, () => extids('serve', '--port', '0', '--data-dir', join(dir, 'never')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/EXTIDS_EMULATOR_CLIENTS: expected a JSON list of clients/);
    expect(r.stderr).not.toContain('never-printed');
  });
});

describe('extids serve --allow-host', () => {
  it('answers requests naming that host too', async () => {
    await serving(['--allow-host', 'emulator.test'], async (url) => {
      const port = new URL(url).port;
      const health = (host: string) => http(`${url}/oauth2/token`, 'POST', { host, 'content-type': 'application/json' }, '{}').then((r) => r.status);
      expect(await health(`emulator.test:${port}`)).toBe(400);
      expect(await health(`elsewhere.test:${port}`)).toBe(403);
    });
  });
});
