/**
 * `extids record` against a tenant that answers otherwise than the contract: each difference is a
 * warning line naming the scenario, the operation, the status and the pointer, and a count ends
 * the recording. A tenant that keeps the contract gets no warning.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wire } from '../../connector/wire';
import { recordFixtures, type FixtureScenario } from '../../src/record';

/** A stand-in tenant on loopback: a token, and a health answer as given. */
const tenant = async (health: unknown): Promise<{ url: string; close: () => Promise<void> }> => {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body =
        req.url === wire.tokenPath
          ? { access_token: 'tenant-token-aaaaaaaaaaaaaaaa', token_type: 'Bearer', expires_in: 3600, scope: wire.scope }
          : req.url === `${wire.defaultBasePath}${wire.paths.health}`
            ? health
            : { error: { code: 'not_found', message: 'no such route' } };
      res.writeHead(body === health || req.url === wire.tokenPath ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
};

const checkHealth: FixtureScenario = { name: 'health-check', run: (client) => client.health() };

const record = async (health: unknown): Promise<{ warnings: string[]; log: string[] }> => {
  const t = await tenant(health);
  const dir = mkdtempSync(join(tmpdir(), 'extids-drift-'));
  const warnings: string[] = [];
  const log: string[] = [];
  try {
    await recordFixtures({
      fixturesDir: dir,
      connection: { domain: t.url, client_id: 'tenant-client', client_secret: 'tenant-secret' },
      scenarios: [checkHealth],
      log: (line) => log.push(line),
      warn: (line) => warnings.push(line),
    });
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { warnings, log };
};

describe('recording against a tenant', () => {
  it('warns of each answer that differs from the contract, naming the operation, status and pointer, and counts them', async () => {
    const { warnings, log } = await record({ data: { status: 'ok', domain: 'tenant.example', region: 'eu' } });
    expect(warnings).toEqual([
      'warning: health-check: GET /health 200: response body at /data/region is not in the contract',
      'warning: 1 difference from the contract (schemas/external-ids.openapi.json) in 1 of 2 recorded exchanges',
    ]);
    expect(log).toEqual([expect.stringMatching(/^recorded .*health-check\.json$/)]);
  });

  it('says nothing more when every answer keeps the contract', async () => {
    expect(await record({ data: { status: 'ok', domain: 'tenant.example' } })).toEqual({ warnings: [], log: [expect.stringMatching(/health-check\.json$/)] });
  });
});
