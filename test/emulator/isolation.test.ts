import { readdirSync } from 'node:fs';
import { Harness, matchUser } from './harness';

describe('platform domains', () => {
  it('each get a database of their own, and never see each other’s integrations, mappings or events', async () => {
    const h = await Harness.start({ clients: [{ domain: 'acme.example', clientId: 'acme', clientSecret: 'acme-secret' }] });
    try {
      const acme = await h.tokenFor('acme', 'acme-secret');
      const local = await h.createIntegration({ name: 'LOCAL', events: ['platform.events.user.UserDeleted'] });
      const theirs = await h.createIntegration({ name: 'ACME', events: ['platform.events.user.UserDeleted'] }, acme);
      expect(readdirSync(h.dataDir).filter((f) => /^domain-.*\.sqlite$/.test(f)).sort()).toEqual([
        expect.stringMatching(/^domain-acme\.example-/),
        expect.stringMatching(/^domain-localhost-/),
      ]);
      await h.run(local, [matchUser(1, 'L1')]);
      h.token = acme;
      await h.run(theirs, [matchUser(1, 'A1')]);

      // Another domain's integration is unknown, with the very answer an unknown uuid gets.
      const crossed = await h.call('POST', `/integrations/${local.uuid}/entities/query`, { body: {}, integration: local, token: acme });
      const unknown = await h.call('POST', `/integrations/${local.uuid.replace(/^.{8}/, '00000000')}/entities/query`, { body: {}, integration: local, token: acme });
      expect(crossed.status).toBe(401);
      expect(crossed.text).toBe(unknown.text);

      const deleted = await h.event('platform.events.user.UserDeleted', { user_id: 1 }, undefined, acme);
      expect(deleted.body.data.delivered_to).toBe(1);
      expect((await h.mappings(theirs))[0].deleted_at).not.toBeNull();
      h.token = '';
      h.token = await h.tokenFor();
      expect((await h.mappings(local))[0]).toMatchObject({ external_id: 'L1', deleted_at: null });
    } finally {
      await h.close();
    }
  });

  it('answers events of a domain without any integration with delivered_to 0, creating no database', async () => {
    const h = await Harness.start();
    try {
      const r = await h.event('platform.events.user.UserCreated', { user_id: 1 });
      expect(r.status).toBe(202);
      expect(r.body.data.delivered_to).toBe(0);
      expect(readdirSync(h.dataDir).filter((f) => f.startsWith('domain-'))).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
