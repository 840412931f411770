/**
 * The generated Ruby judges commands and inputs exactly as the TypeScript runtime does: the same
 * verdicts, messages, order and coercions for every row of the command table and for invalid
 * commands (generated from the table, plus random mutations), the same prepared inputs and input
 * errors, the same instants, JSON texts and idempotency keys.
 */
import fc from 'fast-check';
import { actions } from '../../connector/actions';
import { commandNames, commandTable, fieldsOf } from '../../connector/commands';
import { commandFieldNames, commandFields, type FieldKind } from '../../connector/fields';
import { exampleCommand } from '../../src/compile/examples';
import { ValidationError } from '../../src/errors';
import { prepareInput } from '../../src/runtime/execute';
import { canonicalJson, chunkIdempotencyKey } from '../../src/runtime/idempotency';
import { toUtcInstant } from '../../src/runtime/instant';
import type { ActionDeclaration } from '../../src/sdk/define';
import { checksError, validateCommands } from '../../src/validate';
import { mutatedCommand, validCommand } from '../support/arbitraries';
import { describeWithRuby, ok, runRuby, type RubyCase } from './support';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';

/** Values that probe each kind of field: right, wrong, and loose but coercible. */
const probes: unknown[] = [
  '', 'abc', '42', '007', 0, -1, 1.5, 42, true, false, null, [], {}, [1], { a: 1 },
  'x'.repeat(256), 'a string that is rather longer than forty characters', 9007199254740993, '9007199254740993', 1e21, 1e-7, 'DEADBEEF-0000-4000-8000-000000000000', UUID,
];

const deep = (levels: number): unknown => (levels === 0 ? 1 : { n: deep(levels - 1) });

