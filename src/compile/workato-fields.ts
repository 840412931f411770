/**
 * JSON Schema → Workato schema fields. An action's input and output are declared once as JSON
 * Schemas; the fields a recipe builder sees (and the datapills a recipe gets) are derived here:
 * `optional:` on every field, pick lists for enums, multiselects (with a delimiter) for lists of
 * names, `date_time` for instants, `password` for secrets, nested objects and arrays.
 */
import { commandFieldNames, commandFields, type CommandFieldName, type FieldKind } from '../../connector/fields';
import { fieldsOf, type CommandRow } from '../../connector/commands';
import type { JsonSchema, JsonSchemaType } from '../sdk/json-schema';
import type { FieldType, SchemaField } from '../sdk/workato';
import { pickListFor } from './pick-lists';
import { resolveSchema } from '../schemas/resolve';

export type Side = 'input' | 'output';

/** The string that joins the values of a multiselect (`"a,b"`); the runtimes split on it. */
export const MULTISELECT_DELIMITER = ',';

const ACRONYMS: Record<string, string> = { id: 'ID', ids: 'IDs', uuid: 'UUID', uuids: 'UUIDs', psk: 'PSK' };

/** `user_uuids` → `User UUIDs`, `created_at_from` → `Created at from`. */
export const humanize = (name: string): string =>
  name
    .split('_')
    .map((w, i) => ACRONYMS[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');

/** The one non-null type of a schema (`['string', 'null']` → `string`). */
export const mainType = (schema: JsonSchema): JsonSchemaType | undefined => {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const real = types.filter((t: JsonSchemaType) => t !== 'null');
  return real.length === 1 ? real[0] : undefined;
};

const scalarType = (schema: JsonSchema): FieldType => {
  const type = mainType(schema);
  if (type === 'string' && schema.format === 'date-time') return 'date_time';
  if (type === 'integer' || type === 'number' || type === 'boolean' || type === 'object' || type === 'array') return type;
  return 'string';
};

/** Whether an array schema is a list of names from a pick list (events, entity types). */
const namesOf = (items: JsonSchema | undefined): readonly unknown[] | undefined => {
  if (!items) return undefined;
  const resolved = resolveSchema(items);
  return mainType(resolved) === 'string' && resolved.enum ? resolved.enum : undefined;
};

/** Field lists to use instead of a schema's own (the commands of Run commands: read from the command table). */
export type Overrides = Partial<Record<string, SchemaField[]>>;

/** The Workato field of one property. */
export const workatoField = (name: string, raw: JsonSchema, required: boolean, side: Side, overrides: Overrides = {}): SchemaField => {
  const schema = resolveSchema(raw);
  const field: SchemaField = { name, label: schema.title ?? humanize(name), optional: !required };
  if (schema.description) field.hint = schema.description;
  const type = scalarType(schema);
  const input = side === 'input';

  if (type === 'array') {
    const names = namesOf(schema.items);
    const override = overrides[name];
    if (input && names) {
      // Workato hands a multiselect over as one string joined by the delimiter.
      Object.assign(field, { type: 'string', control_type: 'multiselect', pick_list: pickListFor(names) ?? inline(names), delimiter: MULTISELECT_DELIMITER });
    } else if (override) {
      Object.assign(field, { type: 'array', of: 'object', properties: override });
    } else {
      const items = schema.items ? resolveSchema(schema.items) : {};
      const of = scalarType(items);
      field.type = 'array';
      field.of = of === 'date_time' ? 'string' : of;
      if (of === 'object') field.properties = objectFields(items, side, overrides);
    }
  } else if (type === 'object') {
    field.type = 'object';
    if (schema.properties) field.properties = objectFields(schema, side, overrides);
  } else {
    field.type = type;
    if (input) Object.assign(field, controlFor(schema, type));
    // Workato's own conversion of a datapill's text ("42", "true") where the action wants a number or a flag.
    if (input && (type === 'integer' || type === 'boolean')) field.convert_input = `${type}_conversion`;
  }
  if (input && schema.default !== undefined) field.default = schema.default;
  if (input && type === 'boolean') {
    // A checkbox takes no datapill; the toggle lets a recipe map one ("true"/"false").
    field.toggle_hint = 'Select from option list';
    field.toggle_field = {
      name,
      label: field.label,
      type: 'string',
      control_type: 'text',
      optional: field.optional,
      toggle_hint: 'Use custom value',
      hint: 'true or false',
    };
  }
  return field;
};

const inline = (values: readonly unknown[]) => values.map((v) => [String(v), String(v)] as const);

const controlFor = (schema: JsonSchema, type: FieldType): Partial<SchemaField> => {
  if (schema['x-secret']) return { control_type: 'password' };
  if (schema.enum) return { control_type: 'select', pick_list: pickListFor(schema.enum) ?? inline(schema.enum) };
  switch (type) {
    case 'date_time':
      return { control_type: 'date_time' };
    case 'integer':
      return { control_type: 'integer' };
    case 'number':
      return { control_type: 'number' };
    case 'boolean':
      return { control_type: 'checkbox' };
    default:
      return { control_type: 'text' };
  }
};

/** The fields of an object schema, in its property order. */
export const objectFields = (raw: JsonSchema, side: Side, overrides: Overrides = {}): SchemaField[] => {
  const schema = resolveSchema(raw);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => workatoField(name, property, required.has(name), side, overrides));
};

/** The Workato type of a command field's kind. */
const kindTypes: Record<FieldKind, Pick<SchemaField, 'type' | 'control_type'>> = {
  id: { type: 'integer', control_type: 'integer' },
  key: { type: 'string', control_type: 'text' },
  uuid: { type: 'string', control_type: 'text' },
  metadata: { type: 'object' },
};

/** One command field, as the article describes it. */
export const commandField = (field: CommandFieldName, optional: boolean): SchemaField => {
  const spec = commandFields[field];
  return { name: field, label: spec.label, hint: spec.hint, optional, ...kindTypes[spec.kind] };
};

/**
 * The fields of one row of the command table: exactly its fields, the required ones not optional,
 * in the catalogue's order (the same for every command, as in a list of commands).
 */
export const rowFields = (row: CommandRow): SchemaField[] => {
  const own = new Set<string>(fieldsOf(row));
  return commandFieldNames.filter((f) => own.has(f)).map((f) => commandField(f, !row.required.includes(f)));
};

/** The fields of a command in a list: its name, and every field some command takes ("depends on command"). */
export const listCommandFields = (): SchemaField[] => [
  { name: 'name', label: 'Name', hint: 'Name of the command to run. For example: MatchUserCommand.', optional: false, type: 'string', control_type: 'select', pick_list: 'command_names' },
  ...commandFieldNames.map((f) => commandField(f, true)),
];

/** Every pick list a field refers to by name exists. */
export const pickListNames = (fields: SchemaField[]): string[] =>
  fields.flatMap((f) => [
    ...(typeof f.pick_list === 'string' ? [f.pick_list] : []),
    ...pickListNames(f.properties ?? []),
    ...(f.toggle_field ? pickListNames([f.toggle_field]) : []),
  ]);

