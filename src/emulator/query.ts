/**
 * `POST …/entities/query` (http-contract.md §7): entity selection, metadata filters, time windows,
 * sorting with nulls last and a stable tie-break, pages — numbered, or after a cursor (keyset
 * paging, docs/contract-extensions.md).
 */
import type Database from 'better-sqlite3';
import type { EntityType } from '../../connector/commands';
import { mappingTimestamps, type MappingTimestamp } from '../../connector/model/mapping';
import { sortDirections, sortFields } from '../../connector/model/query';
import type { ErrorDetail } from '../errors';
import { enrollmentKey, type MappingRow } from './mappings';
import { checkBody } from './problems';
import { StatementCache } from './statement-cache';
import { instantMs } from '../values/instant';
import { iso, isoOrNull } from './time';

type Ids = number[] | undefined;
type Pairs<K extends string> = ({ user_id: number } & Record<K, number>)[] | undefined;

interface QueryRequest {
  entities?: {
    users?: { user_ids?: Ids; user_uuids?: string[] };
    courses?: { course_ids?: Ids };
    course_enrollments?: Pairs<'course_id'>;
    sessions?: { session_ids?: Ids };
    events?: { event_ids?: Ids };
    session_enrollments?: Pairs<'session_id'>;
    learning_plans?: { learning_plan_ids?: Ids };
    learning_plan_enrollments?: Pairs<'learning_plan_id'>;
  };
  metadata_filters?: { key: string; operator: 'eq' | 'neq'; value: string | number | boolean | null }[];
  sort_by?: Exclude<MappingTimestamp, 'touched_at'>;
  sort_direction?: 'asc' | 'desc';
  page?: number;
  page_size?: number;
  after?: string;
  [bound: string]: unknown;
}

type SortBy = (typeof sortFields)[number];
type Direction = (typeof sortDirections)[number];

interface Sql {
  where: string[];
  params: unknown[];
}

/** One entity type's share of the selection: all of the type, or its ids OR-ed. */
const selectType = (sql: Sql, type: EntityType, lists: { column: 'internal_id' | 'lower(internal_uuid)' | 'ekey'; values: unknown[] }[]): string => {
  const given = lists.filter((l) => l.values.length > 0);
  sql.params.push(type);
  if (given.length === 0) return '(entity_type = ?)';
  // One parameter per list, however long: SQLite caps the number of parameters of a statement.
  const ors = given.map((l) => {
    sql.params.push(JSON.stringify(l.values));
    return `${l.column} IN (SELECT value FROM json_each(?))`;
  });
  return `(entity_type = ? AND (${ors.join(' OR ')}))`;
};

const entityWhere = (sql: Sql, entities: QueryRequest['entities']): void => {
  if (!entities || Object.keys(entities).length === 0) return;
  const e = entities;
  const parts: string[] = [];
  const pairs = <K extends string>(list: Pairs<K>, other: K) => (list ?? []).map((p) => enrollmentKey(p.user_id, p[other]));
  if (e.users) parts.push(selectType(sql, 'user', [{ column: 'internal_id', values: e.users.user_ids ?? [] }, { column: 'lower(internal_uuid)', values: (e.users.user_uuids ?? []).map((u) => u.toLowerCase()) }]));
  if (e.courses) parts.push(selectType(sql, 'course', [{ column: 'internal_id', values: e.courses.course_ids ?? [] }]));
  if (e.course_enrollments) parts.push(selectType(sql, 'course_enrollment', [{ column: 'ekey', values: pairs(e.course_enrollments, 'course_id') }]));
  if (e.sessions) parts.push(selectType(sql, 'session', [{ column: 'internal_id', values: e.sessions.session_ids ?? [] }]));
  if (e.events) parts.push(selectType(sql, 'event', [{ column: 'internal_id', values: e.events.event_ids ?? [] }]));
  if (e.session_enrollments) parts.push(selectType(sql, 'session_enrollment', [{ column: 'ekey', values: pairs(e.session_enrollments, 'session_id') }]));
  if (e.learning_plans) parts.push(selectType(sql, 'learning_plan', [{ column: 'internal_id', values: e.learning_plans.learning_plan_ids ?? [] }]));
  if (e.learning_plan_enrollments) {
    parts.push(selectType(sql, 'learning_plan_enrollment', [{ column: 'ekey', values: pairs(e.learning_plan_enrollments, 'learning_plan_id') }]));
  }
  sql.where.push(`(${parts.join(' OR ')})`);
};

/**
 * `eq`: strict JSON equality of the value at a dot path with a scalar — `1` equals `1.0`, `true`
 * is not `1`, `null` matches an explicit null and not a missing key. `neq` is its negation.
 */
export const metadataEquals = (metadata: string | null, path: readonly string[], value: unknown): boolean => {
  if (metadata === null) return false;
  let at: unknown = JSON.parse(metadata);
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.prototype.hasOwnProperty.call(at, key)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return at === value;
};

const registered = new WeakSet<Database.Database>();
const registerFunctions = (db: Database.Database): void => {
  if (registered.has(db)) return;
  // Paths and values travel as JSON text: a SQL function takes only scalars.
  db.function('extids_meta_eq', { deterministic: true }, (metadata, path, value) =>
    metadataEquals(metadata as string | null, JSON.parse(path as string), JSON.parse(value as string)) ? 1 : 0,
  );
  registered.add(db);
};

