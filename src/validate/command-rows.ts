/**
 * What a command is judged by: each row of the command table compiled once (its validator, its
 * words, the order of its fields), and the rows of each command name.
 */
import type { ValidateFunction } from 'ajv';
import type { CommandFieldName } from '../../connector/fields';
import { commandNames, commandTable, fieldsOf, type CommandRow } from '../../connector/commands';
import { commandSchemaFile } from '../schemas/commands';
import { validatorFor } from './ajv';
import { NONE, type CommandCheck } from './command-check';

export interface RowCheck {
  row: CommandRow;
  validate: ValidateFunction;
  /** `MapUserCommand (external matching)`, or just the name. */
  label: string;
  takes: string;
  /** ` for MapUserCommand (external matching)` where a name has several shapes, else empty. */
  forShape: string;
  /** Where a field's problems sort among the command's: `name`, then the row's fields in order. */
  rank: Map<string, number>;
  /** The result of every command valid as given against this row. */
  valid: CommandCheck;
  /** Results by their missing (`-field`) and unknown (`+field`) fields; see `shapeProblems`. */
  shared: Map<string, CommandCheck>;
}

const rowCheck = (row: CommandRow): RowCheck => {
  const fields = fieldsOf(row);
  const label = row.shape ? `${row.name} (${row.shape} matching)` : row.name;
  return {
    row,
    validate: validatorFor(commandSchemaFile(row)),
    label,
    takes: fields.length ? `${label} takes ${fields.join(', ')}` : `${label} takes no field besides name`,
    forShape: row.shape ? ` for ${label}` : '',
    rank: new Map(['name', ...fields].map((f, i) => [f, i])),
    valid: Object.freeze({ name: row.name, valid: true, row: row.id, errors: NONE, coerced: NONE }),
    shared: new Map(),
  };
};

interface NameCheck {
  rows: RowCheck[];
  /** Every field any shape of the name takes: the ones coercion may touch. */
  fields: CommandFieldName[];
}

let checksByName: Map<string, NameCheck> | undefined;
export const checksFor = (name: string): NameCheck | undefined => {
  checksByName ??= new Map(
    commandNames.map((n) => {
      const rows = commandTable.filter((r) => r.name === n);
      return [n, { rows: rows.map(rowCheck), fields: [...new Set(rows.flatMap(fieldsOf))] }];
    }),
  );
  return checksByName.get(name);
};


