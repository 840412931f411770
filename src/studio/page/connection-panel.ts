/**
 * The connection, as Docebo Connect asks for it: its fields (the password grant's only for that
 * grant), filled with the studio's connection but for its secrets, and Test connection.
 */
import { post, type StudioSession } from './api';
import { h } from './dom';
import { clearFieldErrors, placeFieldErrors } from './error-places';
import { drawFields } from './fields';
import type { StudioManifest } from './manifest';
import { usePill } from './pills';
import { resultView } from './result-view';
import { testButton } from './test-button';
import type { PanelContext } from './operation-panel';

export interface ConnectionPanel {
  element: HTMLElement;
  values(): Record<string, unknown> | undefined;
}

export const connectionPanel = (manifest: StudioManifest, session: StudioSession, context: Pick<PanelContext, 'say'>): ConnectionPanel => {
  const fields = drawFields(manifest.connection.fields, manifest.pick_lists);
  for (const [name, value] of Object.entries(session.connection)) fields.controls.get(name)?.write?.(value);
  // The password grant's fields show for a connection of that grant.
  fields.refresh();
  // The studio holds these secrets: the page never sees them, and an empty field means "use it",
  // as long as the domain is the studio's own.
  const domainOf = () => fields.read()?.domain;
  const holdHints = () => {
    const own = domainOf() === session.connection.domain;
    for (const name of session.held_secrets) {
      const input = fields.controls.get(name)?.element.querySelector('input');
      if (input) input.placeholder = own ? 'held by the studio: leave empty to use it' : `type it: the studio holds one only for ${String(session.connection.domain)}`;
    }
  };
  holdHints();
  fields.controls.get('domain')?.element.addEventListener('input', holdHints);
  const form = h('form', { novalidate: true, 'aria-labelledby': 'title-connection' }, fields.elements);
  form.addEventListener('submit', (e) => e.preventDefault());
  const result = h('section', { class: 'result', 'aria-label': 'Result of Test connection' });
  const button = testButton('Test connection', async () => {
    result.replaceChildren(h('p', { role: 'status' }, 'Testing the connection…'));
    const outcome = await post('/api/connection/test', { connection: fields.read() ?? {} });
    clearFieldErrors(form);
    const unplaced = outcome.ok ? [] : placeFieldErrors(form, outcome.error.details, (p) => p.replace(/^connection\./, ''));
    result.replaceChildren(h('h3', {}, 'Result'), resultView('Test connection', outcome, [], unplaced, { source: 'Test connection', masked: new Set(), onPick: (v, l) => usePill(v, l, context.say) }));
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
