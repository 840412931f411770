/**
 * Running the generated connector.rb under Workato's own SDK gem (`workato exec`), against a live
 * emulator started by the test. The executable is `WORKATO_CLI` if set, else `workato` on PATH;
 * without one, the Workato-engine tests are skipped with one line.
 *
 * Every exec is asynchronous (the emulator runs in this process and must keep answering), writes
 * its inputs to temporary files, answers "no" to the gem's question about saving a refreshed
 * token, and reads its result from `--output`. Every transcript (stdout and stderr) is kept, so
 * that a test can check that no secret was ever printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { renderConnectorRb } from '../../src/compile/ruby';

/** The `workato` executable, or undefined when there is none. */
const findWorkato = (): string | undefined => {
  const given = process.env.WORKATO_CLI;
  if (given) return given;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'workato'))) return join(dir, 'workato');
  }
  return undefined;
};

export const WORKATO_CLI = findWorkato();

/**
 * Says once per jest run that the Workato-engine tests are skipped. Each test file has its own
 * modules (and jest drops the console output of a file whose tests are all skipped), so the line
 * goes straight to stderr, and a marker file named after the jest process keeps it to one (the
 * next run removes it).
 */
const warnOnce = (): void => {
  const jestProcess = process.env.JEST_WORKER_ID && process.send ? process.ppid : process.pid;
  const marker = join(tmpdir(), `extids-workato-skip-${jestProcess}`);
  // Markers of jest runs that have ended (their process is gone) go first.
  for (const f of readdirSync(tmpdir()).filter((n) => n.startsWith('extids-workato-skip-'))) {
    try {
      process.kill(Number(f.slice('extids-workato-skip-'.length)), 0);
    } catch {
      rmSync(join(tmpdir(), f), { force: true });
    }
  }
  try {
    writeFileSync(marker, '', { flag: 'wx' });
  } catch {
    return;
  }
  process.stderr.write("[test/workato] no `workato` executable (set WORKATO_CLI or put workato-connector-sdk's `workato` on PATH): skipping the Workato-engine tests\n");
};

/** `describe` for tests that need Workato's SDK gem; skipped with one line (once per run) when it is missing. */
export const describeWithWorkato = (name: string, body: () => void): void => {
  if (WORKATO_CLI) return describe(name, body);
  warnOnce();
  describe.skip(name, body);
};

let workDir: string | undefined;
const dir = (): string => (workDir ??= mkdtempSync(join(tmpdir(), 'extids-workato-')));
/** Removes the temporary files (after each test file, under jest; a script calls it itself). */
export const cleanUp = (): void => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
  connectorPath = undefined;
};
if (typeof afterAll === 'function') afterAll(cleanUp);

let connectorPath: string | undefined;
/** A freshly generated connector.rb in a temporary file: the tests do not depend on `npm run build`. */
export const generatedConnector = (): string => {
  if (!connectorPath) {
    connectorPath = join(dir(), 'connector.rb');
    writeFileSync(connectorPath, renderConnectorRb());
  }
  return connectorPath;
};

/** The connection as the settings file holds it: a flat map of strings. */
export type Settings = Record<string, string | number | boolean | undefined>;

