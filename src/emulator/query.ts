/**
 * `POST …/entities/query` (docs/contract.md §7): entity selection, metadata filters, time windows,
 * sorting with nulls last and a stable tie-break, pages — numbered, or after a cursor (keyset
 * paging, docs/contract-extensions.md).
 */
import type Database from 'better-sqlite3';
import type { EntityType } from '../../connector/commands';
import { mappingTimestamps, type MappingTimestamp } from '../../connector/model/mapping';
import { entitySelectionNames, entitySelectionTargets, queryRequestProperties, sortDirections, sortFields } from '../../connector/model/query';
import type { ErrorDetail } from '../errors';
import { enrollmentKey, type MappingRow } from './mappings';
import { checkBody } from './problems';
import { StatementCache } from './statement-cache';
import { instantMs } from '../values/instant';
import { iso, isoOrNull } from './time';
import type { QueryRequest } from '../types/generated';

type SortBy = (typeof sortFields)[number];
type Direction = (typeof sortDirections)[number];

interface Sql {
  where: string[];
  params: unknown[];
  /** The first `eq` metadata filter's term: where its mappings are found fastest, in the leaves index. */
  leaves?: number;
  /**
   * Whether a term narrows the selection through an index of its own that walking the sort's index
   * could only test by reading each row (id lists, a time bound on another column than the
   * sort's): only then can sorting a small selection beat the walk. A metadata filter is tested
   * from the walked index alone (the row id is in it), measured twice as fast as sorting its set.
   */
  narrowed?: boolean;
  /** The metadata filters, each a set of mappings in the leaves index: `eq` ones in it, `neq` ones not. */
  metadata: { operator: 'eq' | 'neq'; params: unknown[] }[];
  /**
   * The metadata terms (by place in `where`) as a probe of the leaves index for the row at hand:
   * how a walk tests them. As `IN` lists SQLite would first copy each whole set (tens of thousands
   * of mappings) for every statement, where a page's walk tests a few thousand rows.
   */
  probes: Map<number, string>;
}

type IdList = { column: 'internal_id' | 'lower(internal_uuid)' | 'ekey'; values: unknown[] };

/**
 * One id list as SQL. The internal id of a user, course, session or learning plan is also its key
 * (`ekey` is its decimal text, docs/contract-extensions.md): looked up through the key index, with
 * the id itself still compared, where a scan of every mapping of the type would test each one.
 */
const listWhere = (sql: Sql, l: IdList): string => {
  // One parameter per list, however long: SQLite caps the number of parameters of a statement.
  const within = (column: string, values: unknown[]) => (sql.params.push(JSON.stringify(values)), `${column} IN (SELECT value FROM json_each(?))`);
  // Stated, so that SQLite may use the partial index of uuids.
  if (l.column === 'lower(internal_uuid)') return `(internal_uuid IS NOT NULL AND ${within(l.column, l.values)})`;
  if (l.column !== 'internal_id') return within(l.column, l.values);
  return `(${within('ekey', l.values.map(String))} AND ${within('internal_id', l.values)})`;
};

/** One entity type's share of the selection: all of the type, or its ids OR-ed. */
const selectType = (sql: Sql, type: EntityType, lists: IdList[]): string => {
  const given = lists.filter((l) => l.values.length > 0);
  sql.params.push(type);
  if (given.length === 0) return '(entity_type = ?)';
  sql.narrowed = true;
  return `(entity_type = ? AND (${given.map((l) => listWhere(sql, l)).join(' OR ')}))`;
};

/** An id list of a selection, as SQL matches it: a user's UUIDs in lower case, against the partial index of uuids. */
const idList = (target: 'internal_id' | 'internal_uuid', values: unknown[] = []): IdList =>
  target === 'internal_uuid' ? { column: 'lower(internal_uuid)', values: values.map((u) => String(u).toLowerCase()) } : { column: 'internal_id', values };

/** The entity selections of the request, each as its declaration says (connector/model/query.ts). */
const entityWhere = (sql: Sql, entities: QueryRequest['entities']): void => {
  if (!entities || Object.keys(entities).length === 0) return;
  const parts: string[] = [];
  for (const name of entitySelectionNames) {
    const selection = entities[name];
    if (selection === undefined) continue;
    const target: { entityType: EntityType; pairedWith?: string; lists?: Record<string, 'internal_id' | 'internal_uuid'> } = entitySelectionTargets[name];
    const lists =
      target.pairedWith !== undefined
        ? [{ column: 'ekey' as const, values: (selection as Record<string, number>[]).map((p) => enrollmentKey(p.user_id, p[target.pairedWith!])) }]
        : Object.entries(target.lists!).map(([list, matched]) => idList(matched, (selection as Record<string, unknown[] | undefined>)[list]));
    parts.push(selectType(sql, target.entityType, lists));
  }
  sql.where.push(`(${parts.join(' OR ')})`);
};

