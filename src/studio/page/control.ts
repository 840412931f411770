/** A form control drawn from one Workato field: its element on the page, and its value as the input takes it. */
import type { PickListOptions } from '../../sdk/workato';
import type { Field } from './manifest';

export interface Control {
  element: HTMLElement;
  /** The value for the input; undefined when the field is left empty (then it is not sent). */
  read(): unknown;
  /** Fills the field, as a data pill or a saved connection does; scalar fields only. */
  write?(value: unknown): void;
}

/** Fields drawn together (a form, an object's fields, a list's item): their elements and their values as one object. */
export interface FieldGroup {
  elements: HTMLElement[];
  read(): Record<string, unknown> | undefined;
  /** The group's controls by field name. */
  controls: Map<string, Control>;
  /** Shows and hides the fields with a condition (`ngIf`) again: after values were written rather than typed. */
  refresh(): void;
}

export interface FieldContext {
  pickLists: Record<string, PickListOptions>;
  /** Draws nested fields (passed in, so that the group controls and the field dispatcher do not import each other). */
  fields(fields: readonly Field[]): FieldGroup;
}

/** Text a pill or a saved value puts in a text control. */
export const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));
