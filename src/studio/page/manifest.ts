/** The parts of dist/manifest.json the page is drawn from (src/compile/manifest.ts writes it). */
import type { PickListOptions, SchemaField } from '../../sdk/workato';

export type Field = SchemaField;

export interface Operation {
  name: string;
  title: string;
  subtitle?: string;
  help?: string;
  config_fields?: Field[];
  input_fields: Field[];
  /** Run commands: the input fields of each config choice. */
  input_fields_by_choice?: Record<string, Field[]>;
  /** Run commands: the list field a chosen command's fields become one item of. */
  chunk_field?: string;
  output_fields: Field[];
  /** Run commands: the list its requests are chunks of, and the output list reporting each command by its index. */
  request?: { chunk?: { field: string }; report?: { field: string } };
}

export interface CommandRow {
  id: string;
  title: string;
  help: string;
  required: string[];
  fields: string[];
}

export interface StudioManifest {
  title: string;
  version: string;
  connection: { fields: Field[] };
  actions: Operation[];
  triggers: Operation[];
  pick_lists: Record<string, PickListOptions>;
  commands: CommandRow[];
}

export type OperationKind = 'action' | 'trigger';
