/**
 * Bounded resources (issue 13, item 7): the prepared statements a domain keeps, however varied the
 * queries; connections that idle, or drip their headers or body, are closed on time and answered
 * in the contract's shape (408 `request_timeout`), and the emulator goes on serving. Timeouts are small here (hundreds of
 * ms) and every wait is bounded.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { sortDirections, sortFields } from '../../connector/model/query';
import { resolveOptions } from '../../src/emulator/options';
import { queryMappings, queryStatements } from '../../src/emulator/query';
import { STATEMENT_CACHE_BYTES } from '../../src/emulator/statement-cache';
import { openDatabase } from '../../src/emulator/store';
import { Harness, matchUser, type Integration } from '../emulator/harness';

/** What a raw socket received until it closed (or until `limitMs`), and when it closed. */
interface Received {
  text: string;
  closedAfterMs: number | undefined;
}

const open = (h: Harness): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(h.url).port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

/** Collects what the server sends until it closes the socket, waiting at most `limitMs`. */
const untilClosed = (socket: Socket, limitMs: number, started = Date.now()): Promise<Received> =>
  new Promise((resolve) => {
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
    socket.on('error', () => undefined);
    const limit = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedAfterMs: undefined });
    }, limitMs);
    socket.once('close', () => {
      clearTimeout(limit);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
  });

/** Writes `chunks` one every `everyMs` until the socket closes or the chunks run out. */
const drip = (socket: Socket, chunks: string[], everyMs: number): void => {
  let k = 0;
  const next = setInterval(() => {
    if (socket.destroyed || k >= chunks.length) return clearInterval(next);
    socket.write(chunks[k++]);
  }, everyMs);
  socket.once('close', () => clearInterval(next));
};

const bodyOf = (response: string): unknown => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('the statement cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('stays within its byte budget after 600 distinct query shapes of up to 100 metadata filters', async () => {
    const i = await h.createIntegration({ name: 'SHAPES' });
    await h.run(i, [matchUser(1, 'U1', { metadata: { k0: 'x' } })]);
    const store = h.server.domains.get('localhost')!;
    const row = store.integration(i.uuid)!;
    const values = ['x', 1, true, null] as const;
    for (let n = 0; n < 600; n++) {
      // Distinct SQL each time: the count of filters, their operators and value types vary.
      const filters = Array.from({ length: 1 + (n % 100) }, (_, k) => ({ key: `k${k}.v`, operator: (n >> k) & 1 ? 'neq' : 'eq', value: values[(n + k) % 4] }));
      const sort = { sort_by: sortFields[n % 5], sort_direction: sortDirections[(n >> 3) & 1] };
      queryMappings(store.db, row.id, row.uuid, { metadata_filters: filters, ...sort });
      const { bytes } = queryStatements(store.db).size;
      if (bytes > STATEMENT_CACHE_BYTES) throw new Error(`after ${n + 1} shapes the cache holds an estimated ${bytes} bytes`);
    }
    const { statements, bytes } = queryStatements(store.db).size;
    expect(bytes).toBeLessThanOrEqual(STATEMENT_CACHE_BYTES);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(600);
  });

  it('keeps answering a query whose statement was evicted, with the same items', async () => {
    const i = await h.createIntegration({ name: 'EVICTED' });
    await h.run(i, [matchUser(7, 'U7', { metadata: { dept: 'A' } }), matchUser(8, 'U8', { metadata: { dept: 'B' } })]);
    const body = { metadata_filters: [{ key: 'dept', operator: 'eq', value: 'A' }] };
    const first = await h.query(i, body);
    const store = h.server.domains.get('localhost')!;
    const row = store.integration(i.uuid)!;
    // Enough large shapes to push everything else out of the budget.
    for (let n = 0; n < 120; n++) {
      queryMappings(store.db, row.id, row.uuid, { metadata_filters: Array.from({ length: 100 }, (_, k) => ({ key: `e${n}.${k}`, operator: 'eq', value: k })) });
    }
    const again = await h.query(i, body);
    expect(again.status).toBe(200);
    expect(again.body.data.items.map((m: { internal_id: number }) => m.internal_id)).toEqual([7]);
    expect(again.body.data).toEqual(first.body.data);
  });
});

