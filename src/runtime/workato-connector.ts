/**
 * The connector in Workato's own shape (`ConnectorDefinition`), runnable in Node: the same fields,
 * pick lists and retry settings the generated connector.rb carries, with lambdas that call the
 * TypeScript runtime (actions' execute, triggers' poll and dedup). Connector authors inspect and
 * exercise it as Workato would, without Workato.
 */
import { actions } from '../../connector/actions';
import { triggers } from '../../connector/triggers';
import type { Connection } from '../../connector/connection';
import { CONNECTOR_TITLE } from '../../connector';
import { resolveConnection } from './connection';
import { executeAction, testConnection } from './execute';
import { sessionFor } from './session';
import { dedupKey, pollTrigger } from './trigger';
import type { ActionDeclaration, TriggerDeclaration } from '../sdk/define';
import { defineConnector } from '../sdk/define';
import type { ActionDefinition, ConnectorDefinition, TriggerDefinition } from '../sdk/workato';
import { pickLists } from '../compile/pick-lists';
import { connectionFields, refreshOn, workatoActions, type WorkatoAction } from '../compile/workato-actions';
import { workatoTriggers, type WorkatoTrigger } from '../compile/workato-triggers';

/** What `acquire` merges into the connection. */
export type WorkatoConnection = Connection & { access_token?: string };

const workatoActionDefinition = (declaration: ActionDeclaration, action: WorkatoAction): ActionDefinition<WorkatoConnection> => ({
  title: action.title,
  subtitle: action.subtitle,
  help: action.help,
  description: action.description,
  config_fields: action.config_fields,
  input_fields: (_objectDefinitions, _connection, configFields) =>
    action.input_fields_by_choice?.[String(configFields.command ?? '')] ?? action.input_fields,
  // The runtime takes the `command` config choice Workato sends within the input (src/runtime/command-choice.ts).
  execute: (connection, input) => executeAction(declaration, connection, input),
  output_fields: () => action.output_fields,
  sample_output: () => action.sample_output,
  ...(action.retry ?? {}),
  summarize_input: action.summarize_input,
  summarize_output: action.summarize_output,
});

const workatoTriggerDefinition = (declaration: TriggerDeclaration, trigger: WorkatoTrigger): TriggerDefinition<WorkatoConnection> => ({
  title: trigger.title,
  subtitle: trigger.subtitle,
  help: trigger.help,
  description: trigger.description,
  input_fields: () => trigger.input_fields,
  poll: (connection, input, closure) => pollTrigger(declaration, connection, input, closure),
  dedup: (event) => dedupKey(declaration, event),
  output_fields: () => trigger.output_fields,
  sample_output: () => trigger.sample_output as Record<string, unknown>,
});

export const workatoConnector = (): ConnectorDefinition<WorkatoConnection> => {
  const shaped = workatoActions();
  const shapedTriggers = workatoTriggers();
  return defineConnector<WorkatoConnection>({
    title: CONNECTOR_TITLE,
    connection: {
      fields: connectionFields(),
      authorization: {
        type: 'custom_auth',
        acquire: async (connection) => ({ access_token: await sessionFor(connection).platformToken() }),
        apply: (connection) => ({ Authorization: `Bearer ${connection.access_token ?? ''}` }),
        refresh_on: refreshOn,
      },
      base_uri: (connection) => {
        const resolved = resolveConnection(connection);
        return `${resolved.origin}${resolved.basePath}/`;
      },
    },
    test: (connection) => testConnection(connection),
    actions: Object.fromEntries(actions.map((a, i) => [a.name, workatoActionDefinition(a as unknown as ActionDeclaration, shaped[i])])),
    triggers: Object.fromEntries(triggers.map((t, i) => [t.name, workatoTriggerDefinition(t as unknown as TriggerDeclaration, shapedTriggers[i])])),
    pick_lists: Object.fromEntries(Object.entries(pickLists).map(([name, options]) => [name, () => options])),
  });
};
