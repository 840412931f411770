/** Commands for the Workato-engine tests: every shape of the command table, broken in every way, and random mutations. */
import fc from 'fast-check';
import { commandTable, fieldsOf } from '../../connector/commands';
import { commandFieldNames } from '../../connector/fields';
import { exampleCommand } from '../../src/compile/examples';
import { mutatedCommand, validCommand } from '../support/arbitraries';

export const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';

/** Values that probe each kind of field: right, wrong, and loose but coercible. */
export const probes: unknown[] = [
  '', 'abc', '42', '007', 0, -1, 1.5, 42, true, false, null, [], {}, [1], { a: 1 },
  'x'.repeat(256), 'a string that is rather longer than forty characters', 9007199254740993, '9007199254740993', 1e21, 1e-7, 'DEADBEEF-0000-4000-8000-000000000000', UUID,
];

const deep = (levels: number): unknown => (levels === 0 ? 1 : { n: deep(levels - 1) });

/** Commands derived from the command table: every row (24 shapes) valid, and broken in every way per field. */
export const tableCases = (): unknown[] => {
  const cases: unknown[] = [5, 'MatchUserCommand', null, [], true, {}, { name: null }, { name: 7 }, { name: ['MatchUserCommand'] }];
  for (const n of ['MatchUser', 'matchusercommand', 'ResetAllUsersMatch', 'Foo', 'MapUser', 'MatchCourseEnrolmentCommand', 'x'.repeat(60), 'y'.repeat(81), 'MatchUserCommand'.repeat(3)]) cases.push({ name: n });
  for (const row of commandTable) {
    const good = exampleCommand(row, 3);
    cases.push(good, { name: row.name });
    for (const f of row.required) {
      const { [f]: _, ...rest } = good;
      cases.push(rest);
    }
    for (const f of fieldsOf(row)) for (const value of probes) cases.push({ ...good, [f]: value });
    cases.push({ ...good, extra: 1 }, { extra: 1, ...good }, { ...good, '2': 'x', '1': 'y' }, { ...good, 'odd key': 1, Name: row.name });
    for (const f of commandFieldNames) if (!fieldsOf(row).includes(f)) cases.push({ ...good, [f]: 1 });
    if (row.metadata) {
      cases.push(
        { ...good, metadata: deep(8) },
        { ...good, metadata: deep(7) },
        { ...good, metadata: { big: 'x'.repeat(17_000) } },
        { ...good, metadata: { 'a b': [1, { 'c-d': [[[[[[[1]]]]]]] }], '3': { x: 1 } } },
        { ...good, metadata: 'not an object', internal_id: 'nope' },
      );
    }
  }
  // Both shapes of MapUserCommand at once, and neither.
  cases.push(
    { name: 'MapUserCommand', mapping_id: 'm', internal_id: 1, internal_uuid: UUID, external_id: 'e' },
    { name: 'MapUserCommand', mapping_id: 'm', internal_id: '5', external_id: 'e' },
    { name: 'MapUserCommand', mapping_id: 7, external_id: 8 },
    { name: 'MapUserCommand', internal_id: 1 },
    { name: 'MapUserCommand', mapping_id: 'm', metadata: { a: 1 }, internal_id: 2, internal_uuid: UUID },
  );
  return cases;
};

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Random commands: valid ones of every row, and single mutations of them (a seed keeps runs alike). */
export const randomCases = (): unknown[] =>
  [...fc.sample(validCommand.map((v) => v.command), { numRuns: 150, seed: 5 }), ...fc.sample(mutatedCommand.map((m) => m.command), { numRuns: 450, seed: 5 })].filter(
    (c) => isWellFormed(JSON.stringify(c)),
  );
