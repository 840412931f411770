/**
 * The studio page: the connector as Docebo Connect's recipe editor shows it, drawn from the
 * manifest alone. On the left the connection, the actions and the trigger by their titles; in the
 * middle the one picked; on the right the data pills of the steps tested.
 */
import './studio.css';
import { getJson, type StudioSession } from './api';
import { connectionPanel } from './connection-panel';
import { h } from './dom';
import type { OperationKind, StudioManifest } from './manifest';
import { operationPanel } from './operation-panel';
import { followSelection, pillShelf, secretOutputs } from './pills';

const start = async (): Promise<void> => {
  const root = document.getElementById('studio')!;
  const [manifest, session] = await Promise.all([getJson<StudioManifest>('/manifest.json'), getJson<StudioSession>('/api/session')]);
  document.title = `${manifest.title} — studio`;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const say = (text: string) => {
    status.textContent = text;
  };
  followSelection(document);
  const shelf = pillShelf(secretOutputs(manifest), say);
  const connection = connectionPanel(manifest, session, { say });
  const context = { manifest, connection: connection.values, shelf, say };
  const panels: [string, string, HTMLElement][] = [
    ['connection', 'Connection', connection.element],
    ...(['action', 'trigger'] as OperationKind[]).flatMap((kind) =>
      (kind === 'action' ? manifest.actions : manifest.triggers).map((o) => [o.name, o.title, operationPanel(o, kind, context)] as [string, string, HTMLElement]),
    ),
  ];
  const buttons = new Map<string, HTMLButtonElement>();
  const open = (name: string) => {
    for (const [n, , panel] of panels) panel.hidden = n !== name;
    for (const [n, b] of buttons) {
      if (n === name) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    }
  };
  const navButton = (name: string, title: string) => {
    const b = h('button', { type: 'button', class: 'nav' }, title);
    b.addEventListener('click', () => open(name));
    buttons.set(name, b);
    return h('li', {}, b);
  };
  const group = (heading: string, names: { name: string; title: string }[]) =>
    names.length ? [h('h2', {}, heading), h('ul', {}, names.map((o) => navButton(o.name, o.title)))] : [];
  const nav = h(
    'nav',
    { 'aria-label': 'Connector' },
    h('ul', {}, navButton('connection', 'Connection')),
    group('Actions', manifest.actions),
    group('Triggers', manifest.triggers),
  );
  root.replaceChildren(
    h('header', {}, h('h1', {}, manifest.title), h('p', { class: 'version' }, `version ${manifest.version} · drawn from manifest.json`), status),
    h('div', { class: 'layout' }, nav, h('main', {}, panels.map(([, , p]) => p)), shelf.element),
  );
  open('connection');
};

start().catch((e: unknown) => {
  document.getElementById('studio')!.textContent = `The studio could not start: ${e instanceof Error ? e.message : String(e)}`;
});
