/**
 * Prepared statements kept by their SQL within a byte budget, the least recently used going
 * first. Bounded by size, not count: a query's SQL grows with its filters (up to 100 metadata
 * filters), and SQLite's compiled program with it. better-sqlite3 does not tell V8 about that
 * native memory, so only a bound here keeps it from growing with the variety of queries.
 */
import type Database from 'better-sqlite3';

/**
 * What one prepared statement costs, estimated from its SQL: measured with SQLite 3.53 at about
 * 9 to 10 bytes of compiled program per character of SQL, over a base of a few KiB.
 */
export const estimatedStatementBytes = (sql: string): number => 4096 + 10 * sql.length;

/** The default budget per database: dozens of the largest queries, hundreds of the usual ones. */
export const STATEMENT_CACHE_BYTES = 4 * 1024 * 1024;

export class StatementCache {
  /** In use order, oldest first: a Map iterates in insertion order, and a hit re-inserts. */
  private readonly entries = new Map<string, { statement: Database.Statement; bytes: number }>();
  private total = 0;

  constructor(
    private readonly db: Database.Database,
    readonly budgetBytes: number = STATEMENT_CACHE_BYTES,
  ) {}

  /** The statement for `sql`, prepared once while it stays in the budget. */
  get(sql: string): Database.Statement {
    const hit = this.entries.get(sql);
    if (hit) {
      this.entries.delete(sql);
      this.entries.set(sql, hit);
      return hit.statement;
    }
    const statement = this.db.prepare(sql);
    const bytes = estimatedStatementBytes(sql);
    // Larger than the whole budget: used once and left to the garbage collector.
    if (bytes > this.budgetBytes) return statement;
    for (const [oldest, entry] of this.entries) {
      if (this.total + bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
    this.entries.set(sql, { statement, bytes });
    this.total += bytes;
    return statement;
  }

  /** How many statements are kept, and their estimated bytes. */
  get size(): { statements: number; bytes: number } {
    return { statements: this.entries.size, bytes: this.total };
  }
}
