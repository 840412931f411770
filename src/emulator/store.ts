/**
 * One platform domain's database ("a dedicated database for the domain"): its integrations, the
 * durable command queue, idempotency keys and the mappings. Times are epoch milliseconds.
 */
import Database from 'better-sqlite3';
import { WriteClock, type WallClock } from './clock';
import type { Durability } from './options';
import type { CommandFailure } from './mappings';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS integrations (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  events TEXT NOT NULL,
  psk_salt BLOB NOT NULL,
  psk_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per accepted request. The valid commands wait here, as JSON, until the consumer has
-- applied them (applied = 1), in seq order: that is the queue, and it survives a crash.
CREATE TABLE IF NOT EXISTS batches (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id TEXT NOT NULL UNIQUE,
  integration_id INTEGER NOT NULL,
  status TEXT NOT NULL,            -- queued | completed | ignored
  total INTEGER NOT NULL,
  queued TEXT NOT NULL,            -- [[index, command], ...] of the commands to apply
  others TEXT NOT NULL,            -- the rejected and ignored items, as answered
  applied INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  applied_at INTEGER
);
CREATE INDEX IF NOT EXISTS batches_pending ON batches (seq) WHERE applied = 0;

CREATE TABLE IF NOT EXISTS failures (
  batch_seq INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  message TEXT NOT NULL,
  field TEXT,
  PRIMARY KEY (batch_seq, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS idempotency (
  integration_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  body_hash BLOB NOT NULL,
  status INTEGER NOT NULL,
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (integration_id, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS mappings (
  id INTEGER PRIMARY KEY,
  integration_id INTEGER NOT NULL,
  entity_type TEXT NOT NULL,
  ekey TEXT,                       -- the key within its type; null for an external side waiting for its user
  external_id TEXT,
  internal_id INTEGER,
  internal_uuid TEXT,
  mapping_id TEXT,
  user_id INTEGER,
  session_id INTEGER,
  course_id INTEGER,
  learning_plan_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  matched_at INTEGER,
  last_updated_at INTEGER,
  touched_at INTEGER,
  change TEXT NOT NULL,            -- what the write at updated_at did: created | matched | reset | deleted | entity_updated | updated
  metadata TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS mappings_key ON mappings (integration_id, entity_type, ekey);
CREATE INDEX IF NOT EXISTS mappings_external ON mappings (integration_id, entity_type, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS mappings_mapping_id ON mappings (integration_id, mapping_id) WHERE mapping_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mappings_user ON mappings (integration_id, user_id, entity_type) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mappings_course ON mappings (integration_id, course_id, entity_type) WHERE course_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mappings_session ON mappings (integration_id, session_id, entity_type) WHERE session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mappings_learning_plan ON mappings (integration_id, learning_plan_id, entity_type) WHERE learning_plan_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mappings_created ON mappings (integration_id, created_at, id);
-- Counts of whole entity types under a created_at bound, from the index alone (no mapping read).
CREATE INDEX IF NOT EXISTS mappings_type_created ON mappings (integration_id, entity_type, created_at);
CREATE INDEX IF NOT EXISTS mappings_updated ON mappings (integration_id, updated_at, id);
-- The other sorts and time bounds of a query: each walked in order, nulls a range of their own.
CREATE INDEX IF NOT EXISTS mappings_deleted ON mappings (integration_id, deleted_at, id);
CREATE INDEX IF NOT EXISTS mappings_matched ON mappings (integration_id, matched_at, id);
CREATE INDEX IF NOT EXISTS mappings_last_updated ON mappings (integration_id, last_updated_at, id);
CREATE INDEX IF NOT EXISTS mappings_touched ON mappings (integration_id, touched_at, id);
CREATE INDEX IF NOT EXISTS mappings_uuid ON mappings (integration_id, entity_type, lower(internal_uuid)) WHERE internal_uuid IS NOT NULL;
`;

export interface IntegrationRow {
  id: number;
  uuid: string;
  name: string;
  status: 'active' | 'inactive';
  events: string;
  psk_salt: Buffer;
  psk_hash: Buffer;
  created_at: number;
  updated_at: number;
}

export interface BatchRow {
  seq: number;
  batch_id: string;
  integration_id: number;
  status: 'queued' | 'completed' | 'ignored';
  total: number;
  queued: string;
  others: string;
  applied: number;
  /** When the batch was accepted (ms since the epoch). */
  created_at: number;
}

export interface IdempotencyRow {
  body_hash: Buffer;
  status: number;
  answer: string;
  created_at: number;
}

/**
 * A data dir from before `change`: the column added, each existing row given the change its
 * timestamps best tell (a reset cannot be told from them, and reads as updated).
 */
const addChangeColumn = (db: Database.Database): void => {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(mappings)').all();
  if (columns.some((c) => c.name === 'change')) return;
  db.transaction(() => {
    db.exec(`ALTER TABLE mappings ADD COLUMN change TEXT NOT NULL DEFAULT 'updated'`);
    db.exec(`UPDATE mappings SET change = CASE
      WHEN created_at = updated_at THEN 'created'
      WHEN matched_at = updated_at THEN 'matched'
      WHEN deleted_at = updated_at THEN 'deleted'
      WHEN last_updated_at = updated_at THEN 'entity_updated'
      ELSE 'updated' END`);
  }).immediate();
};

/**
 * The scalars of the metadata of `row` (NEW or OLD in a trigger, m in a scan of mappings), by the
 * path json_tree names them with (`$.dept.code`): text and numbers with their value, true, false
 * and null by their kind alone (value ''). Values under arrays come too, and are never asked for (a
 * filter's path goes through objects only).
 */
const leavesOf = (row: string, from: string): string => `SELECT ${row}.integration_id, t.fullkey,
  CASE WHEN t.type IN ('integer', 'real') THEN 'number' ELSE t.type END, CASE WHEN t.type IN ('integer', 'real', 'text') THEN t.atom ELSE '' END, ${row}.id
  FROM ${from} json_tree(${row}.metadata) AS t WHERE t.type NOT IN ('object', 'array')`;

/**
 * An index of the metadata: a filter looks its mappings up here instead of reading every row's
 * JSON. Triggers keep it, so that no writer of metadata can forget it. The table is its own index
 * (WITHOUT ROWID, keyed by what a filter seeks), and a mapping's leaves are removed by computing
 * them again from its old metadata, so a leaf costs one b-tree write, where a rowid table with an
 * index of values and one of mappings cost three. Its key columns may not be null: hence value ''.
 */
const METADATA_LEAVES = `
CREATE TABLE metadata_leaves (
  integration_id INTEGER NOT NULL,
  path TEXT NOT NULL,
  kind TEXT NOT NULL,              -- text | number | true | false | null
  value NOT NULL,                  -- the text or number; '' for the other kinds
  mapping INTEGER NOT NULL,
  PRIMARY KEY (integration_id, path, kind, value, mapping)
) WITHOUT ROWID;
CREATE TRIGGER metadata_leaves_insert AFTER INSERT ON mappings WHEN NEW.metadata IS NOT NULL BEGIN
  INSERT OR IGNORE INTO metadata_leaves ${leavesOf('NEW', '')};
END;
CREATE TRIGGER metadata_leaves_update AFTER UPDATE OF metadata ON mappings WHEN NEW.metadata IS NOT OLD.metadata BEGIN
  DELETE FROM metadata_leaves WHERE (integration_id, path, kind, value, mapping) IN (${leavesOf('OLD', '')});
  INSERT OR IGNORE INTO metadata_leaves ${leavesOf('NEW', '')};
END;
CREATE TRIGGER metadata_leaves_delete AFTER DELETE ON mappings WHEN OLD.metadata IS NOT NULL BEGIN
  DELETE FROM metadata_leaves WHERE (integration_id, path, kind, value, mapping) IN (${leavesOf('OLD', '')});
END;
`;

/**
 * A data dir from before the metadata index: the index created and filled from the mappings. One
 * from before it was its own index (a rowid table, value null for true, false and null): rebuilt.
 */
const addMetadataLeaves = (db: Database.Database): void => {
  const table = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'metadata_leaves'").get();
  if (table && /WITHOUT ROWID/i.test(table.sql)) return;
  db.transaction(() => {
    if (table) {
      for (const trigger of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER IF EXISTS metadata_leaves_${trigger}`);
      db.exec('DROP TABLE metadata_leaves');
    }
    db.exec(METADATA_LEAVES);
    db.exec(`INSERT OR IGNORE INTO metadata_leaves ${leavesOf('m', 'mappings AS m,')} AND m.metadata IS NOT NULL`);
  }).immediate();
};

/**
 * A data dir from before failures kept their field: the column added, and filled from the message,
 * which then always began with the field at fault (`external_id 'X' is already …`).
 */
const addFailureField = (db: Database.Database): void => {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(failures)').all();
  if (columns.some((c) => c.name === 'field')) return;
  db.transaction(() => {
    db.exec('ALTER TABLE failures ADD COLUMN field TEXT');
    db.exec(`UPDATE failures SET field = CASE
      WHEN message LIKE 'external\\_id %' ESCAPE '\\' THEN 'external_id'
      WHEN message LIKE 'mapping\\_id %' ESCAPE '\\' THEN 'mapping_id' END`);
  }).immediate();
};

export const openDatabase = (file: string, durability: Durability = 'normal'): Database.Database => {
  const db = new Database(file);
  // WAL with synchronous NORMAL: a committed transaction survives a crash of the process, which is
  // the failure the contract promises to survive, at a fraction of the cost of an fsync per commit.
  // FULL adds that fsync, for those who want commits to survive a power loss too.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability}`);
  db.pragma('foreign_keys = OFF');
  // A write to mappings fires the metadata triggers, so SQLite keeps a statement journal for it,
  // which outgrew its memory and went to a temporary file (created, written and deleted in each
  // transaction of the writer): a third of the cost of a write, measured. In memory it costs none.
  db.pragma('temp_store = MEMORY');
  db.exec(SCHEMA);
  addChangeColumn(db);
  addFailureField(db);
  addMetadataLeaves(db);
  return db;
};

/** The latest write stamp the database holds (-Infinity when empty): where its write clock resumes. */
const latestStamp = (db: Database.Database): number => {
  // One pass over each table; max() of SQL NULLs is NULL, hence the coalesce.
  const { m } = db.prepare<[], { m: number | null }>('SELECT max(coalesce(max(updated_at), -1), coalesce(max(touched_at), -1)) AS m FROM mappings').get()!;
  const { b } = db.prepare<[], { b: number | null }>('SELECT max(applied_at) AS b FROM batches').get()!;
  const t = Math.max(m ?? -1, b ?? -1);
  return t < 0 ? -Infinity : t;
};

/** What a domain's database holds that the registry also records, read without changing it. */
export const domainRecords = (db: Database.Database): { integrations: { id: number; uuid: string }[]; lastBatch: number } => {
  const tables = new Set(db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all());
  return {
    integrations: tables.has('integrations') ? db.prepare<[], { id: number; uuid: string }>('SELECT id, uuid FROM integrations ORDER BY id').all() : [],
    lastBatch: tables.has('batches') ? (db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM batches').pluck().get() ?? 0) : 0,
  };
};

export interface StoreOptions {
  durability?: Durability;
  /** Told of each integration once its row is committed (the registry records it). */
  integrationAdded?: (uuid: string) => void;
}

/** A domain's database with the statements every route needs, prepared once. */
export class DomainStore {
  readonly db: Database.Database;
  /**
   * The commands of batches accepted by this process and not yet applied, by batch seq: the
   * consumer takes them from here instead of parsing the queue's JSON again. The database copy
   * stays the durable one; after a restart the consumer reads that.
   */
  readonly unapplied = new Map<number, unknown>();
  /** The time of every write transaction on the mappings (the consumer's, an event's). */
  readonly clock: WriteClock;
  private readonly s;
  private readonly integrationAdded: ((uuid: string) => void) | undefined;

  constructor(
    readonly domain: string,
    file: string,
    wall: WallClock = Date.now,
    options: StoreOptions = {},
  ) {
    this.db = openDatabase(file, options.durability);
    const db = this.db;
    this.integrationAdded = options.integrationAdded;
    try {
      this.clock = new WriteClock(wall, latestStamp(db));
    } catch (e) {
      // A damaged file: its connection is not kept open.
      db.close();
      throw e;
    }
    this.s = {
      integration: db.prepare<[string], IntegrationRow>('SELECT * FROM integrations WHERE uuid = ?'),
      integrationById: db.prepare<[number], IntegrationRow>('SELECT * FROM integrations WHERE id = ?'),
      active: db.prepare<[], Pick<IntegrationRow, 'id' | 'events'>>("SELECT id, events FROM integrations WHERE status = 'active'"),
      addIntegration: db.prepare(
        'INSERT INTO integrations (uuid, name, status, events, psk_salt, psk_hash, created_at, updated_at) VALUES (@uuid, @name, @status, @events, @psk_salt, @psk_hash, @created_at, @updated_at)',
      ),
      updateIntegration: db.prepare('UPDATE integrations SET name = @name, status = @status, events = @events, updated_at = @updated_at WHERE id = @id'),
      addBatch: db.prepare(
        'INSERT INTO batches (batch_id, integration_id, status, total, queued, others, applied, created_at) VALUES (@batch_id, @integration_id, @status, @total, @queued, @others, @applied, @created_at)',
      ),
      batch: db.prepare<[string, number], BatchRow>('SELECT * FROM batches WHERE batch_id = ? AND integration_id = ?'),
      failures: db.prepare<[number], { idx: number } & CommandFailure>('SELECT idx, field, message FROM failures WHERE batch_seq = ?'),
      pending: db.prepare<[number], BatchRow>('SELECT * FROM batches WHERE applied = 0 ORDER BY seq LIMIT ?'),
      hasPending: db.prepare<[], { seq: number }>('SELECT seq FROM batches WHERE applied = 0 LIMIT 1'),
      lastBatch: db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM batches').pluck(),
      markApplied: db.prepare<[number, number]>("UPDATE batches SET applied = 1, status = 'completed', applied_at = ? WHERE seq = ?"),
      addFailure: db.prepare<[number, number, string | null, string]>('INSERT INTO failures (batch_seq, idx, field, message) VALUES (?, ?, ?, ?)'),
      idempotency: db.prepare<[number, string], IdempotencyRow>('SELECT body_hash, status, answer, created_at FROM idempotency WHERE integration_id = ? AND key = ?'),
      remember: db.prepare<[number, string, Buffer, number, string, number]>(
        'INSERT OR REPLACE INTO idempotency (integration_id, key, body_hash, status, answer, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      forget: db.prepare<[number]>('DELETE FROM idempotency WHERE created_at <= ?'),
    };
  }

  integration(uuid: string): IntegrationRow | undefined {
    return this.s.integration.get(uuid);
  }

  integrationById(id: number): IntegrationRow | undefined {
    return this.s.integrationById.get(id);
  }

  activeIntegrations(): Pick<IntegrationRow, 'id' | 'events'>[] {
    return this.s.active.all();
  }

  /** Outside a transaction: the registry records the integration once it is committed. */
  addIntegration(row: Omit<IntegrationRow, 'id'>): IntegrationRow {
    const { lastInsertRowid } = this.s.addIntegration.run(row);
    this.integrationAdded?.(row.uuid);
    return { ...row, id: Number(lastInsertRowid) };
  }

  updateIntegration(row: IntegrationRow): void {
    this.s.updateIntegration.run({ id: row.id, name: row.name, status: row.status, events: row.events, updated_at: row.updated_at });
  }

  addBatch(row: Omit<BatchRow, 'seq'>): number {
    return Number(this.s.addBatch.run(row).lastInsertRowid);
  }

  batch(batchId: string, integrationId: number): BatchRow | undefined {
    return this.s.batch.get(batchId, integrationId);
  }

  failures(seq: number): ({ idx: number } & CommandFailure)[] {
    return this.s.failures.all(seq);
  }

  pendingBatches(limit: number): BatchRow[] {
    return this.s.pending.all(limit);
  }

  /** The seq of the last batch accepted (0 when none): what the registry records as acknowledged. */
  lastBatchSeq(): number {
    return this.s.lastBatch.get() ?? 0;
  }

  hasPending(): boolean {
    return this.s.hasPending.get() !== undefined;
  }

  markApplied(seq: number, now: number): void {
    this.s.markApplied.run(now, seq);
  }

  addFailure(seq: number, index: number, failure: CommandFailure): void {
    this.s.addFailure.run(seq, index, failure.field, failure.message);
  }

  idempotency(integrationId: number, key: string): IdempotencyRow | undefined {
    return this.s.idempotency.get(integrationId, key);
  }

  remember(integrationId: number, key: string, bodyHash: Buffer, status: number, answer: string, now: number): void {
    this.s.remember.run(integrationId, key, bodyHash, status, answer, now);
  }

  forgetBefore(time: number): void {
    this.s.forget.run(time);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
