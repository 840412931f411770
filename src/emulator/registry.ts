/**
 * The emulator's own small database (`registry.sqlite` in the data dir): which platform domains
 * have a database, and the live access tokens. Tokens are kept only as SHA-256 hashes — they are
 * long random strings, so a fast hash is enough — and survive a restart of the emulator.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

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

export class Registry {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, 'registry.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS domains (domain TEXT PRIMARY KEY, file TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tokens (hash BLOB PRIMARY KEY, domain TEXT NOT NULL, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
    `);
    this.statements = {
      domains: this.db.prepare<[], DomainEntry>('SELECT domain, file FROM domains ORDER BY created_at'),
      domain: this.db.prepare<[string], DomainEntry>('SELECT domain, file FROM domains WHERE domain = ?'),
      addDomain: this.db.prepare<[string, string, number]>('INSERT INTO domains (domain, file, created_at) VALUES (?, ?, ?)'),
      addToken: this.db.prepare<[Buffer, string, string, number]>('INSERT INTO tokens (hash, domain, client_id, expires_at) VALUES (?, ?, ?, ?)'),
      token: this.db.prepare<[Buffer, number], { domain: string }>('SELECT domain FROM tokens WHERE hash = ? AND expires_at > ?'),
      tokenOwner: this.db.prepare<[Buffer, number], { domain: string; client_id: string }>('SELECT domain, client_id FROM tokens WHERE hash = ? AND expires_at > ?'),
      purge: this.db.prepare<[number]>('DELETE FROM tokens WHERE expires_at <= ?'),
    };
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
