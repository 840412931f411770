/**
 * `POST /events` (docs/contract.md §6): a platform event, standing in for the event bus. It
 * reaches every active integration of the domain subscribed to it, and marks the mappings it
 * names: `deleted_at` for deletions (with their cascades), `last_updated_at` otherwise, and
 * `touched_at` on every mapping it finds.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { eventSpec, type EventSpec, type PayloadId } from '../../connector/events';
import type { EntityType } from '../../connector/commands';
import type { ErrorDetail } from '../errors';
import { enrollmentKey } from './mappings';
import { apiError } from './problems';
import type { DomainStore } from './store';
import type { EventRequest } from '../types/generated';
import { instantMs } from '../values/instant';

type Payload = EventRequest['payload'];

/** The id column of each entity type's own mapping, for the types an event can name by one id. */
const ownId: Partial<Record<EntityType, PayloadId>> = {
  user: 'user_id',
  course: 'course_id',
  session: 'session_id',
  learning_plan: 'learning_plan_id',
};

const enrollmentOther: Partial<Record<EntityType, PayloadId>> = {
  course_enrollment: 'course_id',
  session_enrollment: 'session_id',
  learning_plan_enrollment: 'learning_plan_id',
};

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The change a stamp of each column records. */
const changeOfColumn = { deleted_at: 'deleted', last_updated_at: 'entity_updated' } as const;

/**
 * Stamps `column` with `at` on the mappings matching `where`; `updated_at` and `change` move only
 * where the value changes, `touched_at` everywhere.
 */
const stamp = (db: Database.Database, column: 'deleted_at' | 'last_updated_at', where: string, params: unknown[], at: number, now: number): void => {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  const sql = `UPDATE mappings SET updated_at = CASE WHEN ${column} IS ? THEN updated_at ELSE ? END,
    change = CASE WHEN ${column} IS ? THEN change ELSE '${changeOfColumn[column]}' END, ${column} = ?, touched_at = ? WHERE ${where}`;
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  statement.run(at, now, at, at, now, ...params);
};

const applyEvent = (db: Database.Database, integrationId: number, spec: EventSpec, payload: Payload, at: number, now: number): void => {
  const column = spec.effect === 'deleted' ? 'deleted_at' : 'last_updated_at';
  const own = ownId[spec.target];
  if (own) {
    stamp(db, column, 'integration_id = ? AND entity_type = ? AND ekey = ?', [integrationId, spec.target, String(payload[own])], at, now);
  } else {
    const other = enrollmentOther[spec.target]!;
    stamp(db, column, 'integration_id = ? AND entity_type = ? AND ekey = ?', [integrationId, spec.target, enrollmentKey(payload.user_id!, payload[other]!)], at, now);
  }
  for (const { entityType, by } of spec.cascade ?? []) {
    stamp(db, column, `integration_id = ? AND ${by} = ? AND entity_type = ?`, [integrationId, payload[by], entityType], at, now);
  }
};

/** The ids an event needs, which its schema cannot say: a refinement of the route's body check. */
export const requiredIds = (body: unknown) => (details: ErrorDetail[]): ErrorDetail[] => {
  const b = body as Partial<EventRequest> | null;
  const spec = typeof b?.event === 'string' ? eventSpec(b.event) : undefined;
  if (!spec || typeof b?.payload !== 'object' || b.payload === null || Array.isArray(b.payload)) return details;
  const missing = spec.payload
    .filter((id) => b.payload![id] === undefined)
    .map((id) => ({ path: `payload.${id}`, message: `missing required field payload.${id}: ${spec.name} concerns ${spec.payload.join(' and ')}` }));
  return [...details, ...missing];
};

/** `input` has been checked against the operation's request schema (with `requiredIds`) by its route. */
export const publishEvent = (store: DomainStore | undefined, input: EventRequest) => {
  const spec = eventSpec(input.event)!;
  let occurred: number | undefined;
  if (input.occurred_at !== undefined) {
    occurred = instantMs(input.occurred_at);
    if (occurred === undefined) throw apiError('invalid_request', 'occurred_at must be an ISO 8601 date-time with an offset', [{ path: 'occurred_at', message: 'occurred_at must be an ISO 8601 date-time with an offset' }]);
  }
  let delivered = 0;
  if (store) {
    const reached = store.activeIntegrations().filter((i) => (JSON.parse(i.events) as string[]).includes(spec.name));
    delivered = reached.length;
    if (delivered) {
      store.db.transaction(() => {
        // The domain's write clock; without occurred_at, the time of receipt is that same time.
        const now = store.clock.next();
        for (const integration of reached) applyEvent(store.db, integration.id, spec, input.payload, occurred ?? now, now);
      })();
    }
  }
  return { event_id: randomUUID(), delivered_to: delivered };
};
