/**
 * The connector, assembled: its connection, and the four actions, each runnable with
 * `execute(connection, input)` by the TypeScript runtime.
 */
import type { ActionDeclaration, InputOf, OutputOf } from '../src/sdk/define';
import { executeAction, testConnection, type ExecuteContext } from '../src/runtime/execute';
import type { RunCommandsResult } from '../src/runtime/batch';
import { actions } from './actions';
import { connectionSchema, type Connection } from './connection';
import type { CreateIntegrationOutput, QueryEntitiesOutput, UpdateIntegrationOutput } from '../src/types/generated';

export const CONNECTOR_TITLE = 'Docebo Learn - External IDs';

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

export const connector = {
  title: CONNECTOR_TITLE,
  connection: {
    schema: connectionSchema,
    /** The connection test: a token, and `GET /health`. */
    test: (connection: Connection) => testConnection(connection),
  },
  actions: Object.fromEntries(actions.map((a) => [a.name, runnable(a)])) as unknown as Actions,
};
