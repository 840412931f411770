/**
 * Data pills: the values of earlier steps' outputs, offered for later fields, as a recipe's
 * datapills are. Select a field, then a pill: its value goes into that field. Each successful
 * step adds its output to the list, newest first.
 */
import { h } from './dom';
import type { Field, StudioManifest } from './manifest';
import { outputTree } from './output-tree';
import { localFromInstant, pillText } from './values';

let selected: HTMLInputElement | HTMLTextAreaElement | undefined;

/** From a field, this key (with Alt) moves to the data pills, so that they are reached by keyboard without tabbing through the form. */
export const PILLS_KEY = 'P';

/** Makes a field one that data pills go into, and says how to reach them from it. */
export const acceptsPills = (input: HTMLInputElement | HTMLTextAreaElement): void => {
  input.classList.add('pill-target');
  input.setAttribute('aria-keyshortcuts', `Alt+${PILLS_KEY}`);
};

/** The field a pill goes into: the pill target last focused. Alt+P there moves to the newest pills. */
export const followSelection = (root: Document): void => {
  root.addEventListener('focusin', (e) => {
    const target = e.target as HTMLElement;
    if (target.classList?.contains('pill-target')) selected = target as HTMLInputElement | HTMLTextAreaElement;
  });
  root.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    // By the key's place, not its character: Alt+P types π on some layouts.
    if (!e.altKey || e.code !== `Key${PILLS_KEY}` || !target.classList?.contains('pill-target')) return;
    const first = root.querySelector<HTMLElement>('aside.pills button.pill');
    if (!first) return;
    e.preventDefault();
    first.focus();
  });
};

const labelOf = (input: HTMLElement): string => (input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent : undefined) ?? input.closest('label')?.textContent ?? 'the field';

/** Puts a pill's value into the selected field; says where it went, or that a field must be selected first. */
export const usePill = (value: unknown, pillLabel: string, say: (text: string) => void): void => {
  if (!selected || !selected.isConnected || selected.closest('[hidden]')) {
    say(`Select a field first, then the ${pillLabel} pill: its value goes there.`);
    return;
  }
  const text = pillText(value);
  if (selected.type === 'datetime-local') {
    const local = localFromInstant(text);
    if (local === undefined) {
      say(`${pillLabel} is not a date-time: it cannot go into ${labelOf(selected)}.`);
      return;
    }
    selected.value = local;
  } else selected.value = text;
  selected.dispatchEvent(new Event('input', { bubbles: true }));
  say(`${pillLabel} put into ${labelOf(selected)}.`);
  selected.focus();
};

/**
 * The output fields whose values are secrets: those a password field of some action takes
 * (`psk` → Integration PSK, `integration_psk`). Derived from the manifest, not listed.
 */
export const secretOutputs = (manifest: StudioManifest): Set<string> => {
  const passwords = [...manifest.actions, ...manifest.triggers].flatMap((o) => [
    ...o.input_fields,
    ...Object.values(o.input_fields_by_choice ?? {}).flat(),
  ]).filter((f) => f.control_type === 'password').map((f) => f.name);
  const outputs = manifest.actions.flatMap((a) => a.output_fields.map((f) => f.name));
  return new Set(outputs.filter((name) => passwords.some((p) => p === name || p.endsWith(`_${name}`))));
};

export interface PillShelf {
  element: HTMLElement;
  add(step: string, output: unknown, fields: readonly Field[]): void;
}

/** The panel of earlier outputs. */
export const pillShelf = (masked: ReadonlySet<string>, say: (text: string) => void): PillShelf => {
  const list = h('ul', { class: 'steps' });
  const empty = h('p', { class: 'hint' }, 'The outputs of the steps you test appear here.');
  const how = h('p', { class: 'hint' }, `Select a field, then a pill, to use its value there. From a field, Alt+${PILLS_KEY} moves here; a pill puts its value into that field and goes back to it.`);
  let count = 0;
  return {
    element: h('aside', { class: 'pills', 'aria-labelledby': 'pills-title' }, h('h2', { id: 'pills-title' }, 'Data pills'), empty, how, list),
    add: (step, output, fields) => {
      empty.hidden = true;
      count += 1;
      const source = `step ${count}, ${step}`;
      const section = h('li', { class: 'step' }, h('details', { open: true }, h('summary', {}, `${count}. ${step}`), outputTree(output, fields, { source, masked, onPick: (v, l) => usePill(v, l, say) })));
      list.prepend(section);
    },
  };
};
