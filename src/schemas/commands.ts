/** Derives a JSON Schema for each row of the command table, and the union of all of them. */
import { commandFields, KEY_MAX_LENGTH, type CommandFieldName, type FieldKind } from '../../connector/fields';
import { commandNames, commandTable, fieldsOf, type CommandRow } from '../../connector/commands';
import { entityId } from '../../connector/model/entity-id';
import { schemaId } from '../../connector/model/ids';
import type { JsonSchema } from '../sdk/json-schema';

/** The wire type of each kind of field (docs/contract.md §4). */
export const kindSchemas: Record<FieldKind, JsonSchema> = {
  id: entityId,
  key: { type: 'string', minLength: 1, maxLength: KEY_MAX_LENGTH },
  uuid: { type: 'string', format: 'uuid' },
  metadata: { $ref: '../metadata.json' },
};

export const fieldSchema = (field: CommandFieldName): JsonSchema => {
  const spec = commandFields[field];
  return { ...kindSchemas[spec.kind], title: spec.label, description: spec.hint };
};

/** `MapUserCommand.internal` → `MapUserCommandInternal`, a name fit for a type. */
export const rowTypeName = (row: CommandRow): string =>
  row.shape ? row.name + row.shape[0].toUpperCase() + row.shape.slice(1) : row.name;

export const commandSchemaFile = (row: CommandRow): string => `commands/${row.id}.json`;

export const commandSchema = (row: CommandRow): JsonSchema => ({
  $id: schemaId(commandSchemaFile(row)),
  title: rowTypeName(row),
  description: row.help,
  type: 'object',
  additionalProperties: false,
  required: ['name', ...row.required],
  properties: {
    name: { type: 'string', const: row.name },
    ...Object.fromEntries(fieldsOf(row).map((f) => [f, fieldSchema(f)])),
  },
});

/** Any command: exactly one row's shape, told apart by `name` (and, for MapUserCommand, its fields). */
export const commandUnionSchema = (): JsonSchema => ({
  $id: schemaId('command.json'),
  title: 'Command',
  description: 'One command of the command table; `name` says which.',
  // Keyed on name: a name outside the table fails here, before any shape is tried.
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', enum: commandNames } },
  oneOf: commandTable.map((row) => ({ $ref: commandSchemaFile(row) })),
});
