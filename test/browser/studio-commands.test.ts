/**
 * Run commands in the studio, as the recipe editor shows it: the Command choice shows exactly the
 * fields of the command picked, with the labels and required marks of the generated Workato fields.
 */
import { describeInBrowser } from '../support/browser';
import { field, openPanel, showOptional, itStaysOnItsOwnOrigin, studioInBrowser, type StudioTab } from '../support/studio-page';
import { buildManifest } from '../../src/compile/manifest';

const manifest = buildManifest();
const runCommands = manifest.actions.find((a) => a.name === 'run_commands')!;

describeInBrowser('the studio: Run commands', () => {
  const bench = studioInBrowser();
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
  });

  it('shows Match session with Course ID required and no Internal UUID, and Match user with Internal UUID', async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'Match session' });
    const courseId = field(panel, 'Course ID');
    expect(await courseId.isVisible()).toBe(true);
    expect(await courseId.getAttribute('aria-required')).toBe('true');
    // The visible mark sits beside the label.
    expect(await panel.locator('.field.required').filter({ has: tab.page.getByLabel('Course ID', { exact: true }) }).locator('.required-mark').isVisible()).toBe(true);
    expect(await field(panel, 'Internal UUID').count()).toBe(0);

    await field(panel, 'Command').selectOption({ label: 'Match user' });
    expect(await field(panel, 'Internal UUID').isVisible()).toBe(true);
    expect(await field(panel, 'Internal UUID').getAttribute('aria-required')).toBe('true');
    expect(await field(panel, 'Course ID').count()).toBe(0);
  });

  it('shows, for every command picked, exactly the fields the generated Workato fields give that choice, labelled, hinted and marked as they say', async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    for (const [choice, fields] of Object.entries(runCommands.input_fields_by_choice ?? {})) {
      if (choice === 'list_of_commands') continue;
      await field(panel, 'Command').selectOption(choice);
      const shown = await panel.locator('.inputs > .field, .inputs > fieldset.group, .inputs > details > .field, .inputs > details > fieldset.group').evaluateAll((frames) =>
        frames.map((f) => ({
          name: (f as HTMLElement).dataset.segment,
          label: (f.querySelector(':scope > .field-head > label, :scope > legend') as HTMLElement).textContent!.replace(/\s*\*$/, '').trim(),
          required: f.classList.contains('required'),
          behindOptional: f.parentElement!.tagName === 'DETAILS',
          hint: f.querySelector(':scope > .hint')?.textContent ?? '',
        })),
      );
      // As the recipe editor: the required (and sticky) fields at once, the other optional ones behind Optional fields.
      const atOnce = (f: (typeof fields)[number]) => !f.optional || !!f.sticky;
      const expected = [...fields.filter(atOnce), ...fields.filter((f) => !atOnce(f))];
      expect([choice, shown.map(({ hint: _, ...s }) => s)]).toEqual([
        choice,
        expected.map((f) => ({ name: f.name, label: f.label, required: !f.optional, behindOptional: !atOnce(f) })),
      ]);
      // Each hint starts with the manifest's (the studio may add how to give the value, such as "In UTC.").
      expected.forEach((f, i) => expect([choice, f.name, shown[i].hint.startsWith(f.hint ?? '')]).toEqual([choice, f.name, true]));
    }
  });

  it('shows the sticky fields of a step at once, and its other optional fields only once Optional fields is opened', async () => {
    const trigger = await openPanel(tab.page, 'New or updated mappings');
    const since = manifest.triggers[0].input_fields.find((f) => f.sticky)!;
    expect(await field(trigger, since.label!).isVisible()).toBe(true);
    const query = await openPanel(tab.page, 'Query entities');
    expect(await field(query, 'Page size').isVisible()).toBe(false);
    await showOptional(query);
    expect(await field(query, 'Page size').isVisible()).toBe(true);
  });

  it("shows the chosen command's help from the command table", async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'Match session' });
    const row = manifest.commands.find((c) => c.id === 'MatchSessionCommand')!;
    expect(await panel.locator('.choice-help').innerText()).toBe(`${row.title}: ${row.help}`);
  });

  it('shows List of commands as a list of command items, with a Name picked from the command names', async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'List of commands' });
    const list = panel.getByRole('group', { name: 'Commands', exact: true });
    expect(await list.isVisible()).toBe(true);
    // A required list starts with one item; Add makes a second, Remove takes it away.
    expect(await list.getByRole('group', { name: /^Commands \d+$/ }).count()).toBe(1);
    await list.getByRole('button', { name: 'Add Commands item' }).click();
    expect(await list.getByRole('group', { name: 'Commands 2' }).isVisible()).toBe(true);
    const names = await list.getByRole('group', { name: 'Commands 2' }).getByLabel('Name', { exact: true }).locator('option').allInnerTexts();
    expect(names).toEqual(expect.arrayContaining(manifest.pick_lists.command_names.map(([label]) => label)));
    await list.getByRole('button', { name: 'Remove Commands 2' }).click();
    expect(await list.getByRole('group', { name: /^Commands \d+$/ }).count()).toBe(1);
  });

  itStaysOnItsOwnOrigin(bench);
});