/** Commands derived from the command table: every row valid, and broken in every way per field. */
const tableCases = (): unknown[] => {
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
const randomCases = (): unknown[] =>
  [...fc.sample(validCommand.map((v) => v.command), { numRuns: 150, seed: 5 }), ...fc.sample(mutatedCommand.map((m) => m.command), { numRuns: 450, seed: 5 })].filter(
    (c) => isWellFormed(JSON.stringify(c)),
  );

/** What both runtimes say about a command, for comparing. */
const verdict = (c: { name: string | null; valid: boolean; row: string | null; errors: readonly { field: string | null; message: string }[]; coerced: readonly string[]; command?: unknown }) => ({
  name: c.name,
  valid: c.valid,
  row: c.row,
  errors: c.errors.map((e) => ({ field: e.field, message: e.message })),
  coerced: [...c.coerced],
  command: c.command ?? null,
});

const tsPrepare = (name: string, input: unknown): { ok: unknown } | { error: string } => {
  try {
    return { ok: prepareInput(actions.find((a) => a.name === name) as unknown as ActionDeclaration, input) };
  } catch (e) {
    if (e instanceof ValidationError) return { error: e.message };
    throw e;
  }
};

describeWithRuby('the generated Ruby validates as the TypeScript runtime does', () => {
  // Both runtimes read the same JSON text, so that they judge the very same values.
  const commands = JSON.parse(JSON.stringify([...tableCases(), ...randomCases()])) as unknown[];

  it(`gives the same verdict, messages and coercions for ${'every'} command of the table, broken or not`, async () => {
    const [ruby] = await runRuby([{ kind: 'method', name: 'validate_commands', args: [commands] }]);
    const expected = validateCommands(commands).map(verdict);
    const got = (ok(ruby) as Parameters<typeof verdict>[0][]).map(verdict);
    expect(got.length).toBe(expected.length);
    const differing = got.flatMap((g, i) => (JSON.stringify(g) === JSON.stringify(expected[i]) ? [] : [{ command: commands[i], ruby: g, typescript: expected[i] }]));
    expect(differing.slice(0, 3)).toEqual([]);
    expect(commands.length).toBeGreaterThan(1500);
  });

  it('words the "nothing was sent" summary of an invalid list the same way', async () => {
    const lists = [commands.slice(0, 40), commands.slice(100, 103), [exampleCommand(commandTable[0])]];
    const cases: RubyCase[] = lists.map((l) => ({ kind: 'method', name: 'checks_error', args: [validateCommands(l).map(verdict), 'commands'] }));
    const results = await runRuby(cases);
    results.forEach((r, i) => expect(ok(r)).toBe(checksError(validateCommands(lists[i]))?.message ?? null));
  });

  it('prepares loose action inputs identically, and refuses bad ones with the same message', async () => {
    const inputs: [string, Record<string, unknown>][] = [
      ['create_integration', { name: 'SLACK', events: 'platform.events.user.UserCreated, platfrom.events.orgchart.UserRemovedFromBranch' }],
      ['create_integration', { name: 'SLACK', events: ['platform.events.user.UserCreated', 'platform.events.user.UserCreated'] }],
      ['create_integration', { name: 'SLACK', events: ['platform.events.orgchart.UserRemovedFromBranch', 'platfrom.events.orgchart.UserRemovedFromBranch', 'platform.events.user.UserCreatd', 5] }],
      ['create_integration', { name: ' ', events: null }],
      ['create_integration', { name: '', extra: 1 }],
      ['create_integration', {}],
      ['update_integration', { integration_uuid: UUID, integration_psk: 'p', status: 'inactive', name: '' }],
      ['update_integration', { integration_uuid: 'nope', integration_psk: 5, status: 'paused' }],
      ['query_entities', { integration_uuid: UUID, integration_psk: 'p', page: '2', page_size: ' 50 ', fetch_all_pages: 'true', entity_types: 'users, courses', created_at_from: '2026-11-27T23:00:00+02:00', touched_at_to: '2026-11-27T21:38:36.1230001-05:30', sort_by: null }],
      ['query_entities', { integration_uuid: UUID, integration_psk: 'p', page: 0, page_size: 'x', zzz: 1, sort_by: 'name', sort_direction: 'up', created_at_from: 'yesterday', entity_types: ['users', 'users', 'x'] }],
      ['query_entities', { integration_uuid: UUID, integration_psk: 'p', entities: { users: { user_ids: [0, 'a'], bad: 1 }, nope: {} }, metadata_filters: [{ key: '', operator: 'x' }], max_items: '0' }],
      ['query_entities', { integration_uuid: UUID, integration_psk: 'p', entities: { course_enrollments: [{ user_id: 1, course_id: 2 }] }, metadata_filters: [{ key: 'a.b', operator: 'eq', value: null }] }],
      ['run_commands', { integration_uuid: UUID, integration_psk: 'p', commands: [{ name: 'X' }, 5], wait_for_processing: 'false', wait_timeout_seconds: '30' }],
      ['run_commands', { integration_uuid: UUID, integration_psk: 'p', commands: 'MatchUserCommand' }],
    ];
    const results = await runRuby(inputs.map(([action, input]) => ({ kind: 'prepare', action, input })));
    results.forEach((r, i) => expect('error' in r ? { error: r.error } : r).toEqual(tsPrepare(...inputs[i])));
  });

  it('sends every instant as ISO 8601 UTC, whatever its offset and fraction digits', async () => {
    const given = [
      '2026-11-27T21:38:36Z', '2026-11-27T23:38:36.5+02:00', '2026-11-27T16:08:36.123-05:30', '2026-11-27T21:38:36.1230001Z',
      '2026-11-27 21:38Z', '2026-11-27T21:38:36+0530', '2024-02-29T23:59:60Z', '2026-02-30T00:00:00Z', '2026-11-27', '2026-11-27T21:38:36', 'yesterday', 42,
      ...fc.sample(fc.date({ min: new Date('1970-01-02T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), { numRuns: 50, seed: 7 }).map((d) => d.toISOString()),
    ];
    const results = await runRuby(given.map((g) => ({ kind: 'method', name: 'utc_instant', args: [g] })));
    expect(results.map((r) => ok(r))).toEqual(given.map((g) => toUtcInstant(g) ?? null));
  });

  it('writes JSON text as JSON.stringify does (metadata sizes agree)', async () => {
    const values = [1e21, 1e-7, 123.456, -0.5, 2 ** 53, 'é\u2028"\\\n\u0001', { b: [1, { d: 1, c: null }], a: 'x', '10': 1, '2': 2 }, ...fc.sample(fc.jsonValue({ maxDepth: 3 }), { numRuns: 80, seed: 3 })].filter(
      (v) => isWellFormed(JSON.stringify(v)),
    );
    const parsed = JSON.parse(JSON.stringify(values)) as unknown[];
    const results = await runRuby(parsed.map((v) => ({ kind: 'method', name: 'json_text', args: [v] })));
    expect(results.map((r) => ok(r))).toEqual(parsed.map((v) => JSON.stringify(v)));
  });

  it('derives the same Idempotency-Key as the TypeScript runtime for the same execution, chunk and content', async () => {
    const chunks = commandTable.map((r, i) => [exampleCommand(r, i), exampleCommand(commandTable[0], i)]);
    const results = await runRuby(chunks.map((chunk, i) => ({ kind: 'method', name: 'idempotency_key', args: [UUID, `job-${i}`, i, chunk] })));
    expect(results.map((r) => ok(r))).toEqual(chunks.map((chunk, i) => chunkIdempotencyKey(UUID, `job-${i}`, i, chunk)));
    const [canonical] = await runRuby([{ kind: 'method', name: 'canonical_json', args: [chunks[0]] }]);
    expect(ok(canonical)).toBe(canonicalJson(chunks[0]));
  });

  it('names the same coercible kinds of value as the validators do', () => {
    // Guard for the probes above: they cover every kind of field the table uses.
    const kinds = new Set<FieldKind>(commandNames.flatMap((n) => commandTable.filter((r) => r.name === n).flatMap((r) => fieldsOf(r).map((f) => commandFields[f].kind))));
    expect([...kinds].sort()).toEqual(['id', 'key', 'metadata', 'uuid']);
  });
});