/** YAML of a flat map of strings: each value a double-quoted (JSON) string, which YAML reads as is. */
export const settingsYaml = (settings: Settings): string =>
  Object.entries(settings)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(String(v))}`)
    .join('\n') + '\n';

export interface ExecOptions {
  connector?: string;
  settings: Settings;
  input?: unknown;
  configFields?: Record<string, unknown>;
  /** The method's arguments, one element each (written so that the gem passes an array as one argument). */
  args?: unknown[];
  continue?: Record<string, unknown>;
  /** A trigger's closure (`poll`, `poll_page`); the gem reads instants in it as times. */
  closure?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Default 60 s; the process is killed after. */
  timeoutMs?: number;
}

export interface Transcript {
  path: string;
  /** stdout and stderr, without the gem's netcdf noise. */
  text: string;
  exitCode: number | null;
  ms: number;
  /** How many times the gem refreshed the token ("Refresh token triggered on response …"). */
  refreshes: number;
}

export type ExecResult = ({ ok: unknown } | { error: string; exitCode: number | null }) & { transcript: Transcript };

/** Every exec of this test file, for the secret scan. */
export const transcripts: Transcript[] = [];

const NOISE = /^.*Type application\/netcdf is already registered.*\n?/gm;
const REFRESH_PROMPT = 'Updated settings file with new connection attributes?';
const REFRESH_NOTICE = 'Refresh token triggered on response';

/** A few execs at a time: each is a Ruby process of 1–2 s of start-up, and the machine has 2 cores. */
const MAX_CONCURRENT = 3;
let running = 0;
const waiting: (() => void)[] = [];
const slot = async (): Promise<() => void> => {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
};

let execs = 0;
/** Runs `workato exec <path>` and gives its JSON result, or its error text. */
export const workatoExec = async (path: string, options: ExecOptions): Promise<ExecResult> => {
  if (!WORKATO_CLI) throw new Error('no workato executable');
  const release = await slot();
  const here = join(dir(), `exec-${++execs}`);
  mkdirSync(here);
  try {
    const file = (name: string, content: string): string => {
      const p = join(here, name);
      writeFileSync(p, content);
      return p;
    };
    const output = join(here, 'output.json');
    const argv = ['exec', path, `--connector=${options.connector ?? generatedConnector()}`, `--settings=${file('settings.yaml', settingsYaml(options.settings))}`, `--output=${output}`];
    if (options.input !== undefined) argv.push(`--input=${file('input.json', JSON.stringify(options.input))}`);
    if (options.configFields !== undefined) argv.push(`--config-fields=${file('config_fields.json', JSON.stringify(options.configFields))}`);
    // The gem flattens the argument list once more (`Array.wrap(args).flatten(1)`): an array argument goes in one more array.
    if (options.args !== undefined) argv.push(`--args=${file('args.json', JSON.stringify(options.args.map((a) => (Array.isArray(a) ? [a] : a))))}`);
    if (options.continue !== undefined) argv.push(`--continue=${file('continue.json', JSON.stringify(options.continue))}`);
    if (options.closure !== undefined) argv.push(`--closure=${file('closure.json', JSON.stringify(options.closure))}`);

    const started = Date.now();
    const child = spawn(WORKATO_CLI, argv, { cwd: here, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.stderr.on('data', (c) => (text += c));
    // "Updated settings file with new connection attributes? (Yes or No)": no, as often as asked (an EOF would make it ask forever).
    child.stdin.on('error', () => undefined);
    child.stdin.end('no\n'.repeat(200));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    text = text.replace(NOISE, '');
    const transcript: Transcript = { path, text, exitCode, ms: Date.now() - started, refreshes: text.split(REFRESH_NOTICE).length - 1 };
    transcripts.push(transcript);
    if (timedOut) return { error: `timed out after ${options.timeoutMs ?? 60_000} ms: ${text.trim()}`, exitCode, transcript };
    if (exitCode === 0 && existsSync(output)) return { ok: JSON.parse(readFileSync(output, 'utf8')), transcript };
    return { error: text.replace(/^.*Refresh token triggered on response.*\n?/gm, '').split(REFRESH_PROMPT).join('').trim(), exitCode, transcript };
  } finally {
    release();
    rmSync(here, { recursive: true, force: true });
  }
};

/** The value of an exec that must succeed. */
export const ok = (result: ExecResult): unknown => {
  if ('error' in result) throw new Error(`expected success of workato exec ${result.transcript.path}, got (exit ${result.exitCode}): ${result.error.slice(0, 2000)}`);
  return result.ok;
};

/** The message of an exec that must fail. */
export const failure = (result: ExecResult): string => {
  if (!('error' in result)) throw new Error(`expected workato exec ${result.transcript.path} to fail, got: ${JSON.stringify(result.ok).slice(0, 300)}`);
  return result.error;
};

/** Whatever was printed that looks like a Ruby failure of the connector itself, not an error(...) line. */
export const rubyFailures = (text: string): string[] =>
  text.split('\n').filter((l) => /undefined method|undefined local variable|NoMethodError|NameError|TypeError|ArgumentError|wrong number of arguments|\.rb:\d+:in /.test(l));

/** The emulator's tokens: 32 random bytes in base64url. */
const TOKEN_LIKE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/** Secrets (and token-like strings) found in any transcript of this file. */
export const secretsPrinted = (secrets: readonly string[]): { path: string; found: string }[] => {
  const found: { path: string; found: string }[] = [];
  for (const t of transcripts) {
    for (const s of secrets) if (s && t.text.includes(s)) found.push({ path: t.path, found: s });
    for (const m of t.text.match(TOKEN_LIKE) ?? []) found.push({ path: t.path, found: `token-like ${m.slice(0, 4)}…` });
  }
  return found;
};

export interface Recorded {
  method: string;
  url: string;
  status: number;
  idempotencyKey?: string;
  /** Answered by the proxy itself (an injected fault), after forwarding or instead of it. */
  injected?: boolean;
}

export interface RecordingProxy {
  url: string;
  received: Recorded[];
  /**
   * Answer the next `count` requests matching `method path-suffix` that succeed with `status`
   * instead — after forwarding them (their effects kept: the case idempotency keys exist for).
   */
  failAfter(method: string, suffix: string, status: number, count?: number): void;
  close(): Promise<void>;
}

/** An HTTP proxy in front of the emulator that records each request and its answer, and can inject faults. */
export const recordingProxy = async (target: string): Promise<RecordingProxy> => {
  const to = new URL(target);
  const received: Recorded[] = [];
  const faults: { method: string; suffix: string; status: number; left: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const matching = faults.find((f) => f.left > 0 && f.method === req.method && path.endsWith(f.suffix));
      const forward = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          // A fault replaces only a success: the request was handled, its effects kept.
          const fault = matching && matching.left > 0 && answer.statusCode! < 300 ? matching : undefined;
          if (fault) fault.left--;
          const key = req.headers['idempotency-key'];
          received.push({ method: req.method!, url: req.url!, status: fault ? fault.status : answer.statusCode!, idempotencyKey: typeof key === 'string' ? key : undefined, injected: !!fault });
          if (fault) {
            res.writeHead(fault.status, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: 'unavailable', message: 'injected by the test proxy' } }));
            return;
          }
          res.writeHead(answer.statusCode!, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failAfter: (method, suffix, status, count = 1) => faults.push({ method, suffix, status, left: count }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** A command's errors as the fields at fault (parity is on verdicts, not wording). */
const errorFields = (errors: unknown[]): unknown => errors.map((e) => (e && typeof e === 'object' && 'field' in e ? (e as { field: unknown }).field : e)).sort();

/** Every item error whose message does not name its field. */
export const unnamedFields = (items: readonly { errors?: readonly { field: string | null; message: string }[] }[]): unknown[] =>
  items.flatMap((i) => (i.errors ?? []).filter((e) => e.field !== null && !namesField(e.message, e.field)));

/** Whether a message names its field (a command's `name` may be named as "command"). */
export const namesField = (message: string, field: string): boolean => message.includes(field.split(/[.[]/)[0]) || (field === 'name' && /command/i.test(message));

/**
 * Ids and timestamps differ between two runs; whether they are set does not. Item errors are
 * compared by the fields at fault.
 */
const VARYING = new Set(['uuid', 'psk', 'integration_id', 'batch_id', 'command_id', 'created_at', 'updated_at', 'deleted_at', 'matched_at', 'last_updated_at', 'touched_at', 'next_cursor']);
export const normalize = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, k === 'batch_ids' ? (v as unknown[]).length : k === 'errors' && Array.isArray(v) ? errorFields(v) : VARYING.has(k) ? (v === null || v === undefined ? null : 'set') : normalize(v)]),
    );
  }
  return value;
};

/** JSON as Ruby's JSON writes it: absent keys stay absent, so compare through JSON. */
export const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** What the TypeScript runtime answers, or its error message. */
export const tsRun = async (run: () => Promise<unknown>): Promise<{ ok: unknown } | { error: string }> => {
  try {
    return { ok: await run() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

/** A token of the emulator, for settings that should need no refresh at all. */
export const fetchToken = async (domain: string, clientId = 'extids-local', clientSecret = 'extids-local-secret'): Promise<string> => {
  const res = await fetch(`${domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'api' }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
};
