/**
 * Example commands built from the command table: valid by construction, varied by a seed. Used for
 * sample outputs, docs, benchmarks and tests.
 */
import { commandFields, type CommandFieldName } from '../../connector/fields';
import { fieldsOf, type CommandRow } from '../../connector/commands';

const uuidFor = (n: number): string => {
  const hex = (n >>> 0).toString(16).padStart(12, '0').slice(-12);
  return `7f3c2a10-5b1e-4c2d-9a4f-${hex}`;
};

/** An example value of one field for the `n`th example (n ≥ 0). */
export const exampleValue = (field: CommandFieldName, n: number): unknown => {
  switch (commandFields[field].kind) {
    case 'id':
      return 1000 + n;
    case 'key':
      return field === 'mapping_id' ? `user${n}@example.com` : `EXT-${field === 'external_id' ? '' : `${field}-`}${n}`;
    case 'uuid':
      return uuidFor(n);
    case 'metadata':
      return { source: 'hris', dept: { code: `D${n % 7}` }, active: n % 2 === 0 };
  }
};

/** A valid command of `row`, with every field it takes (metadata included where allowed). */
export const exampleCommand = (row: CommandRow, n = 0): Record<string, unknown> => {
  const command: Record<string, unknown> = { name: row.name };
  for (const field of fieldsOf(row)) command[field] = exampleValue(field, n);
  return command;
};