/**
 * Where SQLite's `json_tree` puts the value at a dot path (`$.dept.code`, `$."a b".c`): asked of
 * SQLite itself, from an object holding only that path, written by JSON.stringify as stored
 * metadata is, so that the filter and the index (`metadata_leaves`) spell every key alike.
 */
const leafPath = (db: Database.Database, path: readonly string[]): string => {
  const probe = JSON.stringify(path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), 0));
  return (prepared(db, "SELECT fullkey FROM json_tree(?) WHERE type = 'integer'").get(probe) as { fullkey: string }).fullkey;
};

/** A scalar as the leaves index holds it: its JSON kind (numbers one kind: 1 is 1.0), and its value ('' for true, false and null). */
const leafOf = (value: string | number | boolean | null): [kind: string, value: string | number] =>
  value === null || typeof value === 'boolean' ? [String(value), ''] : [typeof value === 'number' ? 'number' : 'text', value];

/**
 * `eq`: strict JSON equality of the value at a dot path with a scalar — `1` equals `1.0`, `true`
 * is not `1`, `null` matches an explicit null and not a missing key; the path goes through objects
 * only. `neq` is its negation (a mapping without the key matches). Looked up in the index of
 * metadata leaves (store.ts keeps it), not by reading each row's JSON: a scan of 100,000 mappings'
 * metadata costs ten times a page.
 */
const LEAF_SET = 'SELECT mapping FROM metadata_leaves WHERE integration_id = ? AND path = ? AND kind = ? AND value = ?';

const metadataWhere = (db: Database.Database, sql: Sql, integrationId: number, path: string[], operator: 'eq' | 'neq', value: string | number | boolean | null): void => {
  if (operator === 'eq') sql.leaves ??= sql.where.length;
  const params = [integrationId, leafPath(db, path), ...leafOf(value)];
  sql.probes.set(sql.where.length, `${operator === 'eq' ? '' : 'NOT '}EXISTS (${LEAF_SET} AND mapping = mappings.id)`);
  sql.where.push(`id ${operator === 'eq' ? 'IN' : 'NOT IN'} (${LEAF_SET})`);
  sql.params.push(...params);
  sql.metadata.push({ operator, params });
};

const boundsWhere = (sql: Sql, request: QueryRequest, sortBy: SortBy, problems: ErrorDetail[]): void => {
  for (const t of mappingTimestamps) {
    for (const [suffix, op] of [['_from', '>='], ['_to', '<']] as const) {
      const text = request[`${t}${suffix}`];
      if (typeof text !== 'string') continue;
      const ms = instantMs(text);
      if (ms === undefined) {
        problems.push({ path: `${t}${suffix}`, message: `${t}${suffix} must be an ISO 8601 date-time with an offset` });
        continue;
      }
      // A null timestamp never satisfies a comparison in SQL, which is the rule.
      sql.where.push(`${t} ${op} ?`);
      if (t !== sortBy) sql.narrowed = true;
      sql.params.push(ms);
    }
  }
};

export const mappingJson = (row: MappingRow, integrationUuid: string) => ({
  entity_type: row.entity_type,
  integration_id: integrationUuid,
  external_id: row.external_id,
  internal_id: row.internal_id,
  internal_uuid: row.internal_uuid,
  mapping_id: row.mapping_id,
  user_id: row.user_id,
  session_id: row.session_id,
  course_id: row.course_id,
  learning_plan_id: row.learning_plan_id,
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
  deleted_at: isoOrNull(row.deleted_at),
  matched_at: isoOrNull(row.matched_at),
  last_updated_at: isoOrNull(row.last_updated_at),
  touched_at: isoOrNull(row.touched_at),
  change: row.change,
  metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
});

const statementCaches = new WeakMap<Database.Database, StatementCache>();
/** The query statements kept for a database (one per domain), within their byte budget. */
export const queryStatements = (db: Database.Database): StatementCache => {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new StatementCache(db)));
  return cache;
};
const prepared = (db: Database.Database, sql: string): Database.Statement => queryStatements(db).get(sql);

const notNull = new Set<SortBy>(['created_at', 'updated_at']);

