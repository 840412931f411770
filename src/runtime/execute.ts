/**
 * The interpreter of action declarations: one function runs any action's request description
 * against any backend that speaks the contract.
 */
import { operation } from '../../connector/operations';
import { actionSchemaFile } from '../schemas/catalogue';
import { ValidationError } from '../errors';
import type { ActionDeclaration } from '../sdk/define';
import type { JsonSchema } from '../sdk/json-schema';
import { checkEvents, explainSchemaErrors, validatorFor } from '../validate';
import { published } from '../validate/answer-shape';
import { runCommands, type RunOptions } from './batch';
import { inputForCommandChoice } from './command-choice';
import { toUtcInstant } from '../values/instant';
import { loosenInput } from './loose-input';
import { queryEntities, type QueryPage } from './query';
import { callFor, pickBody } from './request';
import { sessionFor, type Session, type SessionOptions } from './session';

export interface ExecuteContext extends RunOptions {
  /** Session settings (timeouts, retry policy, retry observer); a fresh session is made when given. */
  session?: SessionOptions;
  /** Told of each page a multi-page query fetches. */
  onPage?: (page: QueryPage, itemsSoFar: number) => void;
}

const isEventList = (schema: JsonSchema | undefined): boolean => !!schema?.items?.$ref?.endsWith('event-name.json');

/** The input as the request needs it: the command choice taken, loose values brought to type, instants in UTC, events canonical; validated. */
export const prepareInput = (action: ActionDeclaration, raw: unknown): Record<string, unknown> => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('input must be an object', [{ path: 'input', message: 'input must be an object' }]);
  const chunk = action.request.chunk;
  // Before validation: the input schema, the contract for library users, has no `command` (Workato's config choice).
  const chosen = chunk ? inputForCommandChoice(chunk.field, raw) : raw;
  const input = loosenInput(action.input, chosen) as Record<string, unknown>;
  for (const field of action.request.dateTimes ?? []) {
    const utc = toUtcInstant(input[field]);
    if (utc !== undefined) input[field] = utc;
  }
  let problems = explainSchemaErrors(validate(action, input), 'input', { schema: action.input, subject: action.name, data: input });
  for (const [field, schema] of Object.entries(action.input.properties ?? {})) {
    if (!isEventList(schema) || !Array.isArray(input[field])) continue;
    const events = checkEvents(input[field], `input.${field}`);
    // The events check says it better than the schema's enum (the name meant, a duplicate): its problems take the place of the schema's at their paths.
    if (events.problems.length) problems = [...problems.filter((q) => !events.problems.some((p) => p.path === q.path)), ...events.problems];
    else input[field] = events.events;
  }
  if (problems.length) throw new ValidationError(`invalid input for ${action.name}: ${problems.map((p) => p.message).join('; ')}`, problems);
  return input;
};

const validate = (action: ActionDeclaration, input: unknown) => {
  const check = validatorFor(actionSchemaFile(action.name, 'input'));
  return check(input) ? [] : check.errors;
};

/** The defaults the input schema declares, by field: what a field not given means. */
export const defaultsOf = (schema: JsonSchema): Record<string, unknown> =>
  Object.fromEntries(Object.entries(schema.properties ?? {}).flatMap(([field, s]) => (s.default === undefined ? [] : [[field, s.default]])));

/** The fields of `data` the output schema declares, when it declares a closed set. */
const pickOutput = (schema: JsonSchema, data: unknown): unknown => {
  if (schema.additionalProperties !== false || !schema.properties || typeof data !== 'object' || data === null) return data;
  return Object.fromEntries(Object.keys(schema.properties).filter((k) => k in data).map((k) => [k, (data as Record<string, unknown>)[k]]));
};

/** Runs an action for a connection. */
export const executeAction = (action: ActionDeclaration, connection: unknown, raw: unknown, context: ExecuteContext = {}): Promise<unknown> =>
  executeWith(sessionFor(connection, context.session), action, raw, context);

/** Runs an action in a session (the typed client keeps one). */
export const executeWith = async (session: Session, action: ActionDeclaration, raw: unknown, context: ExecuteContext = {}): Promise<unknown> => {
  const input = prepareInput(action, raw);
  const spec = action.request;
  const defaults = defaultsOf(action.input);
  if (spec.chunk) return runCommands(session, spec, input, defaults, context);
  if (spec.paging) return queryEntities(session, spec, input, defaults, context.onPage);
  const body = pickBody(spec.body, input);
  if (operation[spec.operation].method === 'PATCH' && Object.keys(body).length === 0) {
    const message = `${action.name} needs at least one of ${spec.body.join(', ')}`;
    throw new ValidationError(message, [{ path: 'input', message }]);
  }
  const { schema } = operation[spec.operation].success;
  return pickOutput(action.output, await session.call(callFor(spec, input, body, schema.$id ? { answer: published(schema) } : {})));
};

/** The connection test: a token, and the service's health. */
export const testConnection = (connection: unknown, options?: SessionOptions): Promise<{ status: string; domain: string }> =>
  checkHealth(sessionFor(connection, options));

export const checkHealth = (session: Session): Promise<{ status: string; domain: string }> =>
  session.call(callFor({ operation: 'health', retry: true }, {}, undefined));

export interface PlatformEvent {
  event: string;
  payload: Record<string, unknown>;
  occurred_at?: string;
}

/** Publishes a platform event (on a real tenant the platform does this itself; the emulator accepts it). */
export const emitEvent = (connection: unknown, event: PlatformEvent, options?: SessionOptions): Promise<{ event_id: string; delivered_to: number }> =>
  publishEvent(sessionFor(connection, options), event);

// Not retried: a POST without an Idempotency-Key, which a retry after a lost answer would deliver twice.
export const publishEvent = (session: Session, event: PlatformEvent): Promise<{ event_id: string; delivered_to: number }> =>
  session.call(callFor({ operation: 'publishEvent', retry: false }, {}, event));
