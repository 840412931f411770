/**
 * The connector, assembled: its connection, and the four actions, each runnable with
 * `execute(connection, input)` by the TypeScript runtime.
 */
import type { ActionDeclaration, InputOf, OutputOf } from '../src/sdk/define';
import { executeAction, testConnection, type ExecuteContext } from '../src/runtime/execute';
import type { RunCommandsResult } from '../src/runtime/batch';
import { actions } from './actions';
import { connectionSchema, type Connection } from './connection';

export const CONNECTOR_TITLE = 'Docebo Learn - External IDs';

type Runnable<A> = A & {
  execute(connection: Connection, input: InputOf<A>, context?: ExecuteContext): Promise<A extends { name: 'run_commands' } ? RunCommandsResult : OutputOf<A>>;
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
