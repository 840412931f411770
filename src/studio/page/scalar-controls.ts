/** The one-control fields: text, password, numbers, selects and multiselects from pick lists, date-times, and free JSON objects (metadata). */
import { asText, type Control, type FieldContext } from './control';
import { h } from './dom';
import { acceptsPills } from './pills';
import { scalarFrame } from './field-frame';
import type { Field } from './manifest';
import { compact, instantFromLocal, joinedSelection, localFromInstant, numberFrom } from './values';

/** The options of a select: its pick list, named or inline, or a connection field's `options`. */
export const optionsOf = (field: Field, context: FieldContext): readonly (readonly [string, string])[] => {
  const list = typeof field.pick_list === 'string' ? context.pickLists[field.pick_list] : (field.pick_list ?? field.options);
  return list ?? [];
};

export const textControl = (field: Field, kind: 'text' | 'password' | 'number'): Control => {
  const input = h('input', {
    type: kind === 'password' ? 'password' : 'text',
    name: field.name,
    autocomplete: 'off',
    spellcheck: 'false',
    inputmode: kind === 'number' ? 'numeric' : undefined,
  });
  acceptsPills(input);
  if (field.default !== undefined) input.placeholder = `default: ${asText(field.default)}`;
  return {
    element: scalarFrame(field, input),
    read: () => (kind === 'number' ? numberFrom(input.value, field.type) : input.value === '' ? undefined : input.value),
    write: (value) => {
      input.value = asText(value);
    },
  };
};

export const selectControl = (field: Field, context: FieldContext): Control => {
  const chosen = field.default === undefined ? '' : String(field.default);
  const select = h(
    'select',
    { name: field.name },
    // Nothing picked: the field is not sent (the service's default applies).
    field.default === undefined ? h('option', { value: '' }, field.optional ? '(none)' : '(pick one)') : null,
    optionsOf(field, context).map(([label, value]) => h('option', { value, selected: value === chosen }, label)),
  );
  return {
    element: scalarFrame(field, select),
    read: () => (select.value === '' ? undefined : select.value),
    write: (value) => {
      select.value = asText(value);
    },
  };
};

export const multiselectControl = (field: Field, context: FieldContext): Control => {
  const options = optionsOf(field, context);
  const select = h('select', { name: field.name, multiple: true, size: Math.min(8, Math.max(3, options.length)) }, options.map(([label, value]) => h('option', { value }, label)));
  return {
    element: scalarFrame(field, select, { extraHint: 'Pick several with Ctrl or Shift.' }),
    read: () => joinedSelection([...select.selectedOptions].map((o) => o.value), field.delimiter),
    write: (value) => {
      const wanted = new Set(Array.isArray(value) ? value.map(String) : asText(value).split(field.delimiter ?? ','));
      for (const o of select.options) o.selected = wanted.has(o.value);
    },
  };
};

/** A date-time, picked in UTC: the instant sent ends in `Z`. */
export const dateTimeControl = (field: Field): Control => {
  const input = h('input', { type: 'datetime-local', name: field.name, step: '0.001' });
  acceptsPills(input);
  return {
    element: scalarFrame(field, input, { extraHint: 'In UTC.' }),
    read: () => instantFromLocal(input.value),
    write: (value) => {
      input.value = localFromInstant(asText(value)) ?? '';
    },
  };
};

/**
 * An object without declared fields (metadata): key-value pairs, nested JSON allowed, typed as a
 * JSON object. Text that is not JSON is sent as typed, for the runtime to refuse in its words.
 */
export const jsonObjectControl = (field: Field): Control => {
  const area = h('textarea', { name: field.name, rows: 3, spellcheck: 'false', placeholder: '{"dept": {"code": "ENG"}}' });
  acceptsPills(area);
  return {
    element: scalarFrame(field, area, { extraHint: 'As a JSON object.' }),
    read: () => {
      if (area.value.trim() === '') return undefined;
      try {
        return JSON.parse(area.value) as unknown;
      } catch {
        return area.value;
      }
    },
    write: (value) => {
      area.value = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    },
  };
};

/** Reads named controls into an object, leaving out the empty ones. */
export const readAll = (controls: readonly { name: string; control: Control; shown(): boolean }[]): Record<string, unknown> | undefined =>
  compact(controls.filter((c) => c.shown()).map((c) => [c.name, c.control.read()]));
