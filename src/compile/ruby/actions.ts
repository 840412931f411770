/**
 * The `actions:` of connector.rb: titles, help and descriptions; fields composed from the object
 * definitions (for Run commands, from the command picked in the config field); the execute
 * specialized from the declared request; Workato's retry settings and summaries.
 */
import { actions } from '../../../connector/actions';
import type { ActionDeclaration } from '../../sdk/define';
import type { SchemaField } from '../../sdk/workato';
import { LIST_OF_COMMANDS } from '../pick-lists';
import type { WorkatoAction } from '../workato-actions';
import { rowFields } from '../workato-fields';
import { commandTable, fieldsOf } from '../../../connector/commands';
import { executeSource } from './execute';
import { reindent, rubyLambda, rubyLiteral, rubyString } from './literal';
import { composeFields, fieldsLiteral } from './object-definitions';

const FIELDS_PARAMS = 'object_definitions, connection, config_fields';

/**
 * Run commands' input: the fields around the list, and in its place exactly the fields of the
 * command picked (required ones not optional) or the list. Proven equal, for every choice, to the
 * manifest's fields.
 */
const choiceInputFields = (action: WorkatoAction, objects: Record<string, SchemaField[]>): string => {
  const chunk = action.chunk_field!;
  const list = action.input_fields_by_choice![LIST_OF_COMMANDS];
  const at = list.findIndex((f) => f.name === chunk);
  for (const row of commandTable) {
    const expected = action.input_fields_by_choice![row.id];
    const got = [...list.slice(0, at), ...rowFields(row), ...list.slice(at + 1)];
    const own = objects.command.filter((f) => (fieldsOf(row) as string[]).includes(f.name)).map((f) => (row.required.includes(f.name as never) ? { ...f, optional: false } : f));
    if (JSON.stringify(got) !== JSON.stringify(expected) || JSON.stringify(own) !== JSON.stringify(rowFields(row))) {
      throw new Error(`the command definition does not give the fields of ${row.id}`);
    }
  }
  const before = composeFields(list.slice(0, at), objects, `${action.name} input`);
  const after = composeFields(list.slice(at + 1), objects, `${action.name} input`);
  return `row = call('command_table')[config_fields[${rubyLiteral(action.config_fields[0].name)}]]
commands =
  if row
    object_definitions['command'].only(*(row['required'] + row['optional'])).required(*row['required'])
  else
    ${reindent(fieldsLiteral([list[at]], objects), '    ')}
  end
${before} +
commands +
${after}`;
};

export const actionSection = (action: WorkatoAction, objects: Record<string, SchemaField[]>) => {
  const declaration = actions.find((a) => a.name === action.name) as unknown as ActionDeclaration;
  const input = action.chunk_field ? choiceInputFields(action, objects) : composeFields(action.input_fields, objects, `${action.name} input`);
  return {
    title: action.title,
    subtitle: action.subtitle,
    description: rubyLambda('input, picklist_label', rubyString(action.description)),
    help: action.help,
    ...(action.config_fields.length ? { config_fields: action.config_fields } : {}),
    input_fields: rubyLambda(FIELDS_PARAMS, input),
    execute: rubyLambda('connection, input, extended_input_schema, extended_output_schema, continue', executeSource(declaration)),
    output_fields: rubyLambda(FIELDS_PARAMS, composeFields(action.output_fields, objects, `${action.name} output`)),
    sample_output: rubyLambda('connection, input', rubyLiteral(action.sample_output, { keys: 'string' })),
    ...(action.retry ?? {}),
    ...(action.summarize_input.length ? { summarize_input: action.summarize_input } : {}),
    ...(action.summarize_output.length ? { summarize_output: action.summarize_output } : {}),
  };
};
