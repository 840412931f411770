/**
 * The connector, runnable by the TypeScript runtime: its connection and test, the four actions,
 * each run with `execute(connection, input)`, and the trigger, polled with
 * `poll(connection, input, closure)`. The declarations it runs are data, in connector/.
 */
import { actions } from '../../connector/actions';
import { CONNECTOR_TITLE } from '../../connector';
import { connectionSchema, type Connection } from '../../connector/connection';
import { triggers } from '../../connector/triggers';
import type { ActionDeclaration, InputOf, OutputOf, PollResult, TriggerDeclaration } from '../sdk/define';
import type { CreateIntegrationOutput, Mapping, QueryEntitiesOutput, UpdateIntegrationOutput } from '../types/generated';
import type { RunCommandsResult } from './batch';
import { executeAction, testConnection, type ExecuteContext } from './execute';
import { pollTrigger, type PollContext } from './trigger';

/** What each action resolves to: the generated types, where the schema refers to others (mappings). */
interface Outputs {
  create_integration: CreateIntegrationOutput;
  update_integration: UpdateIntegrationOutput;
  run_commands: RunCommandsResult;
  query_entities: QueryEntitiesOutput;
}

type Runnable<A> = Omit<A, 'execute'> & {
  execute(connection: Connection, input: InputOf<A>, context?: ExecuteContext): Promise<A extends { name: keyof Outputs } ? Outputs[A['name']] : OutputOf<A>>;
};

type Actions = { [A in (typeof actions)[number] as A['name']]: Runnable<A> };

const runnable = <A extends ActionDeclaration>(action: A): Runnable<A> =>
  ({ ...action, execute: (connection, input, context) => executeAction(action, connection, input, context) }) as Runnable<A>;

/** What each trigger's events are: the generated types. */
interface Events {
  mapping_changes: Mapping;
}

type Pollable<T> = T & {
  /**
   * One poll: the events since the closure (none given: the first poll, from the `since` input or
   * an hour before now), the closure of the next poll, and whether a backlog remains.
   */
  poll(connection: Connection, input: InputOf<T>, closure?: { since?: string; after?: string } | null, context?: PollContext): Promise<PollResult<T extends { name: keyof Events } ? Events[T['name']] : OutputOf<T>>>;
};

type Triggers = { [T in (typeof triggers)[number] as T['name']]: Pollable<T> };

const pollable = <T extends TriggerDeclaration>(trigger: T): Pollable<T> =>
  ({ ...trigger, poll: (connection, input, closure, context) => pollTrigger(trigger, connection, input, closure, context) }) as Pollable<T>;

export const connector = {
  title: CONNECTOR_TITLE,
  connection: {
    schema: connectionSchema,
    /** The connection test: a token, and `GET /health`. */
    test: (connection: Connection) => testConnection(connection),
  },
  actions: Object.fromEntries(actions.map((a) => [a.name, runnable(a)])) as unknown as Actions,
  triggers: Object.fromEntries(triggers.map((t) => [t.name, pollable(t)])) as unknown as Triggers,
};
