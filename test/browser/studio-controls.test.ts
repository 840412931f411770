/**
 * The controls of the studio hand the runtime what Workato would: a date-time picked as an instant
 * in UTC, a toggle's custom value, a multiselect joined by its delimiter, metadata as a nested JSON
 * object; and each step shows its title and help from the manifest.
 */
import type { Locator } from 'playwright-core';
import { buildManifest } from '../../src/compile/manifest';
import { describeInBrowser } from '../support/browser';
import { field, openPanel, showOptional, itStaysOnItsOwnOrigin, studioInBrowser, test, usePill, type StudioTab } from '../support/studio-page';

const manifest = buildManifest();

/** The JSON body of the first exchange whose summary matches, as the exchange list shows it. */
const sentBody = async (result: Locator, summary: RegExp): Promise<unknown> => {
  const exchange = result.locator('.exchanges details').filter({ has: result.page().locator('summary', { hasText: summary }) }).first();
  await exchange.locator('summary').click();
  return JSON.parse(await exchange.locator('pre').innerText());
};

describeInBrowser('the studio: controls', () => {
  const bench = studioInBrowser();
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
    const panel = await openPanel(tab.page, 'Create integration');
    await field(panel, 'Name').fill('CONTROLS');
    // A multiselect of events, picked by their labels.
    await showOptional(panel);
    await field(panel, 'Events').selectOption([{ label: 'platform.events.user.UserDeleted' }, { label: 'platform.events.course.CourseDeleted' }]);
    const result = await test(panel, 'Create integration');
    expect(await sentBody(result, /^POST \/external-ids\/v1\/integrations /)).toEqual({
      name: 'CONTROLS',
      events: ['platform.events.user.UserDeleted', 'platform.events.course.CourseDeleted'],
    });
  });

  it.each([...manifest.actions, ...manifest.triggers].map((o) => [o.title, o] as const))('shows %s with its subtitle and help from the manifest', async (title, operation) => {
    const panel = await openPanel(tab.page, title);
    expect(await panel.locator('.subtitle').innerText()).toBe(operation.subtitle);
    expect(await panel.locator('.help').innerText()).toBe(operation.help);
  });

  it("sends metadata as a nested JSON object, and a toggle's custom value (true) waits for processing", async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'Match user' });
    await usePill(tab.page, field(panel, 'Integration UUID'), 'UUID', 'Create integration');
    await usePill(tab.page, field(panel, 'Integration PSK'), 'PSK', 'Create integration');
    await field(panel, 'External ID').fill('hr-7');
    await field(panel, 'Internal ID').fill('7');
    await field(panel, 'Internal UUID').fill('4d8c0d3e-6c1b-4a5e-9f3a-2b7c1d0e9f11');
    await showOptional(panel);
    await field(panel, 'Metadata').fill('{"dept": {"code": "ENG"}, "level": 3}');
    // The toggle swaps the option list for a text field under the same label.
    const toggle = panel.getByRole('button', { name: 'Wait for processing: Use custom value' });
    await toggle.click();
    expect(await panel.getByRole('button', { name: 'Wait for processing: Select from option list' }).isVisible()).toBe(true);
    await field(panel, 'Wait for processing').fill('true');
    const result = await test(panel, 'Run commands');
    expect(await result.getByRole('button', { name: /^Processed / }).innerText()).toBe('Processed 1');
    const body = (await sentBody(result, /\/commands 202 /)) as { commands: Record<string, unknown>[] };
    expect(body.commands[0]).toMatchObject({ name: 'MatchUserCommand', external_id: 'hr-7', internal_id: 7, metadata: { dept: { code: 'ENG' }, level: 3 } });
  });

  it('sends a date-time picked on the page as an instant in UTC, and finds the mapping by its metadata', async () => {
    const panel = await openPanel(tab.page, 'Query entities');
    await usePill(tab.page, field(panel, 'Integration UUID'), 'UUID', 'Create integration');
    await usePill(tab.page, field(panel, 'Integration PSK'), 'PSK', 'Create integration');
    await showOptional(panel);
    await field(panel, 'Created at from').fill('2000-01-02T03:04:05');
    const filters = panel.getByRole('group', { name: 'Metadata filters', exact: true });
    await filters.getByRole('button', { name: 'Add Metadata filters item' }).click();
    const item = filters.getByRole('group', { name: 'Metadata filters 1' });
    await field(item, 'Key').fill('dept.code');
    await field(item, 'Operator').selectOption({ label: 'Equals' });
    await field(item, 'Value').fill('ENG');
    const result = await test(panel, 'Query entities');
    expect(await result.getByRole('button', { name: /^External ID / }).innerText()).toBe('External ID hr-7');
    const body = (await sentBody(result, /\/entities\/query 200 /)) as Record<string, unknown>;
    // The page sends 2000-01-02T03:04:05Z; the runtime writes every instant in one form.
    expect(body).toMatchObject({ created_at_from: '2000-01-02T03:04:05.000Z', metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'ENG' }] });
  });

  it("puts a date-time pill into a date-time field to the millisecond, refuses a pill that is no instant, and makes a nil pill an empty field", async () => {
    const panel = await openPanel(tab.page, 'Query entities');
    await showOptional(panel);
    const result = panel.getByRole('region', { name: 'Result of Query entities' });
    const found = JSON.parse(await result.locator('details.json pre').textContent() ?? '{}') as { items: { updated_at: string; deleted_at: null }[] };
    expect(found.items[0].deleted_at).toBeNull();
    const to = field(panel, 'Updated at to');
    await usePill(tab.page, to, 'Updated at', 'Query entities');
    expect(await tab.page.getByRole('status').first().innerText()).toBe('Updated at put into Updated at to.');
    await usePill(tab.page, to, 'External ID', 'Query entities');
    expect(await tab.page.getByRole('status').first().innerText()).toBe('External ID is not a date-time: it cannot go into Updated at to.');
    await usePill(tab.page, field(panel, 'After'), 'Deleted at', 'Query entities');
    expect(await field(panel, 'After').inputValue()).toBe('');
    const again = await test(panel, 'Query entities');
    const body = (await sentBody(again, /\/entities\/query 200 /)) as Record<string, unknown>;
    expect(body.updated_at_to).toBe(found.items[0].updated_at);
    expect(body).not.toHaveProperty('after');
  });

  it('keeps keyboard focus on a Test button while it runs, and on the list after an item is removed', async () => {
    const panel = await openPanel(tab.page, 'Create integration');
    await field(panel, 'Name').fill('FOCUS');
    const button = panel.getByRole('button', { name: 'Test action', exact: true });
    await button.focus();
    await tab.page.keyboard.press('Enter');
    await panel.getByRole('region', { name: 'Result of Create integration' }).locator('.outcome').waitFor();
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
    const query = await openPanel(tab.page, 'Query entities');
    await showOptional(query);
    const filters = query.getByRole('group', { name: 'Metadata filters', exact: true });
    await filters.getByRole('button', { name: 'Remove Metadata filters 1' }).focus();
    await tab.page.keyboard.press('Enter');
    expect(await filters.getByRole('button', { name: 'Add Metadata filters item' }).evaluate((b) => b === document.activeElement)).toBe(true);
  });

  itStaysOnItsOwnOrigin(bench);
});
