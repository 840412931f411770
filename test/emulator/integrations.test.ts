import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatorFor } from '../../src/validate/ajv';
import { Harness, matchUser, sleep, UUID_A } from './harness';

describe('integrations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ clients: [{ domain: 'other.example', clientId: 'other', clientSecret: 'other-secret' }] });
  });
  afterAll(() => h.close());

  it('are created active, subscribed to nothing by default, with a uuid v4 and a 256-bit URL-safe PSK returned once', async () => {
    const r = await h.call('POST', '/integrations', { body: { name: 'SLACK' } });
    expect(r.status).toBe(201);
    const data = r.body.data;
    expect(validatorFor('created-integration.json')(data)).toBe(true);
    expect(data).toMatchObject({ name: 'SLACK', status: 'active', events: [] });
    expect(data.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(data.psk).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(Buffer.from(data.psk, 'base64url').length).toBeGreaterThanOrEqual(32);
    const got = await h.call('GET', `/integrations/${data.uuid}`, { integration: data });
    expect(got.status).toBe(200);
    expect(validatorFor('integration.json')(got.body.data)).toBe(true);
    expect(got.body.data).not.toHaveProperty('psk');
    expect(got.text).not.toContain(data.psk);
  });

  it('store the misspelled branch event under its canonical name', async () => {
    const i = await h.createIntegration({ name: 'A', events: ['platfrom.events.orgchart.UserRemovedFromBranch', 'platform.events.user.UserCreated'] });
    expect(i.events).toEqual(['platform.events.orgchart.UserRemovedFromBranch', 'platform.events.user.UserCreated']);
  });

  it.each([
    ['a missing name', {}, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name over 128 characters', { name: 'x'.repeat(129) }, 'name'],
    ['an unknown field', { name: 'A', colour: 'red' }, 'colour'],
    ['an unknown event', { name: 'A', events: ['platform.events.user.UserExploded'] }, 'events[0]'],
    ['an event listed twice', { name: 'A', events: ['platform.events.user.UserCreated', 'platform.events.user.UserCreated'] }, 'events[1]'],
    ['the alias and its canonical name together', { name: 'A', events: ['platfrom.events.orgchart.UserRemovedFromBranch', 'platform.events.orgchart.UserRemovedFromBranch'] }, 'events[1]'],
    ['events that are not a list', { name: 'A', events: 'platform.events.user.UserCreated' }, 'events'],
    ['a body that is not an object', [1, 2], 'body'],
  ])('refuse %s with invalid_request naming the path', async (_, body, path) => {
    const r = await h.call('POST', '/integrations', { body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(validatorFor('error.json')(r.body)).toBe(true);
  });

  it('refuse a form body with 415: only the token endpoint takes forms', async () => {
    const r = await h.call('POST', '/integrations', { raw: { payload: 'name=SLACK', type: 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_media_type');
  });

  it('refuse a JSON body labelled with another content type with 415, as the README promises', async () => {
    const r = await h.call('POST', '/integrations', { raw: { payload: '{"name":"PLAIN"}', type: 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_media_type');
  });

  it('refuse malformed JSON with invalid_request and no echo of the body', async () => {
    const r = await h.call('POST', '/integrations', { raw: { payload: '{"name": "secret-ish', type: 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.text).not.toContain('secret-ish');
  });

  it('are renamed, deactivated, reactivated and resubscribed with PATCH, moving updated_at', async () => {
    const i = await h.createIntegration({ name: 'B' });
    await sleep(3);
    const r = await h.patch(i, { name: 'B2', status: 'inactive', events: ['platfrom.events.orgchart.UserRemovedFromBranch'] });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ uuid: i.uuid, name: 'B2', status: 'inactive', events: ['platform.events.orgchart.UserRemovedFromBranch'], created_at: i.created_at });
    expect(r.body.data.updated_at > i.updated_at).toBe(true);
    expect(r.body.data).not.toHaveProperty('psk');
    const back = await h.patch(i, { status: 'active' });
    expect(back.body.data).toMatchObject({ name: 'B2', status: 'active' });
    expect((await h.call('GET', `/integrations/${i.uuid}`, { integration: i })).body.data).toEqual(back.body.data);
  });

  it('keep updated_at when a PATCH changes nothing', async () => {
    const i = await h.createIntegration({ name: 'C' });
    await sleep(3);
    const r = await h.patch(i, { name: 'C' });
    expect(r.body.data.updated_at).toBe(i.updated_at);
  });

  it.each([
    ['an empty PATCH', {}, 'body'],
    ['an unknown status', { status: 'paused' }, 'status'],
    ['a blank name', { name: '' }, 'name'],
    ['duplicate events after the alias', { events: ['platform.events.orgchart.UserRemovedFromBranch', 'platfrom.events.orgchart.UserRemovedFromBranch'] }, 'events[1]'],
  ])('refuse %s', async (_, body, path) => {
    const i = await h.createIntegration({ name: 'D' });
    const r = await h.patch(i, body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  describe('credentials', () => {
    it('answer an unknown uuid, a malformed uuid, a missing PSK header, a wrong PSK and another domain’s integration byte for byte the same', async () => {
      const i = await h.createIntegration({ name: 'E' });
      const otherToken = await h.tokenFor('other', 'other-secret');
      const answers = await Promise.all([
        h.call('GET', `/integrations/${UUID_A}`, { integration: { uuid: UUID_A, psk: i.psk } }),
        h.call('GET', '/integrations/not-a-uuid', { integration: { uuid: 'x', psk: i.psk } }),
        h.call('GET', `/integrations/${i.uuid}`),
        h.call('GET', `/integrations/${i.uuid}`, { integration: { uuid: i.uuid, psk: i.psk.slice(0, -1) + (i.psk.endsWith('A') ? 'B' : 'A') } }),
        h.call('GET', `/integrations/${i.uuid}`, { integration: i, token: otherToken }),
        h.call('PATCH', `/integrations/${i.uuid}`, { body: { name: 'x' }, integration: { uuid: i.uuid, psk: 'wrong' } }),
        h.call('POST', `/integrations/${i.uuid}/commands`, { body: { commands: [matchUser(1, 'X')] }, integration: { uuid: i.uuid, psk: 'wrong' } }),
        h.call('POST', `/integrations/${i.uuid}/entities/query`, { body: {}, integration: { uuid: i.uuid, psk: 'wrong' } }),
        h.call('GET', `/integrations/${i.uuid}/batches/whatever`, { integration: { uuid: i.uuid, psk: 'wrong' } }),
      ]);
      const first = answers[0];
      expect(first.status).toBe(401);
      expect(first.body.error.code).toBe('invalid_integration_credentials');
      for (const a of answers) {
        expect([a.status, a.text, a.headers['content-type'], a.headers['content-length']]).toEqual([401, first.text, first.headers['content-type'], first.headers['content-length']]);
      }
    });

    it('are checked after the token and before the body', async () => {
      const i = await h.createIntegration({ name: 'F' });
      const bad = { uuid: i.uuid, psk: 'wrong' };
      const url = `/integrations/${i.uuid}/commands`;
      expect((await h.call('POST', url, { raw: { payload: '{', type: 'application/json' }, integration: bad, token: 'nope' })).body.error.code).toBe('invalid_token');
      expect((await h.call('POST', url, { raw: { payload: '{', type: 'application/json' }, integration: bad })).body.error.code).toBe('invalid_integration_credentials');
      expect((await h.call('POST', url, { raw: { payload: '{', type: 'application/json' }, integration: i })).body.error.code).toBe('invalid_request');
    });
  });

  describe('storage', () => {
    it('creates a domain’s database with its first integration, and keeps the PSK, tokens and client secrets out of every file', async () => {
      const fresh = await Harness.start({ clientSecret: 'a-client-secret-to-find' });
      try {
        const before = readdirSync(fresh.dataDir).filter((f) => f.startsWith('domain-'));
        expect(before).toEqual([]);
        fresh.token = await fresh.tokenFor('extids-local', 'a-client-secret-to-find');
        const created = await Promise.all([1, 2, 3].map((n) => fresh.createIntegration({ name: `I${n}` })));
        await fresh.run(created[0], [matchUser(1, 'X1')]);
        const files = readdirSync(fresh.dataDir);
        expect(files.filter((f) => /^domain-.*\.sqlite$/.test(f))).toHaveLength(1);
        await fresh.server.close();
        const everything = readdirSync(fresh.dataDir).map((f) => readFileSync(join(fresh.dataDir, f)));
        for (const secret of [...created.map((c) => c.psk), fresh.token, 'a-client-secret-to-find']) {
          for (const content of everything) {
            expect(content.includes(Buffer.from(secret))).toBe(false);
            expect(content.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
          }
        }
        expect(existsSync(join(fresh.dataDir, 'registry.sqlite'))).toBe(true);
      } finally {
        await fresh.close();
      }
    });
  });
});