/** A position in one sort order: the sort value of a row (ms, or null in the nulls' tail) and its id. */
interface Position {
  sortBy: SortBy;
  direction: Direction;
  value: number | null;
  id: number;
}

/** A cursor: base64url of `[sort_by, direction, value, id]`, opaque to clients. */
export const encodeCursor = (p: Position): string => Buffer.from(JSON.stringify([p.sortBy, p.direction, p.value, p.id])).toString('base64url');

/** The position a cursor names, or undefined when it is not one this service wrote. */
export const decodeCursor = (cursor: string): Position | undefined => {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
  const [sortBy, direction, value, id] = parsed as unknown[];
  if (!sortFields.includes(sortBy as SortBy) || !sortDirections.includes(direction as Direction)) return undefined;
  if (!(value === null ? !notNull.has(sortBy as SortBy) : Number.isSafeInteger(value))) return undefined;
  if (!(Number.isSafeInteger(id) && (id as number) > 0)) return undefined;
  return { sortBy: sortBy as SortBy, direction: direction as Direction, value: value as number | null, id: id as number };
};

/** The problems of `after` (and of `page` beside it) against the sort of the request. */
const cursorProblems = (request: QueryRequest, sortBy: SortBy, direction: Direction, problems: ErrorDetail[]): Position | undefined => {
  if (request.after === undefined) return undefined;
  if (request.page !== undefined) problems.push({ path: 'page', message: 'page: with after, pages count from the cursor: leave page out' });
  const at = decodeCursor(request.after);
  if (!at) {
    problems.push({ path: 'after', message: 'after: not a cursor this service gave out; send a next_cursor back unchanged' });
    return undefined;
  }
  if (at.sortBy !== sortBy || at.direction !== direction) {
    problems.push({ path: 'after', message: `after: this cursor was made for sort_by ${at.sortBy} ${at.direction}, not ${sortBy} ${direction}` });
    return undefined;
  }
  return at;
};

/**
 * The rows of a sort as consecutive segments of its order, each one an index walk with no sort
 * step: the non-null values, then the nulls (nulls last in both directions); after a position,
 * the rest of its tie (same value, the row id beyond it), then the values beyond it, then the
 * nulls. Plain range conditions rather than one row-value, OR or NULLS LAST: SQLite seeks an
 * index on (integration_id, column, id) straight to each, where it would sort the whole selection,
 * or scan a whole tie (thousands of rows after a ResetAll) to find the position.
 */
const orderSegments = (sql: Sql, sortBy: SortBy, direction: Direction, at: Position | undefined): Sql[] => {
  const beyond = direction === 'asc' ? '>' : '<';
  const segment = (where: string, ...params: unknown[]): Sql => ({ ...sql, where: [...sql.where, where], params: [...sql.params, ...params] });
  const nulls = notNull.has(sortBy) ? [] : [segment(`${sortBy} IS NULL`)];
  if (!at) return nulls.length ? [segment(`${sortBy} IS NOT NULL`), ...nulls] : [sql];
  if (at.value === null) return [segment(`${sortBy} IS NULL AND id ${beyond} ?`, at.id)];
  // A comparison with null is never true: the values beyond exclude the nulls.
  return [segment(`${sortBy} = ? AND id ${beyond} ?`, at.value, at.id), segment(`${sortBy} ${beyond} ?`, at.value), ...nulls];
};

/**
 * The WHERE of a statement, with only the terms `indexed` picks left for SQLite to seek an index
 * with; the others are only tested (`+(…)` hides a term from the planner). Without statistics
 * SQLite takes `integration_id = ?` for a handful of rows, where it may be all of them: it would
 * walk that index and test every row, or sort a whole selection to find a page.
 */
const whereOf = (g: Sql, indexed: (term: number) => boolean, probe = false): string =>
  g.where.map((t, k) => (indexed(k) ? t : `+(${(probe && g.probes.get(k)) || t})`)).join(' AND ');

/** The terms SQLite may choose among: an `eq` metadata filter alone when there is one (its mappings are listed in an index), else any. */
const chosen = (g: Sql) => (g.leaves === undefined ? () => true : (k: number) => k === g.leaves);

/**
 * Up to this many selected mappings are sorted to find a page; beyond, walking the sort's index
 * and testing each row meets a page within a few times its size.
 */
const SORT_LIMIT = 10_000;

/** `body` has been checked against the operation's request schema by its route; what no schema can see is checked here. */
/**
 * The count of a selection by metadata filters alone, in the leaves index without reading a
 * mapping: the `eq` sets intersected, less the `neq` ones; with no `eq`, the integration's count
 * less their union. Undefined when other terms select too.
 */
