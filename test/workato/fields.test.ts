/**
 * What a recipe builder sees, as Workato's SDK gem computes it from connector.rb: each action's
 * input and output fields for every config choice (the 24 rows of the command table and List of
 * commands), each trigger's input and output fields, and every pick list, equal to the manifest's.
 */
import { commandTable } from '../../connector/commands';
import { LIST_OF_COMMANDS, pickLists } from '../../src/compile/pick-lists';
import { workatoActions } from '../../src/compile/workato-actions';
import { workatoTriggers } from '../../src/compile/workato-triggers';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { describeWithWorkato, json, ok, secretsPrinted, workatoExec } from './support';

const SECRET = 'extids-local-secret';

describeWithWorkato('the fields and pick lists of connector.rb under Workato’s SDK gem', () => {
  let emulator: LiveEmulator;
  let settings: Record<string, string>;
  beforeAll(async () => {
    emulator = await liveEmulator();
    settings = { domain: emulator.url, client_id: 'extids-local', client_secret: SECRET };
  });
  afterAll(() => emulator?.close());

  const actions = workatoActions();
  const runCommands = actions.find((a) => a.name === 'run_commands')!;
  const choices = [...commandTable.map((r) => r.id), LIST_OF_COMMANDS];

  // Run commands' output does not depend on the choice (its output_fields never reads config_fields): three choices show it.
  const outputChoices = [LIST_OF_COMMANDS, 'MapUserCommand.external', 'ResetAllUsersMatchCommand'];

  it('gives every action and every trigger its input and output fields, and Run commands the input fields of each of its 25 choices', async () => {
    expect(choices).toHaveLength(25);
    const cases: { label: string; path: string; configFields: Record<string, unknown>; expected: unknown }[] = [
      ...actions.map((a) => ({ label: `${a.name} input`, path: `actions.${a.name}.input_fields`, configFields: {}, expected: a.input_fields })),
      ...actions.map((a) => ({ label: `${a.name} output`, path: `actions.${a.name}.output_fields`, configFields: {}, expected: a.output_fields })),
      ...choices.map((c) => ({ label: `run_commands input for ${c}`, path: 'actions.run_commands.input_fields', configFields: { command: c }, expected: runCommands.input_fields_by_choice![c] })),
      ...outputChoices.map((c) => ({ label: `run_commands output for ${c}`, path: 'actions.run_commands.output_fields', configFields: { command: c }, expected: runCommands.output_fields })),
      ...workatoTriggers().flatMap((t) => [
        { label: `trigger ${t.name} input`, path: `triggers.${t.name}.input_fields`, configFields: {}, expected: t.input_fields },
        { label: `trigger ${t.name} output`, path: `triggers.${t.name}.output_fields`, configFields: {}, expected: t.output_fields },
      ]),
    ];
    const results = await Promise.all(cases.map((c) => workatoExec(c.path, { settings, configFields: c.configFields })));
    const got = results.map((r, i) => ({ case: cases[i].label, fields: json(ok(r)) }));
    expect(got).toEqual(cases.map((c) => ({ case: c.label, fields: json(c.expected) })));
    // A builder who picks one command sees its required fields as required.
    const mapUser = got.find((g) => g.case === 'run_commands input for MapUserCommand.internal')!.fields as { name: string; optional: boolean }[];
    expect(mapUser.map((f) => [f.name, f.optional])).toContainEqual(['internal_uuid', false]);
  }, 180_000);

  it('gives every pick list as the manifest has it', async () => {
    const names = Object.keys(pickLists) as (keyof typeof pickLists)[];
    const results = await Promise.all(names.map((name) => workatoExec(`pick_lists.${name}`, { settings })));
    expect(results.map((r, i) => ({ name: names[i], options: json(ok(r)) }))).toEqual(names.map((name) => ({ name, options: json(pickLists[name]) })));
    expect(json(ok(results[names.indexOf('command_choices' as never)]))).toHaveLength(choices.length);
  }, 60_000);

  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET])).toEqual([]);
  });
});
