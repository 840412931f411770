/**
 * A field with Workato's `toggle_field`: an option list (Yes / No for a boolean), and a toggle to
 * its alternative, a custom value typed in (a data pill, `true`). The toggle button says what it
 * switches to, in the field's own `toggle_hint` words.
 */
import { type Control } from './control';
import { freshId, h } from './dom';
import { scalarFrame } from './field-frame';
import { acceptsPills } from './pills';
import type { Field } from './manifest';
import { booleanFrom } from './values';

const yesNo = (field: Field): HTMLSelectElement => {
  const byDefault = field.default === true ? 'Yes' : field.default === false ? 'No' : undefined;
  return h(
    'select',
    { name: field.name },
    h('option', { value: '' }, byDefault ? `(default: ${byDefault})` : '(none)'),
    h('option', { value: 'true' }, 'Yes'),
    h('option', { value: 'false' }, 'No'),
  );
};

export const toggleControl = (field: Field): Control => {
  const alternative = field.toggle_field;
  const list = yesNo(field);
  const custom = h('input', { type: 'text', name: alternative?.name ?? field.name, autocomplete: 'off', hidden: true });
  acceptsPills(custom);
  let typed = false;
  const button = h('button', { type: 'button', class: 'toggle' });
  const frame = scalarFrame(field, list, { after: [custom, button] });
  // The custom input shares the label: one field, two ways to give it.
  const label = frame.querySelector('label')!;
  const listId = list.id;
  custom.id = freshId(`f-${field.name}-custom`);
  custom.setAttribute('aria-describedby', list.getAttribute('aria-describedby') ?? '');
  if (alternative?.hint) custom.placeholder = alternative.hint;
  const show = () => {
    list.hidden = typed;
    custom.hidden = !typed;
    label.htmlFor = typed ? custom.id : listId;
    const switchTo = typed ? field.toggle_hint : alternative?.toggle_hint;
    button.textContent = switchTo ?? (typed ? 'Select from option list' : 'Use custom value');
    button.setAttribute('aria-label', `${field.label ?? field.name}: ${button.textContent}`);
  };
  button.addEventListener('click', () => {
    typed = !typed;
    show();
    (typed ? custom : list).focus();
  });
  // A boolean without an alternative is its option list only.
  button.hidden = !alternative;
  show();
  return {
    element: frame,
    read: () => booleanFrom(typed ? custom.value.trim() : list.value, typed),
    write: (value) => {
      if (value === true || value === false) {
        typed = false;
        list.value = String(value);
      } else {
        typed = true;
        custom.value = value === undefined || value === null ? '' : String(value);
      }
      show();
    },
  };
};