const metadataCount = (db: Database.Database, sql: Sql): number | undefined => {
  if (sql.metadata.length === 0 || sql.where.length !== 1 + sql.metadata.length) return undefined;
  const eq = sql.metadata.filter((m) => m.operator === 'eq');
  const neq = sql.metadata.filter((m) => m.operator === 'neq');
  const n = (text: string, params: unknown[]) => (prepared(db, text).get(...params) as { n: number }).n;
  if (eq.length) {
    const sets = [eq.map(() => LEAF_SET).join(' INTERSECT '), ...neq.map(() => LEAF_SET)].join(' EXCEPT ');
    return n(`SELECT count(*) AS n FROM (${sets})`, [...eq, ...neq].flatMap((m) => m.params));
  }
  const all = n('SELECT count(*) AS n FROM mappings WHERE integration_id = ?', sql.params.slice(0, 1));
  return all - n(`SELECT count(*) AS n FROM (${neq.map(() => LEAF_SET).join(' UNION ')})`, neq.flatMap((m) => m.params));
};

export const queryMappings = (db: Database.Database, integrationId: number, integrationUuid: string, body: unknown) => {
  const request = body as QueryRequest;
  const sql: Sql = { where: ['integration_id = ?'], params: [integrationId], metadata: [], probes: new Map() };
  entityWhere(sql, request.entities);
  const problems: ErrorDetail[] = [];
  // SQLite ends a string at NUL: such a key would name another path, or fail the statement (refused
  // below, before any statement runs).
  (request.metadata_filters ?? []).forEach((f, k) => {
    if (f.key.includes('\u0000')) problems.push({ path: `metadata_filters[${k}].key`, message: `metadata_filters[${k}].key must not hold the NUL character` });
  });
  const sortBy: SortBy = request.sort_by ?? queryRequestProperties.sort_by.default;
  boundsWhere(sql, request, sortBy, problems);
  const direction: Direction = request.sort_direction ?? queryRequestProperties.sort_direction.default;
  const after = cursorProblems(request, sortBy, direction, problems);
  if (problems.length) checkBody('query-request.json', request, (d) => [...d, ...problems]);
  for (const f of request.metadata_filters ?? []) metadataWhere(db, sql, integrationId, f.key.split('.'), f.operator, f.value);

  // With after, pages count from the cursor: the request is always for the first of them.
  const page = request.page ?? queryRequestProperties.page.default;
  const pageSize = request.page_size ?? queryRequestProperties.page_size.default;
  // The row id breaks ties, so pages neither repeat nor skip.
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  const segments = orderSegments(sql, sortBy, direction, after);
  const count = (g: Sql): number => (prepared(db, `SELECT count(*) AS n FROM mappings WHERE ${whereOf(g, chosen(g))}`).get(...g.params) as { n: number }).n;
  // Each segment is counted only when needed: after a cursor (what follows it is the total), or to
  // skip whole segments on the way to a numbered page.
  const counts: (number | undefined)[] = after ? segments.map(count) : [];
  const total = after ? counts.reduce<number>((a, b) => a + b!, 0) : (metadataCount(db, sql) ?? count(sql));
  const rows: MappingRow[] = [];
  let skip = (page - 1) * pageSize;
  for (let k = 0; k < segments.length && rows.length < pageSize && skip < total; k++) {
    const g = segments[k];
    if (skip > 0) {
      const n = (counts[k] ??= count(g));
      if (skip >= n) {
        skip -= n;
        continue;
      }
    }
    // A small selection is found through its filters and sorted; a large one read in the order's index.
    const walk = !sql.narrowed || total > SORT_LIMIT;
    const order = walk ? `${sortBy} ${dir}, id ${dir}` : `+${sortBy} ${dir}, +id ${dir}`;
    const where = whereOf(g, walk ? (k) => k === 0 || k >= sql.where.length : (k) => k < sql.where.length && chosen(g)(k), walk);
    rows.push(...(prepared(db, `SELECT * FROM mappings WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...g.params, pageSize - rows.length, skip) as MappingRow[]));
    skip = 0;
  }
  const totalPages = Math.ceil(total / pageSize);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => mappingJson(r, integrationUuid)),
    current_page: page,
    page_size: pageSize,
    total_count: total,
    total_page_count: totalPages,
    has_more_data: page < totalPages,
    next_cursor: last ? encodeCursor({ sortBy, direction, value: last[sortBy], id: last.id }) : (request.after ?? null),
  };
};
