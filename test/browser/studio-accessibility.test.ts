/**
 * Every control of every form (the connection, each action with each of its choices, the trigger)
 * has a name Chromium's accessibility tree gives it, from a visible label bound to it; a
 * screenshot of each form is written to test-artefacts/browser/.
 */
import type { Locator } from 'playwright-core';
import { buildManifest } from '../../src/compile/manifest';
import { artefactPath, describeInBrowser } from '../support/browser';
import { field, itStaysOnItsOwnOrigin, openPanel, studioInBrowser, type StudioTab } from '../support/studio-page';

const manifest = buildManifest();

/** What a form control shows a screen reader, by Chromium's own computation (the DevTools protocol's accessibility tree). */
interface Named {
  tag: string;
  role: string;
  name: string;
  /** The visible text of the label bound to it (`<label for>` or around it), or of a button. */
  visibleLabel: string;
}

/** Every visible control under `scope`, with the name Chromium computes for it. */
const controlsOf = async (tab: StudioTab, scope: Locator): Promise<Named[]> => {
  // Each visible control gets a probe number, by which the DevTools protocol finds its node.
  const probed = await scope.locator('input, select, textarea, button').evaluateAll((elements) =>
    elements
      .filter((el) => (el as HTMLElement).checkVisibility())
      .map((el, i) => {
        el.setAttribute('data-a11y-probe', String(i));
        const label = el instanceof HTMLButtonElement ? undefined : (el as HTMLInputElement).labels?.[0];
        return {
          tag: el.tagName.toLowerCase() + (el instanceof HTMLInputElement ? `[${el.type}]` : ''),
          visibleLabel: el instanceof HTMLButtonElement ? el.innerText.trim() : label && label.checkVisibility() ? label.innerText.trim() : '',
        };
      }),
  );
  const cdp = await tab.page.context().newCDPSession(tab.page);
  try {
    // Two calls for the whole form: the document with each node's attributes, and the accessibility tree.
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const probes = new Map<number, number>();
    const walk = (node: typeof root): void => {
      const attributes = node.attributes ?? [];
      const at = attributes.indexOf('data-a11y-probe');
      if (at >= 0 && at % 2 === 0) probes.set(node.backendNodeId, Number(attributes[at + 1]));
      for (const child of node.children ?? []) walk(child);
    };
    walk(root);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const named: Named[] = probed.map((control) => ({ ...control, role: '', name: '' }));
    for (const node of nodes) {
      const i = node.backendDOMNodeId === undefined ? undefined : probes.get(node.backendDOMNodeId);
      if (i !== undefined) named[i] = { ...named[i], role: String(node.role?.value ?? ''), name: String(node.name?.value ?? '') };
    }
    return named;
  } finally {
    await scope.locator('[data-a11y-probe]').evaluateAll((elements) => elements.forEach((el) => el.removeAttribute('data-a11y-probe')));
    await cdp.detach();
  }
};

describeInBrowser('the studio: accessible forms', () => {
  const bench = studioInBrowser();
  let tab: StudioTab;
  beforeAll(async () => {
    tab = bench.tab;
  });

  const forms = [
    { title: 'Connection', choices: [undefined] },
    ...manifest.actions.map((a) => ({ title: a.title, choices: a.input_fields_by_choice ? Object.keys(a.input_fields_by_choice) : [undefined] })),
    ...manifest.triggers.map((t) => ({ title: t.title, choices: [undefined] })),
  ];

  it.each(forms)('gives every control of $title a name from a visible label, and writes a screenshot of the form', async ({ title, choices }) => {
    const panel = await openPanel(tab.page, title);
    for (const choice of choices) {
      if (choice) await field(panel, 'Command').selectOption(choice);
      // The optional fields shown (opened directly: what is checked here is their names, not the
      // disclosure, which other tests click), and lists with one item, so that every control is checked.
      await panel.locator('details.optional-fields').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      for (const add of await panel.getByRole('button', { name: /^Add .* item$/ }).all()) await add.click();
      const controls = await controlsOf(tab, panel);
      expect(controls.length).toBeGreaterThan(0);
      const unnamed = controls.filter((c) => c.name.trim() === '' || c.visibleLabel === '');
      expect([title, choice, unnamed]).toEqual([title, choice, []]);
      // The name read out begins with the label shown: what is seen is what is heard.
      const mismatched = controls.filter((c) => !c.name.startsWith(c.visibleLabel) && !c.name.includes(c.visibleLabel));
      expect([title, choice, mismatched]).toEqual([title, choice, []]);
    }
    await panel.screenshot({ path: artefactPath(`studio-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`) });
  });

  it('reaches the first field of a form from the navigation by the keyboard alone', async () => {
    const panel = await openPanel(tab.page, 'Create integration');
    await tab.page.getByRole('navigation', { name: 'Connector' }).getByRole('button', { name: 'Create integration', exact: true }).focus();
    // Past the remaining navigation buttons to the form.
    for (let i = 0; i < 10 && !(await field(panel, 'Name').evaluate((el) => el === document.activeElement)); i++) await tab.page.keyboard.press('Tab');
    expect(await field(panel, 'Name').evaluate((el) => el === document.activeElement)).toBe(true);
    await tab.page.keyboard.type('KEYBOARD');
    expect(await field(panel, 'Name').inputValue()).toBe('KEYBOARD');
  });

  itStaysOnItsOwnOrigin(bench);
});
