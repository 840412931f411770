/**
 * Damage to the emulator's databases: which SQLite errors mean a damaged file rather than a bad
 * request, and the check of a data directory at start. Every database gets SQLite's `quick_check`
 * (its structure: pages, cells, indexes; not the bytes of a stored value, which SQLite keeps no
 * checksum of); then the registry's records are held against the domain databases: each
 * integration it lists must be in its domain's database, and each domain's batches must reach the
 * last one acknowledged. A domain whose file is damaged is taken out of service alone; a directory
 * whose files disagree is refused, saying which file, what was expected, what was found and what
 * to do, before anything is written to it.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDomainFileName, REGISTRY_FILE, registryRecords, type DomainRecord } from './registry';
import { domainRecords } from './store';

/**
 * SQLite's result codes for a file that is not, or no longer, a sound database, or that cannot be
 * read or written (https://sqlite.org/rescode.html): the file is at fault, not the request.
 */
export const isDamage = (e: unknown): boolean => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || /^SQLITE_(CORRUPT|IOERR)/.test(code));
};

/** An error in a few words, for a log line: its SQLite code and message. */
export const describeFailure = (e: unknown): string => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' ? `${code}: ${message}` : message;
};

/** A damage error met in the registry, not in a domain's database: every domain depends on it. */
export class RegistryDamageError extends Error {
  readonly code: string;
  constructor(override readonly cause: unknown) {
    super(describeFailure(cause));
    this.name = 'RegistryDamageError';
    this.code = String((cause as { code?: unknown }).code);
  }
}

/** One way a data directory's files disagree or are broken. */
export interface StorageProblem {
  /** The file at fault, as named in the data directory. */
  file: string;
  expected: string;
  found: string;
  /** What to do about it. */
  remedy: string;
}

/** The data directory cannot be served as it is; nothing was written to it. */
export class DataDirDamagedError extends Error {
  readonly code = 'data_dir_damaged';
  constructor(
    readonly dataDir: string,
    readonly problems: StorageProblem[],
  ) {
    super(
      [
        `the data directory ${dataDir} is damaged, so the emulator did not start (it would have lost or contradicted what it had acknowledged):`,
        ...problems.map((p) => `  - ${p.file}: expected ${p.expected}; found ${p.found}. ${p.remedy}`),
      ].join('\n'),
    );
    this.name = 'DataDirDamagedError';
  }
}

const restore = (file: string): string => `Restore ${file} (and ${file}-wal, if there was one) from a backup, or move the data directory aside to start afresh.`;

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Uuids for a message: the first few, and how many more. */
const listed = (uuids: string[]): string => (uuids.length <= 3 ? uuids.join(', ') : `${uuids.slice(0, 3).join(', ')} and ${uuids.length - 3} more`);

/**
 * What is wrong with a database's structure, or undefined when nothing is: its size in whole
 * pages (a byte deleted or a file cut short), then `quick_check`. A file too broken to check
 * is damaged too.
 */
const structuralProblem = (db: Database.Database, file: string): string | undefined => {
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const size = statSync(file).size;
    if (size % pageSize !== 0) return `its size, ${size} bytes, is not a whole number of ${pageSize}-byte pages`;
    const verdict = db.pragma('quick_check(1)', { simple: true }) as string;
    return verdict === 'ok' ? undefined : `quick_check: ${verdict.replace(/\s+/g, ' ').trim()}`;
  } catch (e) {
    if (isDamage(e)) return describeFailure(e);
    throw e;
  }
};

/** Opens `file` read-only, checks it, and reads what `read` wants; damage instead when it is broken. */
const inspect = <T>(file: string, read: (db: Database.Database) => T): { damage: string } | { records: T } => {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    if (isDamage(e)) return { damage: describeFailure(e) };
    throw e;
  }
  try {
    const damage = structuralProblem(db, file);
    if (damage) return { damage };
    return { records: read(db) };
  } catch (e) {
    if (isDamage(e)) return { damage: describeFailure(e) };
    throw e;
  } finally {
    db.close();
  }
};

export interface Inspection {
  /** Domain database files too damaged to use, with what is wrong: their domains are out of service. */
  damaged: Map<string, string>;
  /** Integrations a domain database holds that the registry is to record: see `inspectDataDir`. */
  unregistered: { domain: string; uuid: string }[];
}

/**
 * Checks a data directory without writing to it; throws `DataDirDamagedError` naming every
 * problem when its files disagree. One integration missing from the registry is not a problem
 * when it is the newest of its domain: it is committed to the domain's database before the
 * registry records it, so a crash between the two leaves exactly that (`unregistered`, for the
 * registry to record). A registry from before integrity records gets every integration so.
 */
