/**
 * Failures beside the fields they name, in the CLI's words: the runtime's own messages, as
 * `extids exec` prints them, whether the runtime refuses the input or Run commands reports a
 * command it rejected.
 */
import { actions } from '../../connector/actions';
import { ValidationError } from '../../src/errors';
import { executeAction } from '../../src/runtime/execute';
import { describeInBrowser } from '../support/browser';
import { errorBeside, field, openPanel, showOptional, itStaysOnItsOwnOrigin, studioInBrowser, test, type StudioTab } from '../support/studio-page';

/** What the CLI says of an action's input, without sending anything: the runtime refuses it before any request. */
const cliDetails = async (name: string, input: unknown): Promise<{ path: string; message: string }[]> => {
  try {
    await executeAction(actions.find((a) => a.name === name)!, { domain: 'http://127.0.0.1:9', client_id: 'x', client_secret: 'y' }, input);
  } catch (e) {
    if (e instanceof ValidationError) return e.details;
    throw e;
  }
  throw new Error(`${name} accepted ${JSON.stringify(input)}`);
};

describeInBrowser('the studio: failures beside their fields', () => {
  const bench = studioInBrowser();
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
  });

  it("shows Create integration's missing Name beside the Name field, in the CLI's words, sending nothing", async () => {
    const [expected] = await cliDetails('create_integration', {});
    expect(expected.message).toBe('missing required field input.name');
    const panel = await openPanel(tab.page, 'Create integration');
    const result = await test(panel, 'Create integration');
    expect(await errorBeside(field(panel, 'Name'))).toBe(expected.message);
    expect(await field(panel, 'Name').getAttribute('aria-invalid')).toBe('true');
    expect(await result.locator('.outcome').innerText()).toBe(`extids: invalid input for create_integration: ${expected.message}`);
    expect(await result.getByText('None: nothing was sent.').isVisible()).toBe(true);
    // Filled in and tested again, the failure goes.
    await field(panel, 'Name').fill('FIXED');
    await test(panel, 'Create integration');
    expect(await errorBeside(field(panel, 'Name'))).toBe('');
    expect(await field(panel, 'Name').getAttribute('aria-invalid')).toBeNull();
  });

  it('shows a nested failure of Query entities beside the list item it names', async () => {
    const input = { integration_uuid: '8e5c6f0e-1f7e-4a53-9d55-3f1d8f1e2c11', integration_psk: 'p', metadata_filters: [{ key: 'dept' }] };
    const expected = await cliDetails('query_entities', input);
    const panel = await openPanel(tab.page, 'Query entities');
    await field(panel, 'Integration UUID').fill(input.integration_uuid);
    await field(panel, 'Integration PSK').fill(input.integration_psk);
    await showOptional(panel);
    const filters = panel.getByRole('group', { name: 'Metadata filters', exact: true });
    await filters.getByRole('button', { name: 'Add Metadata filters item' }).click();
    const item = filters.getByRole('group', { name: 'Metadata filters 1' });
    await field(item, 'Key').fill('dept');
    await test(panel, 'Query entities');
    expect(expected.map((d) => d.path)).toEqual(['input.metadata_filters[0].operator', 'input.metadata_filters[0].value']);
    expect(await errorBeside(field(item, 'Operator'))).toBe(expected[0].message);
    expect(await errorBeside(field(item, 'Value'))).toBe(expected[1].message);
    expect(await errorBeside(field(item, 'Key'))).toBe('');
  });

  it('shows a command Run commands rejected beside the field at fault: Match session without Course ID', async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'Match session' });
    // A real integration, so that the command reaches the runtime's command checks.
    const created = await openPanel(tab.page, 'Create integration');
    await field(created, 'Name').fill('ERRORS');
    const made = await test(created, 'Create integration');
    const uuid = (await made.getByRole('button', { name: /^UUID / }).locator('.pill-value').innerText()).trim();
    const psk = (await made.getByRole('button', { name: /^PSK / }).locator('.pill-value').innerText()).trim();
    await openPanel(tab.page, 'Run commands');
    await field(panel, 'Integration UUID').fill(uuid);
    await field(panel, 'Integration PSK').fill(psk);
    await field(panel, 'External ID').fill('ilt-1');
    await field(panel, 'Internal ID').fill('3');
    const result = await test(panel, 'Run commands');
    expect(await result.getByRole('button', { name: /^Rejected / }).innerText()).toBe('Rejected 1');
    expect(await errorBeside(field(panel, 'Course ID'))).toBe('missing required field course_id');
    expect(await errorBeside(field(panel, 'External ID'))).toBe('');
  });

  it('keeps a failure beside the list item it names when an item before it was left empty (and so not sent)', async () => {
    const panel = await openPanel(tab.page, 'Query entities');
    await showOptional(panel);
    const filters = panel.getByRole('group', { name: 'Metadata filters', exact: true });
    // The earlier test left one filter; two more, of which only the last is filled.
    await filters.getByRole('button', { name: 'Add Metadata filters item' }).click();
    await filters.getByRole('button', { name: 'Add Metadata filters item' }).click();
    const items = filters.getByRole('group', { name: /^Metadata filters \d$/ });
    expect(await items.count()).toBe(3);
    await field(items.nth(0), 'Key').fill('');
    await field(items.nth(2), 'Key').fill('dept');
    await test(panel, 'Query entities');
    expect(await errorBeside(field(items.nth(2), 'Operator'))).toBe('missing required field input.metadata_filters[0].operator');
    for (const i of [0, 1]) expect([i, await errorBeside(field(items.nth(i), 'Operator'))]).toEqual([i, '']);
    // Removing the first empty item changes nothing of where the failure is.
    await filters.getByRole('button', { name: 'Remove Metadata filters 1' }).click();
    await test(panel, 'Query entities');
    expect(await errorBeside(field(items.nth(1), 'Operator'))).toBe('missing required field input.metadata_filters[0].operator');
    expect(await errorBeside(field(items.nth(0), 'Operator'))).toBe('');
  });

  it('marks the control shown as invalid: a toggle given a custom value', async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'Match course' });
    await showOptional(panel);
    await panel.getByRole('button', { name: 'Fail on invalid commands: Use custom value' }).click();
    await field(panel, 'Fail on invalid commands').fill('maybe');
    await test(panel, 'Run commands');
    const custom = field(panel, 'Fail on invalid commands');
    expect(await errorBeside(custom)).toMatch(/fail_on_invalid/);
    expect(await custom.getAttribute('aria-invalid')).toBe('true');
  });

  it('asks for the Command first when Run commands is tested before one is picked, sending nothing', async () => {
    await tab.page.reload();
    await tab.page.getByRole('navigation', { name: 'Connector' }).waitFor();
    const panel = await openPanel(tab.page, 'Run commands');
    expect(await panel.getByText('Pick a command to see its fields.').isVisible()).toBe(true);
    await panel.getByRole('button', { name: 'Test action', exact: true }).click();
    expect(await errorBeside(field(panel, 'Command'))).toBe('missing required field command');
    expect(await panel.getByRole('region', { name: 'Result of Run commands' }).innerText()).toBe('');
  });

  itStaysOnItsOwnOrigin(bench);
});
