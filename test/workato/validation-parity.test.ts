/**
 * connector.rb judges commands as the TypeScript validators do, under Workato's SDK gem
 * (`workato exec methods.check_commands`, one exec for all of them): for every one of the 24
 * shapes of the command table, broken in every way per field, and for random mutations, the same
 * verdict — valid or not, the row, the set of fields at fault, what was coerced and the coerced
 * command. Wording may differ; every Ruby message names its field and never holds a value.
 */
import { commandNames } from '../../connector/commands';
import { validateCommands } from '../../src/validate';
import { randomCases, tableCases } from './cases';
import { describeWithWorkato, namesField, ok, workatoExec } from './support';

interface Verdict {
  name: string | null;
  valid: boolean;
  row: string | null;
  errors: { field: string | null; message: string }[];
  coerced: string[];
  command?: unknown;
}

/** What parity is on: everything but the wording. */
const verdict = (v: Verdict) => ({
  name: v.name,
  valid: v.valid,
  row: v.row,
  fields: [...new Set(v.errors.map((e) => e.field))].sort(),
  coerced: [...v.coerced].sort(),
  command: v.command ?? null,
});

/** String values of a command (but its name, or a command's name) long enough that a message holding one is no accident. */
const valuesOf = (command: unknown): string[] => {
  const found: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string' && key !== 'name' && v.length >= 4 && !(commandNames as readonly string[]).includes(v)) found.push(v);
    else if (typeof v === 'number' && String(v).length >= 4) found.push(String(v));
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(command);
  return found;
};

describeWithWorkato('the command checks of connector.rb under Workato’s SDK gem', () => {
  // Both runtimes read the same JSON text, so that they judge the very same values.
  const commands = JSON.parse(JSON.stringify([...tableCases(), ...randomCases()])) as unknown[];

  it('gives the verdict of the TypeScript validators for every shape of the table and their mutations, naming fields and never values', async () => {
    expect(commands.length).toBeGreaterThan(1500);
    const result = await workatoExec('methods.check_commands', { settings: { domain: 'http://127.0.0.1:9' }, args: [commands] });
    const got = ok(result) as Verdict[];
    expect(got.length).toBe(commands.length);
    const expected = validateCommands(commands) as unknown as Verdict[];
    const differing = got.flatMap((g, i) => {
      const [r, t] = [verdict(g), verdict(expected[i])];
      return JSON.stringify(r) === JSON.stringify(t) ? [] : [{ index: i, command: commands[i], ruby: r, typescript: t }];
    });
    expect(differing.slice(0, 5)).toEqual([]);
    expect(differing).toHaveLength(0);

    const badMessages = got.flatMap((g, i) =>
      g.errors.flatMap((e) => {
        const problems: string[] = [];
        if (!e.message) problems.push('no message');
        if (e.field !== null && !namesField(e.message, e.field)) problems.push(`does not name ${e.field}`);
        for (const v of valuesOf(commands[i])) if (e.message.includes(v)) problems.push(`holds the value ${v.slice(0, 20)}`);
        return problems.length ? [{ index: i, message: e.message, problems }] : [];
      }),
    );
    expect(badMessages.slice(0, 5)).toEqual([]);
    // Every invalid command says why.
    expect(got.filter((g) => !g.valid && g.errors.length === 0)).toEqual([]);
  }, 60_000);
});
