/**
 * What every field looks like, as Workato's recipe editor shows it: its label bound to its
 * control, a mark on the required ones, its hint under it, and a place for the failure that names
 * it. The frame carries the field's name (`data-segment`), from which its path is told.
 */
import { freshId, h } from './dom';
import type { Field } from './manifest';

const requiredMark = (field: Field): Node | null => (field.optional ? null : h('span', { class: 'required-mark', 'aria-hidden': 'true', title: 'required' }, ' *'));

const hintOf = (field: Field, id: string, extra?: string): HTMLElement | null => {
  const text = [field.hint, extra].filter(Boolean).join(' ');
  return text ? h('p', { class: 'hint', id: `${id}-hint` }, text) : null;
};

const errorSlot = (id: string): HTMLElement => h('p', { class: 'field-error', id: `${id}-error`, hidden: true });

/** Ties a control to its hint and its error slot, and says whether it is required. */
const describe = (control: HTMLElement, id: string, field: Field, hinted: boolean): void => {
  control.id = id;
  control.setAttribute('aria-describedby', [hinted ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '));
  if (!field.optional) control.setAttribute('aria-required', 'true');
};

/** A field of one control: `<label for>` + the control + hint + error slot. `extra` is a hint of the studio's own (such as "UTC"). */
export const scalarFrame = (field: Field, control: HTMLElement, options: { extraHint?: string; after?: Node[] } = {}): HTMLElement => {
  const id = freshId(`f-${field.name}`);
  const hint = hintOf(field, id, options.extraHint);
  describe(control, id, field, !!hint);
  return h(
    'div',
    { class: `field${field.optional ? '' : ' required'}`, 'data-segment': field.name, 'data-error-slot': `${id}-error` },
    // The mark beside the label, not in it: the control's name stays the label's words.
    h('div', { class: 'field-head' }, h('label', { for: id }, field.label ?? field.name), requiredMark(field)),
    h('div', { class: 'control' }, control, ...(options.after ?? [])),
    hint,
    errorSlot(id),
  );
};

/** A field of several controls (an object's fields, a list's items): a `<fieldset>` whose legend is its label. */
export const groupFrame = (field: Field, body: Node[], kind: 'object' | 'list'): HTMLFieldSetElement => {
  const id = freshId(`g-${field.name}`);
  const hint = hintOf(field, id);
  const set = h(
    'fieldset',
    { class: `group ${kind}${field.optional ? '' : ' required'}`, 'data-segment': field.name, 'data-error-slot': `${id}-error`, 'aria-describedby': [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ') },
    h('legend', {}, field.label ?? field.name, requiredMark(field)),
    hint,
    ...body,
    errorSlot(id),
  );
  return set;
};