export const inspectDataDir = (dataDir: string): Inspection => {
  const problems: StorageProblem[] = [];
  const damaged = new Map<string, string>();
  const registryFile = join(dataDir, REGISTRY_FILE);
  const present = existsSync(registryFile) && statSync(registryFile).size > 0;
  let registry: { recordsIntegrity: boolean; domains: DomainRecord[] } = { recordsIntegrity: true, domains: [] };
  if (present) {
    const checked = inspect(registryFile, registryRecords);
    if ('damage' in checked) {
      problems.push({ file: REGISTRY_FILE, expected: 'an intact SQLite database', found: checked.damage, remedy: restore(REGISTRY_FILE) });
      throw new DataDirDamagedError(dataDir, problems);
    }
    registry = checked.records;
  }

  // What each domain database on disk holds.
  const holdings = new Map<string, ReturnType<typeof domainRecords>>();
  for (const file of readdirSync(dataDir).filter(isDomainFileName).sort()) {
    const checked = inspect(join(dataDir, file), domainRecords);
    if ('damage' in checked) damaged.set(file, checked.damage);
    else holdings.set(file, checked.records);
  }

  const listedFiles = new Set(registry.domains.map((d) => d.file));
  const unlisted = [...holdings].filter(([file, h]) => !listedFiles.has(file) && h.integrations.length > 0);
  if (registry.domains.length === 0 && unlisted.length > 0) {
    problems.push({
      file: REGISTRY_FILE,
      expected: `the registry of the domain databases here, which hold integrations (${unlisted.map(([file, h]) => `${file}: ${h.integrations.length}`).join(', ')})`,
      found: present ? 'a registry without domains' : existsSync(registryFile) ? 'an empty file' : 'no file',
      remedy: restore(REGISTRY_FILE),
    });
  } else {
    for (const [file, h] of unlisted) {
      problems.push({
        file: REGISTRY_FILE,
        expected: `${file}, which holds ${plural(h.integrations.length, 'integration')}, among its domains`,
        found: 'it is not listed',
        remedy: `${restore(REGISTRY_FILE)} If ${file} does not belong in this data directory, move it out.`,
      });
    }
  }

  const missing: { domain: string; file: string; uuids: string[]; newest: boolean }[] = [];
  for (const d of registry.domains) {
    if (damaged.has(d.file)) continue;
    const h = holdings.get(d.file);
    if (registry.recordsIntegrity) {
      // One problem per file, however many ways it falls short.
      const expected: string[] = [];
      const found: string[] = [];
      const held = new Set(h?.integrations.map((i) => i.uuid));
      const absent = d.integrations.filter((uuid) => !held.has(uuid));
      if (absent.length > 0) {
        expected.push(`the ${plural(d.integrations.length, 'integration')} ${REGISTRY_FILE} lists for domain ${d.domain} (${listed(d.integrations)})`);
        found.push(!h ? 'no file' : absent.length === d.integrations.length ? 'no integrations' : `${d.integrations.length - absent.length} of them; missing ${listed(absent)}`);
      }
      if (h && h.lastBatch < d.acknowledgedBatch) {
        expected.push(`every batch acknowledged up to #${d.acknowledgedBatch} (as ${REGISTRY_FILE} records)`);
        found.push(
          `batches up to #${h.lastBatch} only: ${plural(d.acknowledgedBatch - h.lastBatch, 'acknowledged batch')} of commands gone, as when its -wal file is truncated or deleted`,
        );
      }
      if (expected.length > 0) problems.push({ file: d.file, expected: expected.join(', and '), found: found.join(', and '), remedy: restore(d.file) });
    }
    if (h) {
      const recorded = new Set(d.integrations);
      const extra = registry.recordsIntegrity ? h.integrations.filter((i) => !recorded.has(i.uuid)) : h.integrations;
      if (extra.length > 0) missing.push({ domain: d.domain, file: d.file, uuids: extra.map((i) => i.uuid), newest: extra[extra.length - 1] === h.integrations[h.integrations.length - 1] });
    }
  }
  const unregistered = missing.flatMap((m) => m.uuids.map((uuid) => ({ domain: m.domain, uuid })));
  // What a crash between the two commits leaves: one integration, the newest of its domain.
  const interrupted = !registry.recordsIntegrity || (unregistered.length === 1 && missing[0].newest);
  if (!interrupted) {
    for (const m of missing) {
      problems.push({
        file: REGISTRY_FILE,
        expected: `every integration of domain ${m.domain} that ${m.file} holds`,
        found: `${plural(m.uuids.length, 'integration')} not listed (${listed(m.uuids)})`,
        remedy: restore(REGISTRY_FILE),
      });
    }
  }
  if (problems.length > 0) throw new DataDirDamagedError(dataDir, problems);
  return { damaged, unregistered };
};
