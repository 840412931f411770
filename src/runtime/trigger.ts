/**
 * The interpreter of polling triggers: one poll of a trigger's `PollSpec` (connector/triggers/),
 * answered in Workato's shape. The generated Ruby `poll:` follows the same steps, so both runtimes
 * ask the same and deliver the same events for the same history.
 */
import { triggerSchemaFile } from '../schemas/catalogue';
import { operation } from '../../connector/operations';
import { ApiError, ValidationError, type ErrorDetail } from '../errors';
import type { PollClosure, PollResult, PollSpec, TriggerDeclaration } from '../sdk/define';
import { explainSchemaErrors, validatorFor } from '../validate';
import { toUtcInstant } from '../values/instant';
import { loosenInput } from './loose-input';
import { shaped } from '../validate/answer-shape';
import { foldEntityTypes } from './query';
import { callFor, pickBody } from './request';
import { sessionFor, type Session, type SessionOptions } from './session';

export interface PollContext {
  /** Session settings (timeouts, retry policy, retry observer); a fresh session is made when given. */
  session?: SessionOptions;
  /** The clock of the default start (`defaultSecondsBefore` the first poll); tests give their own. */
  now?: () => number;
}

/** The page fields a poll reads. */
interface Page {
  [field: string]: unknown;
}

/** The input as the request needs it: loose values brought to type, the start instant in UTC; validated. */
export const prepareTriggerInput = (trigger: TriggerDeclaration, raw: unknown): Record<string, unknown> => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('input must be an object', [{ path: 'input', message: 'input must be an object' }]);
  const input = loosenInput(trigger.input, raw) as Record<string, unknown>;
  const start = trigger.poll.start.field;
  const utc = toUtcInstant(input[start]);
  if (utc !== undefined) input[start] = utc;
  const check = validatorFor(triggerSchemaFile(trigger.name, 'input'));
  const problems = check(input) ? [] : explainSchemaErrors(check.errors, 'input', { schema: trigger.input, subject: trigger.name, data: input });
  if (problems.length) throw new ValidationError(`invalid input for ${trigger.name}: ${problems.map((p) => p.message).join('; ')}`, problems);
  return input;
};

const CLOSURE_FIELDS = ['since', 'after'] as const;

/** A closure as given back by the caller: nothing (the first poll), or `since` and/or `after`, strings. */
export const readClosure = (closure: unknown): PollClosure => {
  if (closure === null || closure === undefined) return {};
  if (typeof closure !== 'object' || Array.isArray(closure)) throw new ValidationError('closure must be an object', [{ path: 'closure', message: 'closure must be an object' }]);
  const problems: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(closure)) {
    const path = `closure.${key}`;
    if (!(CLOSURE_FIELDS as readonly string[]).includes(key)) problems.push({ path, message: `unknown field ${path}` });
    else if (typeof value !== 'string') problems.push({ path, message: `${path} must be a string` });
  }
  if (problems.length) throw new ValidationError(`invalid closure: ${problems.map((p) => p.message).join('; ')}`, problems);
  return closure as PollClosure;
};

/** The request body of a poll, without its start or cursor. */
export const pollBody = (poll: PollSpec, input: Record<string, unknown>): Record<string, unknown> => {
  const body: Record<string, unknown> = { ...poll.fixed, [poll.pageSize.param]: input[poll.pageSize.field] ?? poll.pageSize.max, ...pickBody(poll.body, input) };
  if (poll.entityTypes) {
    const entities = foldEntityTypes(undefined, input[poll.entityTypes.field] as string[] | undefined);
    if (entities !== undefined) body[poll.entityTypes.into] = entities;
  }
  return body;
};

/**
 * One poll in a session (the typed client keeps one): the events of one page, the next closure,
 * whether a backlog remains. `backlog`: the cursors given so far while draining one (a watch's).
 */
export const pollWith = async <E = Record<string, unknown>>(
  session: Session,
  trigger: TriggerDeclaration,
  raw: unknown,
  rawClosure: unknown,
  now: () => number = Date.now,
  backlog: ReadonlySet<string> = new Set(),
): Promise<PollResult<E>> => {
  const input = prepareTriggerInput(trigger, raw);
  const closure = readClosure(rawClosure);
  const poll = trigger.poll;
  const body = pollBody(poll, input);
  let since: string | undefined;
  if (closure.after) body[poll.cursor.request] = closure.after;
  else {
    since = closure.since ?? (input[poll.start.field] as string | undefined) ?? new Date(now() - poll.start.defaultSecondsBefore * 1000).toISOString();
    body[poll.start.bound] = since;
  }
  // A cursor given back as sent, or as given earlier in the backlog, while more is said to follow would have the poll drain the same pages forever.
  const advances = (data: unknown): string | undefined => {
    const answer = data as Page;
    const cursor = answer[poll.cursor.response];
    if (answer[poll.more] !== true || typeof cursor !== 'string') return undefined;
    if (cursor === closure.after) return `${poll.cursor.response} is the cursor sent (${poll.cursor.request}), yet ${poll.more} says more follow`;
    if (backlog.has(cursor)) return `${poll.cursor.response} is a cursor given earlier in this backlog, yet ${poll.more} says more follow`;
    return undefined;
  };
  const shape = { [poll.items]: ['object'], [`${poll.more}?`]: 'boolean', [`${poll.cursor.response}?`]: 'string|null' } as const;
  const page = await session.call<Page>(callFor(poll, input, body, { answer: shaped(shape, advances) }));
  const items = (page?.[poll.items] ?? []) as Record<string, unknown>[];
  const wanted = poll.filter ? ((input[poll.filter.field] as unknown[] | undefined) ?? []) : [];
  const events = wanted.length ? items.filter((item) => wanted.includes(item[poll.filter!.on])) : items;
  const cursor = page?.[poll.cursor.response];
  if (items.length && !(typeof cursor === 'string' && cursor)) throw new ApiError(200, 'no_cursor', `${operation[poll.operation].method} ${operation[poll.operation].path.slice(1)}: ${poll.cursor.missing}`);
  const next_poll: PollClosure = typeof cursor === 'string' && cursor ? { after: cursor } : closure.after ? { after: closure.after } : { since };
  return { events: events as E[], next_poll, can_poll_more: page?.[poll.more] === true };
};

/** One poll of a trigger for a connection. */
export const pollTrigger = <E = Record<string, unknown>>(
  trigger: TriggerDeclaration,
  connection: unknown,
  input: unknown,
  closure?: unknown,
  context: PollContext = {},
): Promise<PollResult<E>> => pollWith<E>(sessionFor(connection, context.session), trigger, input, closure, context.now);

/**
 * Workato's `dedup:` of an event: `<by>:<its entity key, joined by ':'>@<at>`, a missing or null
 * value as '' (for a mapping: `user:42:@2026-…`). Two events with one key are one change.
 */
export const dedupKey = (trigger: Pick<TriggerDeclaration, 'poll'>, mapping: object): string => {
  const { by, keys, at } = trigger.poll.dedup;
  const event = mapping as Record<string, unknown>;
  const fields = keys[String(event[by])] ?? [];
  return `${event[by] ?? ''}:${fields.map((f) => event[f] ?? '').join(':')}@${event[at] ?? ''}`;
};
