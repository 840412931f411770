/**
 * An output as Workato shows it to later steps: a tree of data pills, labelled by the output
 * fields. Each value is a pill: a button that puts the value into the field last selected. Long
 * lists show their first items; the whole output is there as JSON too.
 */
import { h } from './dom';
import type { Field } from './manifest';

/** Lists longer than this show only their first items as pills. */
const ITEMS_SHOWN = 20;

export interface PillOptions {
  /** Who made the value, for the pill's accessible name: `Create integration`. */
  source: string;
  /** Values not to show in full (the PSK, outside Create integration's own result). */
  masked: ReadonlySet<string>;
  onPick(value: unknown, name: string): void;
}

const preview = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

const pill = (label: string, name: string, value: unknown, options: PillOptions): HTMLElement => {
  const shown = options.masked.has(name) ? '•••••••• (hidden)' : preview(value);
  const button = h('button', { type: 'button', class: 'pill', 'aria-label': `${label} ${shown}, from ${options.source}`, title: `Use ${label} in the selected field` }, h('span', { class: 'pill-name' }, label), ' ', h('span', { class: 'pill-value' }, shown));
  button.addEventListener('click', () => options.onPick(value, label));
  return button;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const branch = (label: string, name: string, value: unknown, fields: readonly Field[] | undefined, options: PillOptions): HTMLElement => {
  if (Array.isArray(value)) {
    const shown = value.slice(0, ITEMS_SHOWN).map((item, i) => branch(`${label} ${i + 1}`, name, item, fields, options));
    const more = value.length > ITEMS_SHOWN ? h('li', { class: 'more' }, `… and ${value.length - ITEMS_SHOWN} more (in the JSON below)`) : null;
    return h('li', {}, h('span', { class: 'branch' }, `${label} (${value.length})`), value.length ? h('ul', {}, shown, more) : null);
  }
  if (isObject(value)) return h('li', {}, h('span', { class: 'branch' }, label), tree(value, fields, options));
  return h('li', {}, pill(label, name, value, options));
};

/** The tree of an object, its keys labelled by `fields` (the output fields), in their order, then any others. */
export const tree = (value: Record<string, unknown>, fields: readonly Field[] | undefined, options: PillOptions): HTMLUListElement => {
  const declared = (fields ?? []).filter((f) => f.name in value);
  const others = Object.keys(value).filter((k) => !declared.some((f) => f.name === k));
  return h(
    'ul',
    { class: 'tree' },
    declared.map((f) => branch(f.label ?? f.name, f.name, value[f.name], f.properties, options)),
    others.map((k) => branch(k, k, value[k], undefined, options)),
  );
};

export const outputTree = (output: unknown, fields: readonly Field[], options: PillOptions): HTMLElement =>
  isObject(output) ? tree(output, fields, options) : h('ul', { class: 'tree' }, branch('Output', 'output', output, undefined, options));
