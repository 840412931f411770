/**
 * The `actions:` of connector.rb: the runtime's names, titles, help and descriptions; fields from
 * `object_definitions`; one generic `execute` per action; Workato's retry settings.
 */
import type { WorkatoAction } from '../workato-actions';
import { rubyLambda, rubyLiteral, rubyString } from './literal';

export const actionSection = (action: WorkatoAction) => ({
  title: action.title,
  subtitle: action.subtitle,
  description: rubyLambda('input, picklist_label', rubyString(action.description)),
  help: action.help,
  ...(action.config_fields.length ? { config_fields: action.config_fields } : {}),
  input_fields: rubyLambda('object_definitions, connection, config_fields', `object_definitions['${action.name}_input']`),
  execute: rubyLambda(
    'connection, input, extended_input_schema, extended_output_schema, continue',
    `call('execute_action', connection, '${action.name}', input)`,
  ),
  output_fields: rubyLambda('object_definitions, connection, config_fields', `object_definitions['${action.name}_output']`),
  sample_output: rubyLambda('connection, input', rubyLiteral(action.sample_output, { keys: 'string' })),
  ...(action.retry ?? {}),
  ...(action.summarize_input.length ? { summarize_input: action.summarize_input } : {}),
  ...(action.summarize_output.length ? { summarize_output: action.summarize_output } : {}),
});

/**
 * `object_definitions:`: each action's input and output fields. An action with a config choice of
 * command builds its input from the choice, with the command table at run time.
 */
export const objectDefinitions = (actions: WorkatoAction[]) =>
  Object.fromEntries(
    actions.flatMap((a) => {
      const chunk = a.chunk_field;
      const input = chunk
        ? rubyLambda(
            'connection, config_fields, object_definitions',
            `call('with_command_fields', ${literalOf(a.input_fields)}, '${chunk}', (config_fields || {})['command'])`,
          )
        : rubyLambda('connection, config_fields, object_definitions', literalOf(a.input_fields));
      return [
        [`${a.name}_input`, { fields: input }],
        [`${a.name}_output`, { fields: rubyLambda('connection, config_fields, object_definitions', literalOf(a.output_fields)) }],
      ];
    }),
  );

const literalOf = (value: unknown): string => rubyLiteral(value);
