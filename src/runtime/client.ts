/**
 * The typed client for Node users: the four actions as methods, `queryAll`, an async iterator
 * over every matching mapping that holds one page in memory at a time, and `watchMappings`, an
 * async iterator over the trigger's events until aborted.
 */
import { createIntegration, queryEntities, runCommands, updateIntegration } from '../../connector/actions';
import type { Connection } from '../../connector/connection';
import { mappingChangesTrigger } from '../../connector/triggers';
import type { InputOf } from '../sdk/define';
import type {
  BatchStatus,
  Command,
  CreateIntegrationInput,
  CreateIntegrationOutput,
  EventName,
  Integration,
  Mapping,
  MappingChangesEvent,
  MappingChangesInput,
  QueryEntitiesOutput,
  QueryRequest,
  UpdateIntegrationInput,
} from '../types/generated';
import { fetchBatchStatus, type RunCommandsResult, type RunOptions } from './batch';
import { checkHealth, executeWith, prepareInput, publishEvent, type ExecuteContext } from './execute';
import { pages } from './query';
import { Session, type SessionOptions } from './session';
import { resolveConnection } from './connection';
import { watchTrigger, type WatchOptions } from './trigger-watch';
import { wire } from '../../connector/wire';

type Credentials = { integration_uuid: string; integration_psk: string };
export type RunCommandsOptions = Omit<InputOf<typeof runCommands>, keyof Credentials | 'commands'> & RunOptions;
export type QueryOptions = Omit<InputOf<typeof queryEntities>, keyof Credentials>;
/** The trigger's input (its credentials are the client's), and how to follow it. */
export type WatchMappingsOptions = Omit<MappingChangesInput, keyof Credentials> & WatchOptions<MappingChangesEvent>;

export interface IntegrationClient {
  update(patch: Omit<UpdateIntegrationInput, keyof Credentials>): Promise<Integration>;
  /** Commands typed by the command table: a misspelt name or field does not compile. */
  runCommands(commands: readonly Command[], options?: RunCommandsOptions): Promise<RunCommandsResult>;
  /**
   * Commands as a recipe gives them (ids as text, a JSON string of metadata, unknown shapes):
   * each is checked and coerced at run time, and a bad one is reported in the output, not thrown.
   */
  runLooseCommands(commands: readonly unknown[], options?: RunCommandsOptions): Promise<RunCommandsResult>;
  batchStatus(batchId: string): Promise<BatchStatus>;
  /** One page, or with `fetch_all_pages` every page up to `max_items`. */
  query(request?: QueryOptions, context?: ExecuteContext): Promise<QueryEntitiesOutput>;
  /** Every mapping the request selects, page after page, one page in memory at a time. */
  queryAll(request?: Omit<QueryRequest, 'page'> & { entity_types?: QueryOptions['entity_types'] }): AsyncGenerator<Mapping>;
  /**
   * The New or updated mappings trigger, followed: every change once, in order. It polls, drains a
   * backlog at once, then waits `intervalMs` (default 10 s) between polls, until `signal` aborts
   * (the iterator then ends, also during a wait). `onPoll` is told each poll's result after its
   * events, so that its `next_poll` can be kept and given back as `closure` to resume.
   */
  watchMappings(options?: WatchMappingsOptions): AsyncGenerator<MappingChangesEvent, void, undefined>;
}

export interface Client {
  readonly session: Session;
  /** The connection test: a token, and the service's health. */
  health(): Promise<{ status: string; domain: string }>;
  createIntegration(input: CreateIntegrationInput): Promise<CreateIntegrationOutput>;
  integration(credentials: { uuid: string; psk: string }): IntegrationClient;
  /** Publishes a platform event (to an emulator; a real platform publishes its own). */
  emit(event: EventName, payload: Record<string, unknown>, occurredAt?: string): Promise<{ event_id: string; delivered_to: number }>;
}

export const createClient = (connection: Connection, options: SessionOptions = {}): Client => {
  const session = new Session(resolveConnection(connection), options);
  return {
    session,
    health: () => checkHealth(session),
    createIntegration: (input) => executeWith(session, createIntegration, input) as Promise<CreateIntegrationOutput>,
    emit: (event, payload, occurredAt) => publishEvent(session, { event, payload, ...(occurredAt ? { occurred_at: occurredAt } : {}) }),
    integration: ({ uuid, psk }) => {
      const credentials: Credentials = { integration_uuid: uuid, integration_psk: psk };
      // One run for both: the runtime checks and coerces every command whatever its static type.
      const run = (commands: readonly unknown[], { executionId, onProgress, pollIntervalMs, ...rest }: RunCommandsOptions = {}) =>
        executeWith(session, runCommands, { ...credentials, ...rest, commands }, { executionId, onProgress, pollIntervalMs }) as Promise<RunCommandsResult>;
      return {
        update: (patch) => executeWith(session, updateIntegration, { ...credentials, ...patch }) as Promise<Integration>,
        runCommands: (commands, options) => run(commands, options),
        runLooseCommands: (commands, options) => run(commands, options),
        batchStatus: (batchId) => fetchBatchStatus(session, wire.paths.batch, credentials, batchId),
        query: (request = {}, context) => executeWith(session, queryEntities, { ...credentials, ...request }, context) as Promise<QueryEntitiesOutput>,
        queryAll: async function* (request = {}) {
          const input = prepareInput(queryEntities, { ...credentials, ...request });
          for await (const page of pages<Mapping>(session, queryEntities.request, input)) yield* page.items;
        },
        watchMappings: ({ closure, intervalMs, signal, onPoll, now, ...input } = {}) =>
          watchTrigger<MappingChangesEvent>(session, mappingChangesTrigger, { ...credentials, ...input }, { closure, intervalMs, signal, onPoll, now }),
      };
    },
  };
};
