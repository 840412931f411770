/**
 * The connection in the studio, as Docebo Connect asks for it: its fields, the password grant's
 * only for that grant, filled with the studio's connection but never its secrets, and Test
 * connection through the Node runtime, its exchanges shown with the secrets masked.
 */
import { defaults } from '../../src/emulator/options';
import { describeInBrowser } from '../support/browser';
import { field, openPanel, itStaysOnItsOwnOrigin, studioInBrowser, test, type StudioTab } from '../support/studio-page';

describeInBrowser('the studio: the connection', () => {
  const bench = studioInBrowser();
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
  });

  it("shows the password grant's Username and Password only when that grant is picked", async () => {
    const panel = await openPanel(tab.page, 'Connection');
    expect(await field(panel, 'Authentication type').inputValue()).toBe('client_credentials');
    expect(await field(panel, 'Username').isVisible()).toBe(false);
    expect(await field(panel, 'Password').isVisible()).toBe(false);
    await field(panel, 'Authentication type').selectOption({ label: 'Password' });
    expect(await field(panel, 'Username').isVisible()).toBe(true);
    expect(await field(panel, 'Password').getAttribute('type')).toBe('password');
    await field(panel, 'Authentication type').selectOption({ label: 'Client credentials' });
    expect(await field(panel, 'Username').isVisible()).toBe(false);
  });

  it('is filled with the embedded emulator and its client, the secret held by the studio, not shown on the page', async () => {
    const panel = await openPanel(tab.page, 'Connection');
    expect(await field(panel, 'Domain').inputValue()).toBe(bench.studio.emulatorUrl);
    expect(await field(panel, 'Client ID').inputValue()).toBe(defaults.clientId);
    expect(await field(panel, 'Client secret').inputValue()).toBe('');
    expect(await field(panel, 'Client secret').getAttribute('placeholder')).toBe('held by the studio: leave empty to use it');
    expect(await tab.page.content()).not.toContain(defaults.clientSecret);
  });

  it('tests the connection through the runtime: the token and the health check, the secrets masked', async () => {
    const panel = await openPanel(tab.page, 'Connection');
    const result = await test(panel, 'Test connection', 'Test connection');
    expect(await result.locator('.outcome').innerText()).toBe('Test connection: succeeded.');
    const exchanges = result.locator('.exchanges details');
    expect(await exchanges.locator('summary').allInnerTexts()).toEqual([
      expect.stringMatching(/^POST \/oauth2\/token 200 \d+ ms$/),
      expect.stringMatching(/^GET \/external-ids\/v1\/health 200 \d+ ms$/),
    ]);
    for (const d of await exchanges.all()) await d.locator('summary').click();
    const shown = await result.innerText();
    expect(shown).toContain('Bearer [redacted]');
    expect(shown).not.toContain(defaults.clientSecret);
    expect(await tab.page.content()).not.toContain(defaults.clientSecret);
  });

  it("fails a wrong client secret with the runtime's words, without showing it", async () => {
    const panel = await openPanel(tab.page, 'Connection');
    await field(panel, 'Client secret').fill('not-the-secret-at-all');
    const result = await test(panel, 'Test connection', 'Test connection');
    const outcome = await result.locator('.outcome').innerText();
    expect(outcome).toMatch(/^extids: .*401/);
    expect(await result.innerText()).not.toContain('not-the-secret-at-all');
    await field(panel, 'Client secret').fill('');
  });

  itStaysOnItsOwnOrigin(bench);
});
