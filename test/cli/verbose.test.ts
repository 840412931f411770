/**
 * `--verbose` and `EXTIDS_DEBUG=1`: every HTTP exchange of `exec`, `poll`, `emit` and `record` on
 * stderr, one line each (method, path, status, duration; a retry's attempt and reason), with no
 * secret in any line. Through the built CLI against an emulator that fails one request on purpose.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exchangeLine, verboseWanted } from '../../src/cli/verbose';
import { secretForms } from '../../src/runtime/redact';
import type { Exchange } from '../../src/runtime/session';
import { buildCli, quote, shell, type BuiltCli } from './built-cli';
import { Harness, matchUser, type Integration } from '../emulator/harness';
import { extids } from '../support/cli';

const SECRET = 'verbose-client-secret-5d4c3b';
const PASSWORD = 'verbose-password-7e6f5a';

let cli: BuiltCli;
let harness: Harness;
let dir: string;
let connectionFile: string;
let integration: Integration;
/** Every access token the emulator issued. */
const tokens: string[] = [];
/** Fault draws so far; the draw numbered `faultAt` answers 503. */
let draws = 0;
let faultAt = 0;

beforeAll(async () => {
  cli = await buildCli();
  harness = await Harness.start(
    { clientSecret: SECRET, password: PASSWORD, faultRate: 0.5, faultKinds: ['unavailable'] },
    { random: () => (++draws === faultAt ? 0 : 0.99) },
  );
  const registry = harness.server.domains.registry;
  const addToken = registry.addToken.bind(registry);
  registry.addToken = (token, ...rest) => (tokens.push(token), addToken(token, ...rest));
  harness.token = await harness.tokenFor('extids-local', SECRET);
  integration = await harness.createIntegration({ name: 'VERBOSE' });
  dir = mkdtempSync(join(tmpdir(), 'extids-verbose-'));
  connectionFile = join(dir, 'connection.json');
  writeFileSync(
    connectionFile,
    JSON.stringify({ domain: harness.url, auth_type: 'password', client_id: 'extids-local', client_secret: SECRET, username: 'admin', password: PASSWORD }),
  );
}, 60000);
afterAll(async () => {
  await harness?.close();
  cli?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const secrets = () => [SECRET, PASSWORD, integration.psk, ...tokens];
const expectNoSecret = (text: string) => {
  for (const secret of secrets()) for (const form of secretForms(secret)) expect(text).not.toContain(form);
};
const lines = (stderr: string) => stderr.split('\n').filter((l) => l !== '');
/** The lines with their durations taken out: what two runs of the same command share. */
const timeless = (stderr: string) => lines(stderr).map((l) => l.replace(/ \d+ ms/g, ' N ms'));

const exec = (action: string, input: unknown, flags = '', env: NodeJS.ProcessEnv = {}) =>
  shell(`node ${quote(cli.file)} exec ${action} --connection ${quote(connectionFile)} --input ${quote(JSON.stringify(input))} ${flags}`, { EXTIDS_DEBUG: '', ...env });

const credentials = () => ({ integration_uuid: integration.uuid, integration_psk: integration.psk });

describe('extids exec --verbose, built', () => {
  it('prints one line per exchange on stderr, the token request first, a 503 with its retry, attempt and reason, and no secret', async () => {
    // The CLI's second request (after its token) is refused once.
    faultAt = draws + 2;
    const run = await exec('run_commands', { ...credentials(), commands: [matchUser(1, 'U-1'), matchUser(2, 'U-2')] }, '--verbose');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 2, accepted: 2 });
    const path = `/external-ids/v1/integrations/${integration.uuid}/commands`;
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^extids: POST \/oauth2\/token 200 \d+ ms$/),
      expect.stringMatching(new RegExp(`^extids: POST ${path} 503 unavailable \\d+ ms, retry 1 in 1000 ms$`)),
      expect.stringMatching(new RegExp(`^extids: POST ${path} 202 \\d+ ms \\(attempt 2\\)$`)),
    ]);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expectNoSecret(run.stderr + run.stdout);
  }, 30000);

  it('prints a refused request with the service’s error code and exits 1, no secret in any line', async () => {
    const run = await exec('update_integration', { integration_uuid: integration.uuid, integration_psk: 'wrong-psk-for-verbose', name: 'X' }, '--verbose');
    expect(run.code).toBe(1);
    const shown = lines(run.stderr);
    expect(shown[1]).toMatch(new RegExp(`^extids: PATCH /external-ids/v1/integrations/${integration.uuid} 401 invalid_integration_credentials \\d+ ms$`));
    expect(shown[2]).toMatch(/^extids: PATCH \/integrations\/\{integration_uuid\} failed with 401/);
    expectNoSecret(run.stderr);
    for (const form of secretForms('wrong-psk-for-verbose')) expect(run.stderr).not.toContain(form);
  }, 30000);

  it('prints the same lines with EXTIDS_DEBUG=1 as with --verbose, and none without either', async () => {
    const input = { ...credentials(), name: 'VERBOSE 2' };
    const flagged = await exec('update_integration', input, '--verbose');
    const debug = await exec('update_integration', input, '', { EXTIDS_DEBUG: '1' });
    const quiet = await exec('update_integration', input);
    expect([flagged.code, debug.code, quiet.code]).toEqual([0, 0, 0]);
    expect(timeless(debug.stderr)).toEqual(timeless(flagged.stderr));
    expect(timeless(flagged.stderr)).toEqual([
      'extids: POST /oauth2/token 200 N ms',
      `extids: PATCH /external-ids/v1/integrations/${integration.uuid} 200 N ms`,
    ]);
    expect(quiet.stderr).toBe('');
    expect(debug.stdout).toBe(quiet.stdout.replace(/"updated_at": "[^"]+"/, debug.stdout.match(/"updated_at": "[^"]+"/)![0]));
    expectNoSecret(flagged.stderr + debug.stderr);
  }, 30000);

  it('prints poll’s and emit’s exchanges with --verbose too', async () => {
    const poll = await shell(
      `node ${quote(cli.file)} poll mapping_changes --connection ${quote(connectionFile)} --input ${quote(JSON.stringify(credentials()))} --verbose`,
    );
    expect(poll.code).toBe(0);
    expect(timeless(poll.stderr)).toEqual(['extids: POST /oauth2/token 200 N ms', `extids: POST /external-ids/v1/integrations/${integration.uuid}/entities/query 200 N ms`]);
    const emit = await shell(`node ${quote(cli.file)} emit platform.events.user.UserDeleted --payload '{"user_id": 7}' --connection ${quote(connectionFile)} --verbose`);
    expect(emit.code).toBe(0);
    expect(timeless(emit.stderr)).toEqual(['extids: POST /oauth2/token 200 N ms', 'extids: POST /external-ids/v1/events 202 N ms']);
    expectNoSecret(poll.stderr + emit.stderr);
  }, 30000);
});