/**
 * A metadata filter in SQLite's own JSON functions where the path can be written as a JSON path
 * (several times faster than calling back into JavaScript per row), else through `metadataEquals`.
 * `json_type` tells an explicit null ('null') from a missing key (SQL NULL) and true from 1.
 */
const metadataWhere = (db: Database.Database, sql: Sql, path: string[], operator: 'eq' | 'neq', value: unknown): void => {
  let eq: string;
  if (path.some((k) => /["\\]/.test(k))) {
    registerFunctions(db);
    eq = 'extids_meta_eq(metadata, ?, ?) = 1';
    sql.params.push(JSON.stringify(path), JSON.stringify(value));
  } else {
    const at = '$' + path.map((k) => `."${k}"`).join('');
    if (value === null || typeof value === 'boolean') {
      eq = `json_type(metadata, ?) = '${String(value)}'`;
      sql.params.push(at);
    } else if (typeof value === 'string') {
      eq = "(json_type(metadata, ?) = 'text' AND json_extract(metadata, ?) = ?)";
      sql.params.push(at, at, value);
    } else {
      eq = "(json_type(metadata, ?) IN ('integer', 'real') AND json_extract(metadata, ?) = ?)";
      sql.params.push(at, at, value);
    }
  }
  sql.where.push(operator === 'eq' ? `coalesce(${eq}, 0) = 1` : `coalesce(${eq}, 0) = 0`);
};

const boundsWhere = (sql: Sql, request: QueryRequest, problems: ErrorDetail[]): void => {
  for (const t of mappingTimestamps) {
    for (const [suffix, op] of [['_from', '>='], ['_to', '<']] as const) {
      const text = request[`${t}${suffix}`];
      if (typeof text !== 'string') continue;
      const ms = instantMs(text);
      if (ms === undefined) {
        problems.push({ path: `${t}${suffix}`, message: `${t}${suffix} must be an ISO 8601 date-time` });
        continue;
      }
      // A null timestamp never satisfies a comparison in SQL, which is the rule.
      sql.where.push(`${t} ${op} ?`);
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
 * The rows strictly after a position, in its order, as consecutive segments of that order: the
 * rest of the position's tie (same value, the row id beyond it), then the values beyond it —
 * nulls last in both directions. Two plain range conditions rather than one row-value or OR
 * condition: SQLite seeks an index on (integration_id, column, id) straight to each, where it
 * would scan a whole tie (thousands of rows after a ResetAll) to find the position.
 */
const afterSegments = (sql: Sql, at: Position): Sql[] => {
  const beyond = at.direction === 'asc' ? '>' : '<';
  const column = at.sortBy;
  const segment = (where: string, ...params: unknown[]): Sql => ({ where: [...sql.where, where], params: [...sql.params, ...params] });
  if (at.value === null) return [segment(`${column} IS NULL AND id ${beyond} ?`, at.id)];
  return [
    segment(`${column} = ? AND id ${beyond} ?`, at.value, at.id),
    segment(notNull.has(column) ? `${column} ${beyond} ?` : `(${column} ${beyond} ? OR ${column} IS NULL)`, at.value),
  ];
};

export const queryMappings = (db: Database.Database, integrationId: number, integrationUuid: string, body: unknown) => {
  const request = checkBody<QueryRequest>('query-request.json', body ?? {});
  const sql: Sql = { where: ['integration_id = ?'], params: [integrationId] };
  entityWhere(sql, request.entities);
  const problems: ErrorDetail[] = [];
  // SQLite ends a string at NUL: such a key would name another path, or fail the statement (refused
  // below, before any statement runs).
  (request.metadata_filters ?? []).forEach((f, k) => {
    if (f.key.includes('\u0000')) problems.push({ path: `metadata_filters[${k}].key`, message: `metadata_filters[${k}].key must not hold the NUL character` });
  });
  for (const f of request.metadata_filters ?? []) metadataWhere(db, sql, f.key.split('.'), f.operator, f.value);
  boundsWhere(sql, request, problems);
  const sortBy: SortBy = request.sort_by ?? 'created_at';
  const direction: Direction = request.sort_direction ?? 'asc';
  const after = cursorProblems(request, sortBy, direction, problems);
  if (problems.length) checkBody('query-request.json', request, (d) => [...d, ...problems]);

  // With after, pages count from the cursor: the request is always for the first of them.
  const page = request.page ?? 1;
  const pageSize = request.page_size ?? 100;
  // Nulls last in both directions; the row id breaks ties, so pages neither repeat nor skip.
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  const order = `${sortBy} ${dir}${notNull.has(sortBy) ? '' : ' NULLS LAST'}, id ${dir}`;
  const segments = after ? afterSegments(sql, after) : [sql];
  const counts = segments.map((g) => (prepared(db, `SELECT count(*) AS n FROM mappings WHERE ${g.where.join(' AND ')}`).get(...g.params) as { n: number }).n);
  const total = counts.reduce((a, b) => a + b, 0);
  const rows: MappingRow[] = [];
  let skip = (page - 1) * pageSize;
  segments.forEach((g, k) => {
    const room = pageSize - rows.length;
    if (room === 0) return;
    if (skip >= counts[k]) {
      skip -= counts[k];
      return;
    }
    rows.push(...(prepared(db, `SELECT * FROM mappings WHERE ${g.where.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...g.params, room, skip) as MappingRow[]));
    skip = 0;
  });
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