describe('connection timeouts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ timeouts: { keepAliveMs: 200, headersMs: 300, requestMs: 600, idleMs: 5_000 } });
  });
  afterAll(() => h.close());

  const stillServes = async () => expect((await h.call('GET', '/health')).status).toBe(200);

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await open(h);
    socket.write(`GET /external-ids/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.token}\r\nConnection: keep-alive\r\n\r\n`);
    const received = await untilClosed(socket, 4_000);
    expect(received.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.text).toMatch(/keep-alive/i);
    // Closed by the server, well before fastify's 72 s, not before the 200 ms asked for.
    expect(received.closedAfterMs).toBeDefined();
    expect(received.closedAfterMs!).toBeGreaterThanOrEqual(150);
    expect(received.closedAfterMs!).toBeLessThan(4_000);
    await stillServes();
  });

  it('cuts a client that drips its headers with a 408 in the contract shape', async () => {
    const socket = await open(h);
    const started = Date.now();
    socket.write('GET /external-ids/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    drip(socket, Array.from({ length: 80 }, (_, k) => `X-Slow-${k}: ${k}\r\n`), 50);
    const received = await untilClosed(socket, 4_000, started);
    expect(received.closedAfterMs).toBeDefined();
    expect(received.closedAfterMs!).toBeLessThan(4_000);
    expect(received.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(received.text)).toEqual({ error: { code: 'request_timeout', message: 'the request did not arrive in time' } });
    await stillServes();
  });

  it('cuts a body that drips slower than the request timeout with a 408, and goes on serving', async () => {
    const socket = await open(h);
    const started = Date.now();
    const body = JSON.stringify({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' });
    socket.write(`POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    drip(socket, body.split(''), 60);
    const received = await untilClosed(socket, 4_000, started);
    expect(received.closedAfterMs).toBeDefined();
    expect(received.closedAfterMs!).toBeLessThan(4_000);
    expect(received.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(received.text)).toMatchObject({ error: { code: 'request_timeout' } });
    // No token was issued to the dripping client.
    expect(received.text).not.toMatch(/access_token/);
    await stillServes();
  });

  it('closes a connection that never sends a byte', async () => {
    const socket = await open(h);
    const received = await untilClosed(socket, 4_000);
    expect(received.closedAfterMs).toBeDefined();
    expect(received.closedAfterMs!).toBeLessThan(4_000);
    await stillServes();
  });

  it('refuses timeouts that cannot work, naming the option', () => {
    expect(() => resolveOptions({ timeouts: { requestMs: 0 } })).toThrow('timeouts.requestMs must be a whole number of milliseconds, at least 1');
    expect(() => resolveOptions({ timeouts: { headersMs: 2_000, requestMs: 1_000 } })).toThrow('timeouts.headersMs must not exceed timeouts.requestMs');
  });
});

/**
 * The contract's metadata equality, as plain code: the value at a dot path through objects only,
 * strictly equal to a scalar (`1` is `1.0`, `true` is not `1`, `null` is an explicit null).
 */
const metadataEquals = (metadata: unknown, path: readonly string[], value: unknown): boolean => {
  let at = metadata;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.prototype.hasOwnProperty.call(at, key)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return at === value;
};

describe('metadata filters through the index of metadata leaves', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  // Keys that quote, escape, dot, space or look like array indexes; values equal across types.
  const key = fc.constantFrom('a', 'b', 'a.b', 'x"y', 'back\\slash', 'sp ace', 'é', '0', '[0]', '$', '');
  const scalar = fc.constantFrom<string | number | boolean | null>('A', 'a', '1', '', 'x"y', 'é', 0, -0, 1, 1.5, -3, 1e21, true, false, null);
  const tree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((t) => ({
    node: fc.oneof({ depthSize: 'small', maxDepth: 3 }, scalar, fc.dictionary(key, t('node'), { maxKeys: 4 }), fc.array(t('node'), { maxLength: 2 })),
  })).node;
  const metadata = fc.dictionary(key, tree, { maxKeys: 5 });
  const filter = fc.record({ path: fc.array(key, { minLength: 1, maxLength: 3 }), operator: fc.constantFrom<'eq' | 'neq'>('eq', 'neq'), value: scalar }).filter((f) => f.path.join('.') !== '');

  it("select exactly the mappings the contract's equality selects, for any keys and values", async () => {
    // Rows written straight into the domain's database, as the consumer writes them: fast enough for many runs.
    await h.createIntegration({ name: 'PROPERTY' });
    const store = h.server.domains.get('localhost')!;
    const insert = store.db.prepare(
      "INSERT INTO mappings (integration_id, entity_type, ekey, internal_id, course_id, created_at, updated_at, change, metadata) VALUES (?, 'course', ?, ?, ?, 1, 1, 'created', ?)",
    );
    let integrationId = 10_000;
    fc.assert(
      fc.property(fc.array(fc.option(metadata, { nil: undefined }), { minLength: 1, maxLength: 8 }), fc.array(filter, { minLength: 1, maxLength: 6 }), (metadatas, filters) => {
        integrationId++;
        metadatas.forEach((m, k) => insert.run(integrationId, String(k + 1), k + 1, k + 1, m === undefined ? null : JSON.stringify(m)));
        // Paths the data holds, too: random ones mostly miss.
        const held = metadatas.flatMap((m) => (m === undefined ? [] : Object.entries(m).filter(([k, v]) => k !== '' && (v === null || typeof v !== 'object')).map(([k, v]) => ({ path: [k], operator: 'eq' as const, value: v as string | number | boolean | null }))));
        for (const f of [...filters, ...held.slice(0, 4)]) {
          const body = { metadata_filters: [{ key: f.path.join('.'), operator: f.operator, value: f.value }], page_size: 1000 };
          const page = queryMappings(store.db, integrationId, 'uuid', body);
          // A dot path cannot name a key holding a dot: the contract splits the key at every dot.
          const path = f.path.join('.').split('.');
          const expected = metadatas.flatMap((m, k) => ((m !== undefined && metadataEquals(m, path, f.value)) === (f.operator === 'eq') ? [k + 1] : []));
          expect({ filter: f, items: page.items.map((m) => m.internal_id), total: page.total_count }).toEqual({ filter: f, items: expected, total: expected.length });
        }
        // All of them at once, AND-ed, with some the data holds: sets both empty and not.
        const all = [...held.slice(0, 2), ...filters].map((f) => ({ key: f.path.join('.'), operator: f.operator, value: f.value }));
        const page = queryMappings(store.db, integrationId, 'uuid', { metadata_filters: all, page_size: 1000 });
        const expected = metadatas.flatMap((m, k) =>
          all.every((f) => (m !== undefined && metadataEquals(m, f.key.split('.'), f.value)) === (f.operator === 'eq')) ? [k + 1] : [],
        );
        expect({ filters: all, items: page.items.map((m) => m.internal_id), total: page.total_count }).toEqual({ filters: all, items: expected, total: expected.length });
      }),
      { seed: 13, numRuns: 60 },
    );
  });

  it('index the metadata of a data dir written before the index existed, when it is opened', () => {
    const file = join(h.dataDir, 'before-leaves.sqlite');
    const old = openDatabase(file);
    // As such a data dir was: no leaves table, no triggers, mappings with metadata.
    for (const trigger of ['insert', 'update', 'delete']) old.exec(`DROP TRIGGER metadata_leaves_${trigger}`);
    old.exec('DROP TABLE metadata_leaves');
    old
      .prepare("INSERT INTO mappings (integration_id, entity_type, ekey, internal_id, created_at, updated_at, change, metadata) VALUES (1, 'course', ?, ?, 1, 1, 'created', ?)")
      .run('3', 3, JSON.stringify({ dept: { code: 'D3' } }));
    old.close();
    const db = openDatabase(file);
    try {
      const body = { metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'D3' }] };
      expect(queryMappings(db, 1, 'uuid', body).items.map((m) => m.internal_id)).toEqual([3]);
    } finally {
      db.close();
    }
  });

  it('rebuild the index of a data dir written while it was a rowid table, so that filters and writes stay exact', () => {
    const file = join(h.dataDir, 'rowid-leaves.sqlite');
    const old = openDatabase(file);
    // As such a data dir was: a rowid table with an index of values and one of mappings, null the value of true, false and null.
    for (const trigger of ['insert', 'update', 'delete']) old.exec(`DROP TRIGGER metadata_leaves_${trigger}`);
    old.exec('DROP TABLE metadata_leaves');
    old.exec(`CREATE TABLE metadata_leaves (integration_id INTEGER NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL, value, mapping INTEGER NOT NULL);
      CREATE INDEX metadata_leaves_value ON metadata_leaves (integration_id, path, kind, value, mapping);
      CREATE INDEX metadata_leaves_mapping ON metadata_leaves (mapping)`);
    const insert = old.prepare("INSERT INTO mappings (integration_id, entity_type, ekey, internal_id, created_at, updated_at, change, metadata) VALUES (1, 'course', ?, ?, 1, 1, 'created', ?)");
    insert.run('3', 3, JSON.stringify({ dept: { code: 'D3' }, active: true, note: null }));
    insert.run('4', 4, JSON.stringify({ dept: { code: 'D4' }, active: false }));
    old.exec(`INSERT INTO metadata_leaves VALUES (1, '$.dept.code', 'text', 'D3', 1), (1, '$.active', 'true', NULL, 1), (1, '$.note', 'null', NULL, 1),
      (1, '$.dept.code', 'text', 'D4', 2), (1, '$.active', 'false', NULL, 2)`);
    old.close();
    const db = openDatabase(file);
    try {
      expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'metadata_leaves'").get() as { sql: string }).sql).toMatch(/WITHOUT ROWID/);
      const ids = (key: string, operator: string, value: unknown) => queryMappings(db, 1, 'uuid', { metadata_filters: [{ key, operator, value }] }).items.map((m) => m.internal_id);
      expect([ids('active', 'eq', true), ids('note', 'eq', null), ids('active', 'neq', false), ids('dept.code', 'eq', 'D4')]).toEqual([[3], [3], [3], [4]]);
      db.prepare('UPDATE mappings SET metadata = ? WHERE internal_id = 3').run(JSON.stringify({ dept: { code: 'D4' } }));
      db.prepare('DELETE FROM mappings WHERE internal_id = 4').run();
      expect([ids('active', 'eq', true), ids('note', 'eq', null), ids('dept.code', 'eq', 'D4'), ids('dept.code', 'eq', 'D3')]).toEqual([[], [], [3], []]);
      expect(db.prepare('SELECT mapping, path, kind, value FROM metadata_leaves').all()).toEqual([{ mapping: 1, path: '$.dept.code', kind: 'text', value: 'D4' }]);
    } finally {
      db.close();
    }
  });

  it('are kept by writes whose statement journals stay in memory, never a temporary file per write', () => {
    const db = openDatabase(join(h.dataDir, 'journal.sqlite'));
    try {
      // 2: MEMORY (0 is the default, a file).
      expect(db.pragma('temp_store', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it('follow the metadata a command replaces, and a mapping merged away', async () => {
    const i = await h.createIntegration({ name: 'LEAVES' });
    const byDept = async (dept: string) => (await h.mappings(i, { metadata_filters: [{ key: 'dept', operator: 'eq', value: dept }] })).map((m) => m.internal_id ?? m.mapping_id);
    await h.run(i, [{ name: 'MatchCourseCommand', internal_id: 1, external_id: 'C1', metadata: { dept: 'A' } }]);
    expect(await byDept('A')).toEqual([1]);
    await h.run(i, [{ name: 'MatchCourseCommand', internal_id: 1, external_id: 'C1', metadata: { dept: 'B' } }]);
    expect(await byDept('A')).toEqual([]);
    expect(await byDept('B')).toEqual([1]);
    // The external side waits with its metadata, then the internal side arrives for a user who has
    // a mapping of their own: the waiting record is merged into the user's and removed.
    await h.run(i, [matchUser(5, 'U5'), { name: 'MapUserCommand', mapping_id: 'five@example.com', external_id: 'E5', metadata: { dept: 'C' } }]);
    expect(await byDept('C')).toEqual(['five@example.com']);
    await h.run(i, [{ name: 'MapUserCommand', mapping_id: 'five@example.com', internal_id: 5, internal_uuid: '00000000-0000-4000-8000-000000000005' }]);
    expect(await byDept('C')).toEqual([5]);
    const leaves = h.server.domains.get('localhost')!.db.prepare('SELECT count(*) AS n FROM metadata_leaves l WHERE NOT EXISTS (SELECT 1 FROM mappings m WHERE m.id = l.mapping)').get() as { n: number };
    expect(leaves.n).toBe(0);
  });
});

describe('the query plan of every sort', () => {
  let e: Harness;
  let i: Integration;
  beforeAll(async () => {
    e = await Harness.start();
    i = await e.createIntegration({ name: 'PLAN' });
    await e.run(i, [matchUser(1, 'U1', { metadata: { dept: 'A' } }), matchUser(2, 'U2')]);
  });
  afterAll(() => e.close());

  /** The page SELECTs a query prepares, with their plans: each shape's SQL is its own, so none is cached yet. */
  const plansOf = async (body: Record<string, unknown>, counts = false): Promise<{ sql: string; plan: string }[]> => {
    const db = e.server.domains.get('localhost')!.db;
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    const spy = jest.spyOn(db, 'prepare').mockImplementation(((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare);
    try {
      expect((await e.query(i, { page_size: 1000, ...body })).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    return statements
      .filter((sql) => sql.startsWith(counts ? 'SELECT count(*)' : 'SELECT * FROM mappings'))
      .map((sql) => ({ sql, plan: (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.match(/\?/g)!, () => 1)) as { detail: string }[]).map((r) => r.detail).join('; ') }));
  };

  const index: Record<string, string> = { created_at: 'mappings_created', updated_at: 'mappings_updated', deleted_at: 'mappings_deleted', matched_at: 'mappings_matched', last_updated_at: 'mappings_last_updated' };
  const sorts = sortFields.flatMap((f) => sortDirections.map((d) => [f, d] as const));

  it('finds a small selection by ids through the key index, and sorts only it', async () => {
    for (const sort_by of sortFields) {
      for (const { plan, sql } of await plansOf({ sort_by, sort_direction: 'desc', entities: { users: { user_ids: [1, 2] } } })) {
        expect([sql, plan]).toEqual([sql, expect.stringMatching(/^SEARCH mappings USING INDEX mappings_key \(integration_id=\? AND entity_type=\? AND ekey=\?\)/)]);
      }
    }
  });

  it.each(sorts)('walks the index of %s %s, with a metadata filter too, without a sort step', async (sort_by, sort_direction) => {
    for (const filters of [{}, { metadata_filters: [{ key: 'dept', operator: 'neq', value: 'B' }] }]) {
      const plans = await plansOf({ sort_by, sort_direction, ...filters });
      expect(plans.length).toBeGreaterThan(0);
      for (const { sql, plan } of plans) {
        expect([sql, plan]).toEqual([sql, expect.stringContaining(`USING INDEX ${index[sort_by]} `)]);
        expect([sql, plan]).toEqual([sql, expect.not.stringMatching(/TEMP B-TREE FOR (LAST TERM OF )?ORDER BY/)]);
      }
    }
  });

  it('counts whole entity types under a created_at bound from an index alone, reading no mapping', async () => {
    const body = { entities: { courses: {}, course_enrollments: [] }, metadata_filters: [{ key: 'dept', operator: 'neq', value: 'B' }], created_at_from: '2026-01-01T00:00:00Z' };
    const plans = await plansOf({ sort_by: 'deleted_at', ...body }, true);
    expect(plans.length).toBeGreaterThan(0);
    for (const { sql, plan } of plans) expect([sql, plan]).toEqual([sql, expect.stringMatching(/SEARCH mappings USING COVERING INDEX mappings_type_created \(integration_id=\? AND entity_type=\? AND created_at>\?\)/)]);
  });

  it('tests metadata filters while walking a sort by looking up each row in the leaves index, without copying whole sets first', async () => {
    const metadata_filters = [
      { key: 'dept', operator: 'eq', value: 'A' },
      { key: 'dept', operator: 'neq', value: 'B' },
    ];
    for (const [sort_by, sort_direction] of sorts) {
      const plans = await plansOf({ sort_by, sort_direction, metadata_filters });
      expect(plans.length).toBeGreaterThan(0);
      for (const { sql, plan } of plans) {
        expect([sql, plan]).toEqual([sql, expect.stringContaining(`USING INDEX ${index[sort_by]} `)]);
        expect([sql, plan]).toEqual([sql, expect.not.stringContaining('LIST SUBQUERY')]);
      }
    }
  });
});