describe('extids record --verbose', () => {
  afterEach(() => delete process.env.EXTIDS_DEBUG);

  it('prints the exchanges of the scenarios it records, and EXTIDS_DEBUG=1 does the same', async () => {
    const fixtures = mkdtempSync(join(dir, 'fixtures-'));
    const recorded = await extids('record', '--only', 'integrations', '--fixtures', fixtures, '--connection', connectionFile, '--verbose');
    expect(recorded.code).toBe(0);
    expect(lines(recorded.stderr)[0]).toMatch(/^extids: POST \/oauth2\/token 200 \d+ ms$/);
    expect(recorded.stderr).toMatch(/^extids: POST \/external-ids\/v1\/integrations 201 \d+ ms$/m);
    expect(recorded.stderr).toMatch(/^extids: PATCH \/external-ids\/v1\/integrations\/[0-9a-f-]{36} 401 invalid_integration_credentials \d+ ms$/m);
    process.env.EXTIDS_DEBUG = '1';
    const debug = await extids('record', '--only', 'integrations', '--fixtures', fixtures, '--connection', connectionFile);
    expect(debug.code).toBe(0);
    expect(timeless(debug.stderr).map((l) => l.replace(/[0-9a-f-]{36}/g, 'UUID'))).toEqual(timeless(recorded.stderr).map((l) => l.replace(/[0-9a-f-]{36}/g, 'UUID')));
    expectNoSecret(recorded.stderr + debug.stderr);
  }, 30000);
});

describe('the verbose line', () => {
  const base: Exchange = {
    method: 'POST',
    path: '/external-ids/v1/integrations/u/commands',
    template: '/integrations/{integration_uuid}/commands',
    status: 202,
    durationMs: 34,
    attempt: 1,
    request: { method: 'POST', url: 'http://x/external-ids/v1/integrations/u/commands', headers: {} },
  };

  it('reads method, path, status and duration; a retry its attempt, reason and pause', () => {
    expect(exchangeLine(base)).toBe('extids: POST /external-ids/v1/integrations/u/commands 202 34 ms');
    expect(exchangeLine({ ...base, status: 429, code: 'rate_limited', retry: { method: 'POST', path: base.template, attempt: 1, delayMs: 800, reason: '429 rate_limited' } })).toBe(
      'extids: POST /external-ids/v1/integrations/u/commands 429 rate_limited 34 ms, retry 1 in 800 ms',
    );
    expect(exchangeLine({ ...base, status: 0, code: 'ECONNRESET', attempt: 2, retry: { method: 'POST', path: base.template, attempt: 2, delayMs: 5, reason: 'ECONNRESET' } })).toBe(
      'extids: POST /external-ids/v1/integrations/u/commands ECONNRESET 34 ms (attempt 2), retry 2 in 5 ms',
    );
    expect(exchangeLine({ ...base, status: 401, code: 'invalid_token', renewingToken: true })).toBe('extids: POST /external-ids/v1/integrations/u/commands 401 invalid_token 34 ms, new token');
  });

  it('is wanted with --verbose, or EXTIDS_DEBUG set to anything but empty, 0 or false', () => {
    expect(verboseWanted(true, {})).toBe(true);
    expect(verboseWanted(undefined, {})).toBe(false);
    for (const on of ['1', 'true', 'yes']) expect(verboseWanted(undefined, { EXTIDS_DEBUG: on })).toBe(true);
    for (const off of ['', '0', 'false', 'FALSE']) expect(verboseWanted(undefined, { EXTIDS_DEBUG: off })).toBe(false);
  });
});
