/**
 * The definition as Ruby data, read by the generic methods: the command table, the field kinds,
 * the events, the wire facts and each action's declared request with the input schema it is
 * checked against. Methods returning literals keep the file one Hash, as Workato wants it.
 */
import { commandTable } from '../../../connector/commands';
import { actions } from '../../../connector/actions';
import { eventAliases, eventNames } from '../../../connector/events';
import { commandFieldNames, commandFields } from '../../../connector/fields';
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH } from '../../../connector/model/metadata';
import { entitySelections } from '../../../connector/model/query';
import { wire } from '../../../connector/wire';
import type { ActionDeclaration } from '../../sdk/define';
import type { JsonSchema } from '../../sdk/json-schema';
import { kindSchemas } from '../command-schemas';
import { kindPhrase } from '../../validate/commands';
import { UUID_FORMAT } from '../../validate/ajv';
import { commandField, mainType, MULTISELECT_DELIMITER, resolveSchema } from '../workato-fields';
import { code, rubyLiteral } from './literal';
import { method, type RubyMethod } from './methods/method';

/** Workato gives an action 180 s; waiting for processing stops in time to report. */
export const MAX_WAIT_SECONDS = 150;

/** The keywords the Ruby input check understands; the rest (titles, descriptions) is left out. */
const CHECKED = ['type', 'enum', 'required', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format', 'uniqueItems', 'minItems', 'maxItems'] as const;

/** An input schema with its `$ref`s resolved and only what the check reads. */
export const checkedSchema = (raw: JsonSchema): Record<string, unknown> => {
  const schema = resolveSchema(raw);
  const out: Record<string, unknown> = {};
  for (const k of CHECKED) if (schema[k] !== undefined) out[k] = schema[k];
  if (schema.additionalProperties === false) out.additionalProperties = false;
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, checkedSchema(s)]));
  if (schema.items) out.items = checkedSchema(schema.items);
  // ajv reports duplicates differently for items of a declared scalar type and for any other items.
  if (schema.uniqueItems) out.uniqueScalar = !!schema.items?.type && ![schema.items.type].flat().some((t) => t === 'object' || t === 'array');
  return out;
};

/** How a top-level input field is loosened (src/runtime/loose-input.ts). */
const looseKind = (schema: JsonSchema): string | undefined => {
  if (schema.type === 'integer' || schema.type === 'boolean') return schema.type;
  if (schema.type === 'array' && (schema.items?.type === 'string' || schema.items?.$ref)) return 'list';
  return undefined;
};

const isEventList = (schema: JsonSchema): boolean => !!schema.items?.$ref?.endsWith('event-name.json');

export const actionSpec = (action: ActionDeclaration) => {
  const properties = action.input.properties ?? {};
  const output = action.output;
  return {
    name: action.name,
    request: action.request,
    input: { ...checkedSchema(action.input), required: action.input.required ?? [] },
    loose: Object.fromEntries(Object.entries(properties).flatMap(([k, s]) => (looseKind(s) ? [[k, looseKind(s)]] : []))),
    event_fields: Object.entries(properties).filter(([, s]) => isEventList(s)).map(([k]) => k),
    defaults: Object.fromEntries(Object.entries(properties).flatMap(([k, s]) => (s.default !== undefined ? [[k, s.default]] : []))),
    // The declared fields of a closed output, in order; nil keeps the answer as it is.
    output_keys: output.additionalProperties === false && output.properties ? Object.keys(output.properties) : null,
  };
};

// Wide lines for data: one row of a table per line, so that a change to a row is a one-line diff.
const data = (name: string, doc: string, value: unknown, keys: 'string' | 'symbol' = 'string'): RubyMethod =>
  method(name, '', doc, rubyLiteral(value, { keys, width: 160 }));

export const dataMethods = (): RubyMethod[] => [
  data(
    'command_table',
    'The command table of the article: one row per command (MapUserCommand has two shapes).',
    commandTable.map((r) => ({ id: r.id, name: r.name, shape: r.shape, required: r.required, metadata: r.metadata })),
  ),
  data('command_field_kinds', 'How each command field is typed on the wire.', Object.fromEntries(commandFieldNames.map((f) => [f, commandFields[f].kind]))),
  data('command_kind_phrases', 'How each kind of field is named in messages.', kindPhrase),
  data(
    'command_kind_schemas',
    'The wire type of each kind of field but metadata (checked on its own), as src/compile/command-schemas.ts declares it.',
    Object.fromEntries(Object.entries(kindSchemas).filter(([k]) => k !== 'metadata').map(([k, s]) => [k, checkedSchema(s)])),
  ),
  method(
    'command_limits',
    '',
    'Bounds of metadata, and the UUID format.',
    rubyLiteral({ metadata_max_depth: METADATA_MAX_DEPTH, metadata_max_bytes: METADATA_MAX_BYTES, uuid: UUID_FORMAT }, { keys: 'string' }),
  ),
  data(
    'command_field_definitions',
    'The Workato field of each command field, as the article describes it.',
    new Map(commandFieldNames.map((f) => [f, commandField(f, true)])),
    'symbol',
  ),
  data('event_catalogue', 'The 30 platform events, and the alias the article spells.', { names: eventNames, aliases: eventAliases }),
  data(
    'entity_selection_kinds',
    'Whether each entity selection of a query is an object of id lists or a list of pairs.',
    Object.fromEntries(Object.entries(entitySelections).map(([k, s]) => [k, mainType(s as JsonSchema)])),
  ),
  data('multiselect_delimiter', 'The string that joins the values of a multiselect.', MULTISELECT_DELIMITER),
  data('wire', 'Everything wire-specific about the service (connector/wire.ts).', {
    token_path: wire.tokenPath,
    scope: wire.scope,
    default_base_path: wire.defaultBasePath,
    psk_header: wire.pskHeader,
    idempotency_header: wire.idempotencyHeader,
    retry_statuses: wire.retryStatuses,
    max_wait_seconds: MAX_WAIT_SECONDS,
  }),
  data(
    'action_specs',
    "Each action's declared request, and the input schema it is checked against.",
    Object.fromEntries(actions.map((a) => [a.name, actionSpec(a as unknown as ActionDeclaration)])),
  ),
];

export { code };
