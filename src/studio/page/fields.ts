/**
 * Workato fields → form controls, by the field's type and control type, as the recipe editor
 * draws them. A field with `ngIf` (the password grant's fields) is shown only while its condition
 * on the other fields of its group holds; a hidden field is not sent.
 */
import type { Control, FieldContext, FieldGroup } from './control';
import { objectControl, objectListControl, scalarListControl } from './group-controls';
import type { Field } from './manifest';
import { dateTimeControl, jsonObjectControl, multiselectControl, readAll, selectControl, textControl } from './scalar-controls';
import { toggleControl } from './toggle-control';
import type { PickListOptions } from '../../sdk/workato';

const controlFor = (field: Field, context: FieldContext): Control => {
  if (field.type === 'array') return field.of === 'object' ? objectListControl(field, context) : scalarListControl(field);
  if (field.type === 'object') return field.properties?.length ? objectControl(field, context) : jsonObjectControl(field);
  if (field.type === 'boolean' || field.control_type === 'checkbox') return toggleControl(field);
  if (field.type === 'date_time' || field.control_type === 'date_time') return dateTimeControl(field);
  switch (field.control_type) {
    case 'select':
      return selectControl(field, context);
    case 'multiselect':
      return multiselectControl(field, context);
    case 'password':
      return textControl(field, 'password');
    case 'integer':
    case 'number':
      return textControl(field, 'number');
    default:
      return field.type === 'integer' || field.type === 'number' ? textControl(field, 'number') : textControl(field, 'text');
  }
};

/** `input.auth_type == "password"` (the one form the manifest uses, and its `!=`); anything else is shown. */
const condition = (ngIf: string | undefined): ((values: Record<string, unknown>) => boolean) => {
  const m = ngIf ? /^\s*input\.([A-Za-z0-9_]+)\s*(==|!=)\s*["']([^"']*)["']\s*$/.exec(ngIf) : null;
  if (!m) return () => true;
  const [, name, op, wanted] = m;
  return (values) => (String(values[name] ?? '') === wanted) === (op === '==');
};

export const drawFields = (fields: readonly Field[], pickLists: Record<string, PickListOptions>): FieldGroup => {
  const context: FieldContext = { pickLists, fields: (nested) => drawFields(nested, pickLists) };
  const drawn = fields.map((field) => ({ name: field.name, field, control: controlFor(field, context), when: condition(field.ngIf) }));
  // The values conditions are read from: each field's own, or its default while left empty.
  const values = () => Object.fromEntries(drawn.map((d) => [d.name, d.control.read() ?? d.field.default]));
  const refresh = () => {
    const now = values();
    for (const d of drawn) d.control.element.hidden = !d.when(now);
  };
  if (drawn.some((d) => d.field.ngIf)) for (const d of drawn) for (const type of ['input', 'change']) d.control.element.addEventListener(type, refresh);
  refresh();
  return {
    elements: drawn.map((d) => d.control.element),
    read: () => readAll(drawn.map((d) => ({ name: d.name, control: d.control, shown: () => !d.control.element.hidden }))),
    controls: new Map(drawn.map((d) => [d.name, d.control])),
    refresh,
  };
};
