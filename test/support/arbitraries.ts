/** fast-check arbitraries derived from the command table: valid commands and single mutations of them. */
import fc from 'fast-check';
import { commandFields, type CommandFieldName, type FieldKind } from '../../connector/fields';
import { commandTable, fieldsOf, type CommandRow } from '../../connector/commands';
import { jsonBytes } from '../../src/validate';

const metadataValue = fc.jsonValue({ maxDepth: 5 });
/** Whether every number in a JSON value is within ±(2^53 − 1), as metadata's must be. */
const exactNumbers = (v: unknown): boolean =>
  typeof v === 'number' ? Math.abs(v) <= Number.MAX_SAFE_INTEGER : typeof v === 'object' && v !== null ? Object.values(v).every(exactNumbers) : true;
export const validMetadata = fc
  .dictionary(fc.string({ maxLength: 12 }), metadataValue, { maxKeys: 6 })
  .filter((m) => jsonBytes(m) <= 16 * 1024 && exactNumbers(m));

const valid: Record<FieldKind, fc.Arbitrary<unknown>> = {
  id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  key: fc.string({ unit: 'binary', minLength: 1, maxLength: 255 }),
  uuid: fc.uuid(),
  metadata: validMetadata,
};

/** Values of the wrong type for a kind that coercion cannot rescue. */
const invalid: Record<FieldKind, fc.Arbitrary<unknown>> = {
  id: fc.oneof(
    fc.integer({ max: 0 }),
    fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
    fc.boolean(),
    fc.constant(null),
    fc.string().filter((s) => !/^[1-9][0-9]*$/.test(s)),
    fc.array(fc.nat(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  ),
  key: fc.oneof(
    fc.constant(''),
    fc.string({ minLength: 256, maxLength: 300 }),
    fc.double({ noNaN: true }).filter((d) => !Number.isSafeInteger(d)),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  ),
  uuid: fc.oneof(fc.string().filter((s) => !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(s)), fc.nat(), fc.boolean(), fc.constant(null)),
  metadata: fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.nat(), { maxLength: 2 })),
};

const row = fc.constantFrom(...commandTable);

/** A valid command of a row: every required field, and metadata sometimes where allowed. */
export const commandOf = (r: CommandRow): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    Object.fromEntries([
      ['name', fc.constant(r.name)],
      ...fieldsOf(r).map((f) => [f, valid[commandFields[f].kind]]),
    ]) as Record<string, fc.Arbitrary<unknown>>,
    { requiredKeys: ['name', ...r.required] },
  );

export const validCommand = row.chain((r) => commandOf(r).map((command) => ({ row: r, command })));

export interface Mutation {
  row: CommandRow;
  command: Record<string, unknown>;
  /** The field the mutation broke. */
  field: string;
  kind: 'dropped' | 'wrong type' | 'extra';
}

export const mutatedCommand: fc.Arbitrary<Mutation> = validCommand.chain(({ row: r, command }) => {
  const options: fc.Arbitrary<Mutation>[] = [];
  const present = fieldsOf(r).filter((f) => f in command);
  if (r.required.length) {
    options.push(
      fc.constantFrom(...r.required).map((field) => {
        const { [field]: _, ...rest } = command;
        return { row: r, command: rest, field, kind: 'dropped' as const };
      }),
    );
  }
  if (present.length) {
    options.push(
      fc
        .constantFrom(...present)
        .chain((field: CommandFieldName) =>
          invalid[commandFields[field].kind].map((value) => ({ row: r, command: { ...command, [field]: value }, field, kind: 'wrong type' as const })),
        ),
    );
  }
  const taken = new Set(['name', ...fieldsOf(r)]);
  options.push(
    fc
      .tuple(fc.oneof(fc.constantFrom(...Object.keys(commandFields)), fc.string({ minLength: 1, maxLength: 20 })), fc.jsonValue({ maxDepth: 1 }))
      .filter(([key]) => !taken.has(key))
      .map(([field, value]) => ({ row: r, command: { ...command, [field]: value }, field, kind: 'extra' as const })),
  );
  return fc.oneof(...options);
});
