/**
 * One sitting in the studio, by clicking and typing only, the way a recipe is tried: Create
 * integration, then Run commands with its UUID and PSK taken from data pills (one command, waiting
 * for it), then Query entities, which finds the mapping just made; then the trigger sees it.
 */
import { describeInBrowser } from '../support/browser';
import { field, openPanel, showOptional, itStaysOnItsOwnOrigin, studioInBrowser, test, usePill, type StudioTab } from '../support/studio-page';

describeInBrowser('the studio: Create integration → Run commands → Query entities', () => {
  const bench = studioInBrowser();
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
  });

  const pill = (result: import('playwright-core').Locator, label: string) => result.getByRole('button', { name: new RegExp(`^${label} `) });

  it('creates an integration whose output shows its UUID and PSK as data pills', async () => {
    const panel = await openPanel(tab.page, 'Create integration');
    await field(panel, 'Name').fill('STUDIO-FLOW');
    const result = await test(panel, 'Create integration');
    expect(await result.locator('.outcome').innerText()).toBe('Create integration: succeeded.');
    expect(await pill(result, 'UUID').innerText()).toMatch(/^UUID [0-9a-f-]{36}$/);
    // Create integration's own result is the one place that shows the PSK.
    expect(await pill(result, 'PSK').innerText()).toMatch(/^PSK [A-Za-z0-9_-]{20,}$/);
    // The data pills panel offers both for later steps, the PSK not shown.
    const shelf = tab.page.getByRole('complementary', { name: 'Data pills' });
    expect(await shelf.getByRole('button', { name: /^PSK •+ \(hidden\), from step 1, Create integration$/ }).count()).toBe(1);
  });

  it('runs one Match course command with the pills of Create integration, waiting until it is processed', async () => {
    const panel = await openPanel(tab.page, 'Run commands');
    await field(panel, 'Command').selectOption({ label: 'Match course' });
    await usePill(tab.page, field(panel, 'Integration UUID'), 'UUID', 'Create integration');
    await usePill(tab.page, field(panel, 'Integration PSK'), 'PSK', 'Create integration');
    expect(await field(panel, 'Integration UUID').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    await field(panel, 'External ID').fill('lms-course-501');
    await field(panel, 'Internal ID').fill('501');
    await showOptional(panel);
    await field(panel, 'Wait for processing').selectOption({ label: 'Yes' });
    const result = await test(panel, 'Run commands');
    expect(await result.locator('.outcome').innerText()).toBe('Run commands: succeeded.');
    expect(await pill(result, 'Processed').innerText()).toBe('Processed 1');
    expect(await pill(result, 'Accepted').innerText()).toBe('Accepted 1');
    // Every HTTP exchange is listed: the token, the commands, the batch polled until done.
    const exchanges = await result.locator('.exchanges summary').allInnerTexts();
    expect(exchanges[0]).toMatch(/^POST \/oauth2\/token 200 \d+ ms$/);
    expect(exchanges).toEqual(expect.arrayContaining([expect.stringMatching(/^POST \/external-ids\/v1\/integrations\/[0-9a-f-]{36}\/commands 202 /)]));
    expect(exchanges).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/external-ids\/v1\/integrations\/[0-9a-f-]{36}\/batches\/[^ ]+ 200 /)]));
  });

  it('reaches the data pills from a field by keyboard (Alt+P), and a pill picked there fills that field and gives focus back', async () => {
    const panel = await openPanel(tab.page, 'Update integration');
    const uuid = field(panel, 'Integration UUID');
    await uuid.focus();
    expect(await uuid.getAttribute('aria-keyshortcuts')).toBe('Alt+P');
    await tab.page.keyboard.press('Alt+KeyP');
    const shelf = tab.page.getByRole('complementary', { name: 'Data pills' });
    // The newest step's first pill has the focus; Tab on to the UUID of Create integration.
    for (let i = 0; i < 40 && !(await tab.page.evaluate(() => /^UUID .*Create integration$/.test(document.activeElement?.getAttribute('aria-label') ?? ''))); i++) await tab.page.keyboard.press('Tab');
    expect(await shelf.getByRole('button', { name: /^UUID .*Create integration$/ }).evaluate((b) => b === document.activeElement)).toBe(true);
    await tab.page.keyboard.press('Enter');
    expect(await uuid.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await uuid.inputValue()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('finds the mapping just made with Query entities, its course picked from the entity types', async () => {
    const panel = await openPanel(tab.page, 'Query entities');
    await usePill(tab.page, field(panel, 'Integration UUID'), 'UUID', 'Create integration');
    await usePill(tab.page, field(panel, 'Integration PSK'), 'PSK', 'Create integration');
    await showOptional(panel);
    await field(panel, 'Entity types').selectOption({ label: 'Courses' });
    const courses = panel.getByRole('group', { name: 'Courses', exact: true });
    await courses.getByRole('button', { name: 'Add Course IDs item' }).click();
    await courses.getByLabel('Course IDs 1', { exact: true }).fill('501');
    const result = await test(panel, 'Query entities');
    expect(await result.locator('.outcome').innerText()).toBe('Query entities: succeeded.');
    expect(await pill(result, 'Total count').innerText()).toBe('Total count 1');
    expect(await pill(result, 'External ID').innerText()).toBe('External ID lms-course-501');
    expect(await pill(result, 'Internal ID').first().innerText()).toBe('Internal ID 501');
  });

  it('shows the same mapping as an event of the trigger, New or updated mappings', async () => {
    const panel = await openPanel(tab.page, 'New or updated mappings');
    await usePill(tab.page, field(panel, 'Integration UUID'), 'UUID', 'Create integration');
    await usePill(tab.page, field(panel, 'Integration PSK'), 'PSK', 'Create integration');
    const result = await test(panel, 'New or updated mappings', 'Test trigger');
    expect(await result.locator('.outcome').innerText()).toBe('New or updated mappings: succeeded.');
    expect(await pill(result, 'External ID').innerText()).toBe('External ID lms-course-501');
    // As a recipe's trigger step: its pills are the fields of one event, the first polled.
    const shelf = tab.page.getByRole('complementary', { name: 'Data pills' });
    expect(await shelf.getByRole('button', { name: /^External ID lms-course-501, from step \d+, New or updated mappings \(first event\)$/ }).count()).toBe(1);
  });

  it('polls again from where the last poll stopped, sending its cursor, and finds nothing new', async () => {
    const panel = await openPanel(tab.page, 'New or updated mappings');
    const result = await test(panel, 'New or updated mappings', 'Poll again');
    expect(await result.locator('.outcome').innerText()).toBe('New or updated mappings: succeeded.');
    expect(await result.getByText('Events (0)').isVisible()).toBe(true);
    const query = result.locator('.exchanges details').filter({ has: tab.page.locator('summary', { hasText: /\/entities\/query 200 / }) }).first();
    await query.locator('summary').click();
    expect(JSON.parse(await query.locator('pre').innerText())).toHaveProperty('after');
  });

  itStaysOnItsOwnOrigin(bench);
});
