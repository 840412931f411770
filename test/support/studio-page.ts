/**
 * The studio in a real browser: `startStudio` in this process (its embedded emulator on a free
 * port), Chromium on the page, kept to the page's own origin, and the page's errors collected.
 * One studio and one browser per test file; a fresh tab per test.
 */
import type { Locator, Page } from 'playwright-core';
import { startStudio, type RunningStudio, type StudioOptions } from '../../src/studio';
import { collectErrors, launchBrowser, watchOrigins, type LaunchedBrowser, type OriginGuard, type PageErrors } from './browser';

export interface StudioTab {
  page: Page;
  guard: OriginGuard;
  errors: PageErrors;
}

export interface StudioInBrowser {
  studio: RunningStudio;
  browser: LaunchedBrowser;
  /** The tab the file's tests share, opened before them. */
  tab: StudioTab;
  /** Opens the studio in a new tab, once its page is drawn. */
  open(): Promise<StudioTab>;
}

/** Starts the studio (with `options`: its embedded emulator by default) and the browser before the file's tests, and stops both after them. */
export const studioInBrowser = (options: () => Promise<StudioOptions> | StudioOptions = () => ({})): StudioInBrowser => {
  const bench = {} as StudioInBrowser;
  beforeAll(async () => {
    const given = await options();
    [bench.studio, bench.browser] = await Promise.all([startStudio({ port: 0, ...given }), launchBrowser()]);
    bench.open = async () => {
      const page = await bench.browser.page();
      const guard = await watchOrigins(page, bench.studio.url);
      const errors = collectErrors(page);
      await page.goto(bench.studio.url);
      await page.getByRole('navigation', { name: 'Connector' }).waitFor();
      return { page, guard, errors };
    };
    bench.tab = await bench.open();
  }, 60_000);
  afterAll(async () => {
    await bench.browser?.close();
    await bench.studio?.close();
  });
  return bench;
};

/** The test every browser file ends with: the page reached no other origin and logged no error. */
export const itStaysOnItsOwnOrigin = (bench: StudioInBrowser): void =>
  it('loads nothing from any other origin and logs no error', () => {
    expect(bench.tab.guard.offOrigin).toEqual([]);
    expect(bench.tab.errors.errors).toEqual([]);
  });

/** Opens an action, the trigger or the connection from the navigation, by its title; answers its panel. */
export const openPanel = async (page: Page, title: string): Promise<Locator> => {
  await page.getByRole('navigation', { name: 'Connector' }).getByRole('button', { name: title, exact: true }).click();
  const panel = page.getByRole('region', { name: title, exact: true });
  await panel.waitFor();
  return panel;
};

/** Opens a step's Optional fields, as a recipe builder adds them (the required and sticky ones show at once). */
export const showOptional = async (panel: Locator): Promise<void> => {
  const optional = panel.locator('details.optional-fields');
  if ((await optional.count()) && !(await optional.evaluate((d) => (d as { open?: boolean }).open))) await optional.locator('summary').click();
};

/** A field of a panel by its label, exactly. */
export const field = (panel: Locator, label: string): Locator => panel.getByLabel(label, { exact: true });

/** Runs the panel's Test button and waits for its outcome; answers the result region. */
export const test = async (panel: Locator, title: string, button = 'Test action'): Promise<Locator> => {
  await panel.getByRole('button', { name: button, exact: true }).click();
  const result = panel.getByRole('region', { name: `Result of ${title}` });
  await result.locator('.outcome').waitFor();
  return result;
};

/** The error shown beside a field, found from the field's own description (aria-describedby). */
export const errorBeside = async (control: Locator): Promise<string> =>
  control.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join('');
  });

/** Selects a field, then clicks the data pill from an earlier step (its accessible name starts with the output's label). */
export const usePill = async (page: Page, control: Locator, pillLabel: string, fromStep: string): Promise<void> => {
  await control.click();
  const shelf = page.getByRole('complementary', { name: 'Data pills' });
  await shelf.getByRole('button', { name: new RegExp(`^${pillLabel} .*, from step \\d+, ${fromStep}$`) }).first().click();
};
