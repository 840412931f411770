/**
 * Fields made of fields: an object's (entity selections), a list of objects (commands, metadata
 * filters, enrollments) and a list of values (user IDs). A list's items are added and removed with
 * buttons named after the list; each item is a fieldset of its own (`data-item`), and the index
 * it was last sent at (`data-sent-index`) is its index in a failure's path.
 */
import type { Control, FieldContext } from './control';
import { h } from './dom';
import { groupFrame } from './field-frame';
import { acceptsPills } from './pills';
import type { Field } from './manifest';
import { scalarFrom } from './values';

export const objectControl = (field: Field, context: FieldContext): Control => {
  const group = context.fields(field.properties ?? []);
  return { element: groupFrame(field, group.elements, 'object'), read: () => group.read() };
};

interface Item {
  element: HTMLElement;
  read(): unknown;
}

const itemLabel = (field: Field, n: number): string => `${field.label ?? field.name} ${n}`;

/** A list of items, each drawn by `drawItem`; `start` items shown at first (one for a required list). */
const listControl = (field: Field, drawItem: (n: number) => Item, start: number): Control => {
  const items: Item[] = [];
  const holder = h('div', { class: 'items' });
  const label = field.label ?? field.name;
  const adder = h('button', { type: 'button', class: 'add-item' }, `Add ${label} item`);
  const renumber = () =>
    items.forEach((item, i) => {
      for (const title of item.element.querySelectorAll(':scope > [data-item-label], :scope > label > [data-item-label]')) title.textContent = itemLabel(field, i + 1);
      const remove = item.element.querySelector<HTMLButtonElement>(':scope > .remove-item');
      if (remove) remove.textContent = `Remove ${itemLabel(field, i + 1)}`;
    });
  const add = () => {
    const item = drawItem(items.length + 1);
    const remove = h('button', { type: 'button', class: 'remove-item' });
    remove.addEventListener('click', () => {
      const at = items.indexOf(item);
      items.splice(at, 1);
      item.element.remove();
      renumber();
      // Focus goes to the item that took its place, else the one before, else Add: never lost.
      const next = items[at] ?? items[at - 1];
      (next?.element.querySelector<HTMLElement>('input, select, textarea') ?? adder).focus();
    });
    item.element.append(remove);
    items.push(item);
    holder.append(item.element);
    renumber();
    return item;
  };
  adder.addEventListener('click', () => {
    const item = add();
    item.element.querySelector<HTMLElement>('input, select, textarea')?.focus();
  });
  for (let i = 0; i < start; i++) add();
  return {
    element: groupFrame(field, [holder, adder], 'list'),
    read: () => {
      // An item left empty is not sent, so the items after it move up: each item remembers the
      // index it was sent at, by which a failure naming `list[i]` finds it.
      const values: unknown[] = [];
      for (const item of items) {
        const value = item.read();
        if (value === undefined) delete item.element.dataset.sentIndex;
        else item.element.dataset.sentIndex = String(values.push(value) - 1);
      }
      return values.length ? values : undefined;
    },
  };
};

export const objectListControl = (field: Field, context: FieldContext): Control =>
  listControl(
    field,
    (n) => {
      const group = context.fields(field.properties ?? []);
      const element = h('fieldset', { class: 'item', 'data-item': '' }, h('legend', { 'data-item-label': '' }, itemLabel(field, n)), ...group.elements);
      return { element, read: () => group.read() };
    },
    field.optional ? 0 : 1,
  );

export const scalarListControl = (field: Field): Control =>
  listControl(
    field,
    (n) => {
      const input = h('input', { type: 'text', autocomplete: 'off', inputmode: field.of === 'integer' ? 'numeric' : undefined });
      acceptsPills(input);
      const element = h('div', { class: 'item scalar', 'data-item': '' }, h('label', {}, h('span', { 'data-item-label': '' }, itemLabel(field, n)), input));
      return { element, read: () => scalarFrom(input.value, field.of) };
    },
    0,
  );
