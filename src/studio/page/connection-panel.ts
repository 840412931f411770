/**
 * The connection, as Docebo Connect asks for it: its fields (the password grant's only for that
 * grant), filled with the studio's connection but for its secrets, and Test connection.
 */
import { post, type StudioSession } from './api';
import { h } from './dom';
import { clearFieldErrors, placeFieldErrors } from './error-places';
import { drawFields } from './fields';
import type { StudioManifest } from './manifest';
import { resultView } from './result-view';
import type { PanelContext } from './operation-panel';

export interface ConnectionPanel {
  element: HTMLElement;
  values(): Record<string, unknown> | undefined;
}

export const connectionPanel = (manifest: StudioManifest, session: StudioSession, context: Pick<PanelContext, 'say'>): ConnectionPanel => {
  const fields = drawFields(manifest.connection.fields, manifest.pick_lists);
  for (const [name, value] of Object.entries(session.connection)) fields.controls.get(name)?.write?.(value);
  // The studio holds these secrets: the page never sees them, and an empty field means "use it".
  for (const name of session.held_secrets) {
    const input = fields.controls.get(name)?.element.querySelector('input');
    if (input) input.placeholder = 'held by the studio: leave empty to use it';
  }
  const form = h('form', { novalidate: true, 'aria-labelledby': 'title-connection' }, fields.elements);
  form.addEventListener('submit', (e) => e.preventDefault());
  const result = h('section', { class: 'result', 'aria-label': 'Result of Test connection', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'test' }, 'Test connection');
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', { role: 'status' }, 'Testing the connection…'));
    try {
      const outcome = await post('/api/connection/test', { connection: fields.read() ?? {} });
      clearFieldErrors(form);
      const unplaced = outcome.ok ? [] : placeFieldErrors(form, outcome.error.details, (p) => p.replace(/^connection\./, ''));
      result.replaceChildren(h('h3', {}, 'Result'), resultView('Test connection', outcome, [], unplaced, { source: 'Test connection', masked: new Set(), onPick: () => context.say('The connection test has no pills to use.') }));
    } finally {
      button.disabled = false;
    }
  });
  const intro = session.emulator
    ? `Connected to the embedded emulator at ${session.emulator.url}, with its built-in client.`
    : 'Filled in with the connection the studio was started with.';
  return {
    element: h(
      'section',
      { class: 'panel', id: 'panel-connection', 'aria-labelledby': 'title-connection' },
      h('h2', { id: 'title-connection' }, 'Connection'),
      h('p', { class: 'help' }, intro),
      form,
      h('div', { class: 'actions' }, button),
      result,
    ),
    values: () => fields.read(),
  };
};
