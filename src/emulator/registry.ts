/**
 * The emulator's own small database (`registry.sqlite` in the data dir): which platform domains
 * have a database, and the live access tokens. Tokens are kept only as SHA-256 hashes — they are
 * long random strings, so a fast hash is enough — and survive a restart of the emulator. It also
 * keeps what each domain's database must hold — its integrations, and the last batch acknowledged
 * — so that a start on a damaged data directory notices what went missing (integrity.ts).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Durability } from './options';

export const REGISTRY_FILE = 'registry.sqlite';

/** `user_version` of a registry that keeps integrity records; an older one (0) gets them at its first start. */
const INTEGRITY_RECORDS = 1;

export interface DomainEntry {
  domain: string;
  file: string;
}

export const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

/** A file name for a domain's database: readable, and unique even for domains that differ only in odd characters. */
export const domainFileName = (domain: string): string => {
  const readable = domain.toLowerCase().replace(/[^a-z0-9.-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(domain).digest('hex').slice(0, 10);
  return `domain-${readable}-${hash}.sqlite`;
};

/** Whether a file of the data dir is a domain's database (as `domainFileName` names them). */
export const isDomainFileName = (name: string): boolean => /^domain-.*\.sqlite$/.test(name);

/** What a registry records of one domain. */
export interface DomainRecord extends DomainEntry {
  integrations: string[];
  /** The seq of the last batch acknowledged; 0 when none. */
  acknowledgedBatch: number;
}

/** What a registry's database records, read without changing it. */
export const registryRecords = (db: Database.Database): { recordsIntegrity: boolean; domains: DomainRecord[] } => {
  const tables = new Set(db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all());
  const recordsIntegrity = (db.pragma('user_version', { simple: true }) as number) >= INTEGRITY_RECORDS && tables.has('integrations') && tables.has('acknowledged');
  if (!tables.has('domains')) return { recordsIntegrity, domains: [] };
  const domains = db.prepare<[], DomainEntry>('SELECT domain, file FROM domains ORDER BY created_at').all();
  const integrations = recordsIntegrity ? db.prepare<[string], string>('SELECT uuid FROM integrations WHERE domain = ? ORDER BY uuid').pluck() : undefined;
  const acknowledged = recordsIntegrity ? db.prepare<[string], number>('SELECT batch_seq FROM acknowledged WHERE domain = ?').pluck() : undefined;
  return {
    recordsIntegrity,
    domains: domains.map((d) => ({ ...d, integrations: integrations?.all(d.domain) ?? [], acknowledgedBatch: acknowledged?.get(d.domain) ?? 0 })),
  };
};

export class Registry {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string, durability: Durability = 'normal') {
    this.db = new Database(join(dataDir, REGISTRY_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability}`);
    const fresh = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'domains'").get() === undefined;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS domains (domain TEXT PRIMARY KEY, file TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tokens (hash BLOB PRIMARY KEY, domain TEXT NOT NULL, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS integrations (domain TEXT NOT NULL, uuid TEXT NOT NULL, PRIMARY KEY (domain, uuid)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS acknowledged (domain TEXT PRIMARY KEY, batch_seq INTEGER NOT NULL) WITHOUT ROWID;
    `);
    if (fresh) this.db.pragma(`user_version = ${INTEGRITY_RECORDS}`);
    this.statements = {
      domains: this.db.prepare<[], DomainEntry>('SELECT domain, file FROM domains ORDER BY created_at'),
      domain: this.db.prepare<[string], DomainEntry>('SELECT domain, file FROM domains WHERE domain = ?'),
      addDomain: this.db.prepare<[string, string, number]>('INSERT INTO domains (domain, file, created_at) VALUES (?, ?, ?)'),
      addToken: this.db.prepare<[Buffer, string, string, number]>('INSERT INTO tokens (hash, domain, client_id, expires_at) VALUES (?, ?, ?, ?)'),
      token: this.db.prepare<[Buffer, number], { domain: string }>('SELECT domain FROM tokens WHERE hash = ? AND expires_at > ?'),
      tokenOwner: this.db.prepare<[Buffer, number], { domain: string; client_id: string }>('SELECT domain, client_id FROM tokens WHERE hash = ? AND expires_at > ?'),
      purge: this.db.prepare<[number]>('DELETE FROM tokens WHERE expires_at <= ?'),
      recordIntegration: this.db.prepare<[string, string]>('INSERT OR IGNORE INTO integrations (domain, uuid) VALUES (?, ?)'),
      acknowledge: this.db.prepare<[string, number]>(
        'INSERT INTO acknowledged (domain, batch_seq) VALUES (?, ?) ON CONFLICT (domain) DO UPDATE SET batch_seq = max(batch_seq, excluded.batch_seq)',
      ),
    };
  }

  /** Whether it keeps integrity records; false for a registry from before them, until `startRecording`. */
  get recordsIntegrity(): boolean {
    return (this.db.pragma('user_version', { simple: true }) as number) >= INTEGRITY_RECORDS;
  }

  /** Fills in the integrity records (`fill`) and marks the registry as keeping them, in one transaction. */
  startRecording(fill: () => void): void {
    this.db.transaction(() => {
      fill();
      this.db.pragma(`user_version = ${INTEGRITY_RECORDS}`);
    })();
  }

  /** An integration the domain's database has committed. */
  recordIntegration(domain: string, uuid: string): void {
    this.statements.recordIntegration.run(domain, uuid);
  }

  /** The domain's database has committed batches up to `seq`; a lower seq changes nothing. */
  acknowledgeBatches(domain: string, seq: number): void {
    this.statements.acknowledge.run(domain, seq);
  }

  /** SQLite's `synchronous` level of its connection (1 NORMAL, 2 FULL). */
  synchronous(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  domains(): DomainEntry[] {
    return this.statements.domains.all();
  }

  domain(domain: string): DomainEntry | undefined {
    return this.statements.domain.get(domain);
  }

  addDomain(domain: string): DomainEntry {
    const entry = { domain, file: domainFileName(domain) };
    this.statements.addDomain.run(entry.domain, entry.file, Date.now());
    return entry;
  }

  addToken(token: string, domain: string, clientId: string, expiresAt: number): void {
    this.statements.purge.run(Date.now());
    this.statements.addToken.run(tokenHash(token), domain, clientId, expiresAt);
  }

  /** The domain of a live token, or undefined for an unknown or expired one. */
  tokenDomain(token: string, now = Date.now()): string | undefined {
    return this.statements.token.get(tokenHash(token), now)?.domain;
  }

  /** The domain and the client of a live token, or undefined for an unknown or expired one. */
  tokenOwner(token: string, now = Date.now()): { domain: string; clientId: string } | undefined {
    const row = this.statements.tokenOwner.get(tokenHash(token), now);
    return row && { domain: row.domain, clientId: row.client_id };
  }

  close(): void {
    this.db.close();
  }
}
