import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acceptedBatches } from '../support/database';
import { Harness, http, tempDir, type Integration } from './harness';

const courses = (from: number, count: number, prefix = 'C') =>
  Array.from({ length: count }, (_, n) => ({ name: 'MatchCourseCommand', internal_id: from + n, external_id: `${prefix}${from + n}` }));

const domainDb = (dataDir: string) => new Database(join(dataDir, readdirSync(dataDir).find((f) => /^domain-.*\.sqlite$/.test(f))!), { readonly: true });

describe('durability', () => {
  it('applies every accepted command exactly once after a restart, when the server stopped with commands queued', async () => {
    const first = await Harness.start({}, { pauseConsumer: true });
    const dir = first.dataDir;
    try {
      const i = await first.createIntegration({ name: 'D' });
      const accepted: string[] = [];
      for (let r = 0; r < 4; r++) accepted.push((await first.send(i, courses(r * 1000 + 1, 1000))).body.data.batch_id);
      // Order matters across requests: the first claims X, the second fails on it, then X is freed and claimed again.
      accepted.push((await first.send(i, [{ name: 'MatchCourseCommand', internal_id: 90001, external_id: 'X' }])).body.data.batch_id);
      accepted.push((await first.send(i, [{ name: 'MatchCourseCommand', internal_id: 90002, external_id: 'X' }])).body.data.batch_id);
      accepted.push((await first.send(i, [{ name: 'ResetCourseMatchCommand', internal_id: 90001 }, { name: 'MatchCourseCommand', internal_id: 90003, external_id: 'X' }])).body.data.batch_id);
      await first.server.close();

      const db = domainDb(dir);
      expect((db.prepare('SELECT count(*) AS n FROM batches WHERE applied = 0').get() as { n: number }).n).toBe(7);
      expect((db.prepare('SELECT count(*) AS n FROM mappings').get() as { n: number }).n).toBe(0);
      db.close();

      const again = await Harness.start({}, {}, dir);
      try {
        await again.idle();
        for (const id of accepted) expect((await again.batch(i, id)).status).toBe('completed');
        expect((await again.batch(i, accepted[5])).failed).toBe(1);
        expect((await again.batch(i, accepted[6])).processed).toBe(2);
        const page = await again.query(i, { page_size: 1 });
        expect(page.body.data.total_count).toBe(4002);
        expect((await again.mappings(i, { entities: { courses: { course_ids: [90001, 90002, 90003] } } })).map((m) => [m.internal_id, m.external_id])).toEqual([
          [90001, null],
          [90003, 'X'],
        ]);
        await again.server.close();
        const after = domainDb(dir);
        expect((after.prepare('SELECT count(*) AS n FROM failures').get() as { n: number }).n).toBe(1);
        expect((after.prepare('SELECT count(*) AS n FROM batches WHERE applied = 0').get() as { n: number }).n).toBe(0);
        after.close();
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loses no accepted command when the process is killed while applying them', async () => {
    const dir = tempDir();
    // Node itself runs the emulator (tsx as a loader, not its CLI), so that SIGKILL hits the emulator's own process.
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-child.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', () => reject(new Error('the emulator exited')));
      });
      const json = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
        const r = await http(url + path, method, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
        return JSON.parse(r.text);
      };
      const token = (await json('POST', '/oauth2/token', { grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' })).access_token;
      const auth = { authorization: `Bearer ${token}` };
      const i: Integration = (await json('POST', '/external-ids/v1/integrations', { name: 'CRASH' }, auth)).data;
      for (let r = 0; r < 8; r++) {
        const a = await json('POST', `/external-ids/v1/integrations/${i.uuid}/commands`, { commands: courses(r * 1000 + 1, 1000) }, { ...auth, 'x-integration-psk': i.psk });
        expect(a.data.accepted).toBe(1000);
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const again = await Harness.start({}, {}, dir);
      try {
        await again.idle();
        const r = await again.query(i, { page_size: 1 });
        expect(r.body.data.total_count).toBe(8000);
        // Exactly once: the eight accepted batches, each marked applied in the transaction of its effects.
        expect(acceptedBatches(dir, i.uuid)).toEqual({ batches: 8, commands: 8000, unapplied: 0 });
      } finally {
        await again.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      child.stdout!.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps serving and applying while commands are accepted, and closes cleanly in the middle', async () => {
    const first = await Harness.start();
    const dir = first.dataDir;
    try {
      const i = await first.createIntegration({ name: 'MID' });
      await Promise.all(Array.from({ length: 6 }, (_, r) => first.send(i, courses(r * 1000 + 1, 1000))));
      await first.server.close();
      const again = await Harness.start({}, {}, dir);
      try {
        await again.idle();
        expect((await again.query(i, { page_size: 1 })).body.data.total_count).toBe(6000);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
