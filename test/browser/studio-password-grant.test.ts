/**
 * The studio started with a connection of the password grant: the form shows that grant's fields
 * with their values (but for the password, which the studio holds), and Test connection works
 * with nothing typed. A domain typed instead gets none of the held secrets.
 */
import { defaults } from '../../src/emulator/options';
import { describeInBrowser } from '../support/browser';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { field, openPanel, itStaysOnItsOwnOrigin, studioInBrowser, test, type StudioTab } from '../support/studio-page';

describeInBrowser('the studio with a password-grant connection', () => {
  let emulator: LiveEmulator;
  const bench = studioInBrowser(async () => {
    emulator = await liveEmulator();
    return { connection: { ...emulator.connection, auth_type: 'password', username: defaults.username, password: defaults.password } };
  });
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("shows the grant's Username with its value and its Password held, and starts no emulator of its own", async () => {
    expect(bench.studio.emulatorUrl).toBeUndefined();
    const panel = await openPanel(tab.page, 'Connection');
    expect(await field(panel, 'Authentication type').inputValue()).toBe('password');
    expect(await field(panel, 'Username').isVisible()).toBe(true);
    expect(await field(panel, 'Username').inputValue()).toBe(defaults.username);
    expect(await field(panel, 'Password').inputValue()).toBe('');
    expect(await field(panel, 'Password').getAttribute('placeholder')).toBe('held by the studio: leave empty to use it');
    expect(await tab.page.content()).not.toContain(defaults.password);
  });

  it('tests the connection with the held client secret and password', async () => {
    const panel = await openPanel(tab.page, 'Connection');
    const result = await test(panel, 'Test connection', 'Test connection');
    expect(await result.locator('.outcome').innerText()).toBe('Test connection: succeeded.');
  });

  it('says the held secrets are not for another domain, and sends them nowhere else', async () => {
    const panel = await openPanel(tab.page, 'Connection');
    await field(panel, 'Domain').fill('http://127.0.0.1:9');
    expect(await field(panel, 'Password').getAttribute('placeholder')).toBe(`type it: the studio holds one only for ${emulator.url}`);
    const result = await test(panel, 'Test connection', 'Test connection');
    expect(await result.locator('.outcome').innerText()).toMatch(/^extids: invalid connection: missing required field connection\.client_secret/);
    expect(await result.getByText('None: nothing was sent.').isVisible()).toBe(true);
    await field(panel, 'Domain').fill(emulator.url);
    expect(await field(panel, 'Password').getAttribute('placeholder')).toBe('held by the studio: leave empty to use it');
  });

  itStaysOnItsOwnOrigin(bench);
});
