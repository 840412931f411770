/**
 * `extids exec <action> --dry-run`, built: the input checked and the requests printed as JSON,
 * sending nothing; those requests are the ones a real run sends (seen by the session's observer).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connector } from '../../src/runtime/connector';
import { createClient } from '../../src/runtime/client';
import { secretForms } from '../../src/runtime/redact';
import type { Exchange } from '../../src/runtime/session';
import { cliAgainstEmulator, quote, shell } from './built-cli';
import { matchUser } from '../emulator/harness';
import { startScriptedServer } from '../support/scripted-server';

const bench = cliAgainstEmulator('extids-dry-run-');
let integration: { uuid: string; psk: string };
beforeAll(async () => {
  integration = await createClient(bench.emulator.connection).createIntegration({ name: 'DRY CLI' });
});

const credentials = () => ({ integration_uuid: integration.uuid, integration_psk: integration.psk });
let inputs = 0;
/** The input goes as a file: a thousand commands are too long for a command line. */
const exec = (action: string, connection: string, input: unknown, flags = '') => {
  const file = join(bench.dir, `input-${++inputs}.json`);
  writeFileSync(file, JSON.stringify(input));
  return shell(`node ${quote(bench.cli.file)} exec ${action} --connection ${quote(connection)} --input ${quote(file)} ${flags}`);
};

describe('extids exec --dry-run, built', () => {
  it('prints every chunk of Run commands with its Idempotency-Key, the requests a real run with the same --execution-id sends', async () => {
    const commands = Array.from({ length: 1200 }, (_, i) => matchUser(i + 1, `CLI-${i + 1}`));
    const input = { ...credentials(), commands, wait_for_processing: true };
    const dry = await exec('run_commands', bench.connectionFile, input, '--dry-run --execution-id cli-dry-1');
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    const printed = JSON.parse(dry.stdout);
    expect(printed).toMatchObject({ dry_run: true, action: 'run_commands', execution_id: 'cli-dry-1' });
    expect(printed.requests.map((r: { body: { commands: unknown[] } }) => r.body.commands.length)).toEqual([1000, 200]);
    expect(printed.notes).toContainEqual(expect.stringMatching(/^wait_for_processing: waiting is skipped/));
    const exchanges: Exchange[] = [];
    await connector.actions.run_commands.execute(bench.emulator.connection, { ...input, wait_for_processing: false } as never, {
      executionId: 'cli-dry-1',
      session: { onExchange: (e) => exchanges.push(e) },
    });
    expect(printed.requests).toEqual(exchanges.filter((e) => e.template !== '/oauth2/token').map((e) => e.request));
    for (const secret of [integration.psk, bench.emulator.connection.client_secret]) for (const form of secretForms(secret)) expect(dry.stdout).not.toContain(form);
  }, 30000);

  it('works with an unreachable domain and sends nothing, not even a token request', async () => {
    const server = await startScriptedServer();
    try {
      const listening = join(bench.dir, 'listening.json');
      const unreachable = join(bench.dir, 'unreachable.json');
      writeFileSync(listening, JSON.stringify({ domain: server.url, client_id: 'cid', client_secret: 'dry-secret-0123' }));
      writeFileSync(unreachable, JSON.stringify({ domain: 'acme.unreachable.invalid', client_id: 'cid', client_secret: 'dry-secret-0123' }));
      const sent = await exec('update_integration', listening, { ...credentials(), name: 'X' }, '--dry-run');
      expect([sent.code, sent.stderr]).toEqual([0, '']);
      expect(server.received).toEqual([]);
      const far = await exec('query_entities', unreachable, { ...credentials(), fetch_all_pages: true }, '--dry-run');
      expect([far.code, far.stderr]).toEqual([0, '']);
      const printed = JSON.parse(far.stdout);
      expect(printed.requests).toEqual([
        {
          method: 'POST',
          url: `https://acme.unreachable.invalid/external-ids/v1/integrations/${integration.uuid}/entities/query`,
          headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: 'Bearer [redacted]', 'X-Integration-PSK': '[redacted]' },
          body: { page: 1 },
        },
      ]);
      expect(printed.notes).toContainEqual(expect.stringMatching(/^fetch_all_pages: only the first page's request is shown/));
      expect(sent.stdout + far.stdout).not.toContain('dry-secret-0123');
    } finally {
      await server.close();
    }
  }, 30000);

  it('refuses an invalid input with exit 1 as a real run does, and writes --output with mode 0600', async () => {
    const bad = await exec('create_integration', bench.connectionFile, { nmae: 'X' }, '--dry-run');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^extids: invalid input for create_integration/);
    expect(bad.stdout).toBe('');
    const file = join(bench.dir, 'dry.json');
    const written = await exec('create_integration', bench.connectionFile, { name: 'DRY OUT' }, `--dry-run --output ${quote(file)}`);
    expect(written.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).requests).toEqual([expect.objectContaining({ method: 'POST', body: { name: 'DRY OUT' } })]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 30000);
});
