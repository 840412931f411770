/**
 * Requests whose bodies arrive slowly, racing others that change the same integration (issue 13,
 * item 1). The slow request's headers reach the service first (its credentials are checked and
 * the integration read), a competing request completes, then the rest of the slow body arrives.
 * The slow request must act on the integration as it is when its body is complete, never on the
 * copy read when its headers came in.
 */
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { DomainStore } from '../../src/emulator/store';
import { Harness, matchUser, tempDir, type Integration } from '../emulator/harness';

const TRIALS = 20;
const WAIT_MS = 5000;

interface RawAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The store holding the integration. */
const storeOf = (h: Harness, i: Integration): DomainStore => {
  const store = h.server.domains.stores().find((s) => s.integration(i.uuid));
  if (!store) throw new Error(`no store holds ${i.uuid}`);
  return store;
};

/**
 * Resolves once the service has read the integration's row when a request's headers arrived (the
 * credentials check), so that a competing request is sure to come after that read.
 */
const nextCredentialsRead = (store: DomainStore, uuid: string): Promise<void> => {
  const read = store.integration.bind(store);
  const spy = jest.spyOn(store, 'integration');
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      spy.mockRestore();
      reject(new Error(`the service did not read integration ${uuid} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    spy.mockImplementation((asked: string) => {
      const row = read(asked);
      if (asked === uuid) {
        clearTimeout(timer);
        spy.mockRestore();
        resolve();
      }
      return row;
    });
  });
};

/**
 * A request over a raw socket that sends its headers and the start of its body now, and the rest
 * when `finish` is called. Resolves with the answer once the service has closed the connection.
 */
const slowRequest = (h: Harness, method: string, path: string, i: Integration, body: unknown) => {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const cut = Math.floor(payload.length / 2);
  const { port } = new URL(h.url);
  const socket = connect(Number(port), '127.0.0.1');
  const head = [
    `${method} /external-ids/v1${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Authorization: Bearer ${h.token}`,
    `X-Integration-PSK: ${i.psk}`,
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload.subarray(0, cut)]));
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to the slow ${method} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const bodyText = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status, body: bodyText ? JSON.parse(bodyText) : undefined });
    });
  });
  return {
    finish: (): Promise<RawAnswer> => {
      socket.write(payload.subarray(cut));
      return answer;
    },
  };
};

/** The slow request, started and seen by the service; `finish` sends the rest of its body. */
const startSlow = async (h: Harness, method: string, path: string, i: Integration, body: unknown) => {
  const read = nextCredentialsRead(storeOf(h, i), i.uuid);
  const slow = slowRequest(h, method, path, i, body);
  await read;
  return slow;
};

describe('a request whose body arrives late', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it(`renaming an integration keeps a deactivation and new events that completed meanwhile (${TRIALS} trials)`, async () => {
    // One integration, put back between trials: creating one costs a slow hash of its PSK.
    const i = await h.createIntegration({ name: 'RACE' });
    for (let trial = 0; trial < TRIALS; trial++) {
      expect((await h.patch(i, { name: 'RACE', status: 'active', events: [] })).status).toBe(200);
      const slow = await startSlow(h, 'PATCH', `/integrations/${i.uuid}`, i, { name: `RENAMED ${trial}` });
      const fast = await h.patch(i, { status: 'inactive', events: ['platform.events.user.UserCreated'] });
      expect(fast.status).toBe(200);
      const renamed = await slow.finish();
      expect(renamed.status).toBe(200);
      const expected = { name: `RENAMED ${trial}`, status: 'inactive', events: ['platform.events.user.UserCreated'] };
      // The slow request answers the integration as it now is, and that is what stays.
      expect(renamed.body.data).toMatchObject(expected);
      const stored = await h.call('GET', `/integrations/${i.uuid}`, { integration: i });
      expect(stored.body.data).toMatchObject(expected);
    }
  });

  it('deactivating an integration keeps a rename and a change of events that completed meanwhile', async () => {
    const i = await h.createIntegration({ name: 'BEFORE', events: ['platform.events.user.UserCreated'] });
    const slow = await startSlow(h, 'PATCH', `/integrations/${i.uuid}`, i, { status: 'inactive' });
    expect((await h.patch(i, { name: 'AFTER', events: [] })).status).toBe(200);
    const deactivated = await slow.finish();
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.data).toMatchObject({ name: 'AFTER', status: 'inactive', events: [] });
    expect((await h.call('GET', `/integrations/${i.uuid}`, { integration: i })).body.data).toMatchObject({ name: 'AFTER', status: 'inactive', events: [] });
  });

  it(`a command batch completed after a deactivation is ignored and never applied (${TRIALS} trials)`, async () => {
    const i = await h.createIntegration({ name: 'CMD RACE' });
    for (let trial = 0; trial < TRIALS; trial++) {
      expect((await h.patch(i, { status: 'active' })).status).toBe(200);
      const slow = await startSlow(h, 'POST', `/integrations/${i.uuid}/commands`, i, { commands: [matchUser(trial + 1, `U${trial}`)] });
      expect((await h.patch(i, { status: 'inactive' })).status).toBe(200);
      const accepted = await slow.finish();
      expect(accepted.status).toBe(202);
      expect(accepted.body.data).toMatchObject({ status: 'ignored', accepted: 0, rejected: 0, ignored: 1 });
      expect(accepted.body.data.items).toEqual([{ index: 0, name: 'MatchUserCommand', status: 'ignored' }]);
      await h.idle();
      expect((await h.batch(i, accepted.body.data.batch_id)).status).toBe('ignored');
      expect(await h.mappings(i)).toEqual([]);
    }
  });

  it('a command batch completed after a reactivation is queued and applied', async () => {
    const i = await h.createIntegration({ name: 'REACTIVATED' });
    expect((await h.patch(i, { status: 'inactive' })).status).toBe(200);
    const slow = await startSlow(h, 'POST', `/integrations/${i.uuid}/commands`, i, { commands: [matchUser(7, 'U7')] });
    expect((await h.patch(i, { status: 'active' })).status).toBe(200);
    const accepted = await slow.finish();
    expect(accepted.status).toBe(202);
    expect(accepted.body.data).toMatchObject({ status: 'queued', accepted: 1, ignored: 0 });
    await h.idle();
    expect((await h.mappings(i)).map((m) => m.external_id)).toEqual(['U7']);
  });
});

describe('a command batch accepted before a deactivation', () => {
  it('is still applied after it: an accepted command is durable, and the client was told it is queued', async () => {
    const dir = tempDir();
    try {
      const first = await Harness.start({}, { pauseConsumer: true }, dir);
      const i = await first.createIntegration({ name: 'EARLY' });
      const sent = await first.send(i, [matchUser(1, 'U1')]);
      expect(sent.body.data).toMatchObject({ status: 'queued', accepted: 1 });
      expect((await first.patch(i, { status: 'inactive' })).status).toBe(200);
      await first.close();
      const second = await Harness.start({}, {}, dir);
      try {
        await second.idle();
        expect((await second.batch(i, sent.body.data.batch_id)).status).toBe('completed');
        expect((await second.mappings(i)).map((m) => m.external_id)).toEqual(['U1']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
