/**
 * A typed model of the Workato connector DSL, spelled exactly as Workato spells it
 * (docs/workato.md). `@workato/connector-sdk-types` is not published, so this is ours;
 * it covers what this connector and its generator use, and nothing more.
 */
import type { PollClosure, PollResult } from './poll';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date_time' | 'timestamp' | 'object' | 'array';

export type ControlType =
  | 'text'
  | 'text-area'
  | 'plain-text'
  | 'password'
  | 'integer'
  | 'number'
  | 'url'
  | 'select'
  | 'multiselect'
  | 'checkbox'
  | 'date'
  | 'date_time'
  | 'email'
  | 'subdomain'
  | 'key_value'
  | 'schema-designer'
  | 'tree';

export type Conversion =
  | 'integer_conversion'
  | 'float_conversion'
  | 'boolean_conversion'
  | 'date_conversion'
  | 'date_time_conversion'
  | (string & {});

/** A pick list: `[label, value]` pairs. */
export type PickListOptions = readonly (readonly [label: string, value: string])[];

/** A schema field (input, output, config or connection field). */
export interface SchemaField {
  name: string;
  label?: string;
  hint?: string;
  /** Always emitted: Workato's docs and its SDK gem disagree on the default. */
  optional: boolean;
  type?: FieldType;
  control_type?: ControlType;
  /** A `pick_lists` name, or an inline list. Needed by `select` and `multiselect`. */
  pick_list?: string | PickListOptions;
  pick_list_params?: Record<string, string>;
  /** Connection `select` fields take `options`, not `pick_list`. */
  options?: PickListOptions;
  /** Needed by `multiselect`: the string that joins the chosen values. */
  delimiter?: string;
  toggle_hint?: string;
  toggle_field?: SchemaField;
  default?: unknown;
  sticky?: boolean;
  ngIf?: string;
  extends_schema?: boolean;
  convert_input?: Conversion;
  convert_output?: Conversion;
  support_pills?: boolean;
  list_mode?: 'static' | 'dynamic';
  item_label?: string;
  add_field_label?: string;
  empty_schema_message?: string;
  /** `object` fields, and `array` fields `of: 'object'`. */
  properties?: SchemaField[];
  of?: FieldType;
}

export type Lambda<A extends unknown[], R> = (...args: A) => R;

export interface ObjectDefinition<C = Record<string, unknown>> {
  fields: (connection: C, config_fields: Record<string, unknown>, object_definitions: Record<string, SchemaField[]>) => SchemaField[];
}

/** The `custom_auth` authorization: client credentials and password grants. */
export interface CustomAuthAuthorization<C = Record<string, unknown>> {
  type: 'custom_auth';
  /** Returns a Hash merged into the connection, such as `{ access_token }`. */
  acquire: (connection: C) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Runs before every request; sets headers. */
  apply: (connection: C) => Record<string, string>;
  /** Statuses on which Workato calls `acquire` once and retries once. */
  refresh_on?: readonly (number | string | RegExp)[];
  detect_on?: readonly (number | string | RegExp)[];
}

export interface ConnectionDefinition<C = Record<string, unknown>> {
  fields: SchemaField[];
  authorization: CustomAuthAuthorization<C>;
  base_uri: (connection: C) => string;
}

export type RetryableMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ActionDefinition<C = Record<string, unknown>, I = Record<string, unknown>, O = unknown> {
  title: string;
  subtitle?: string;
  help?: string | ((input: I, picklist_label: Record<string, string>) => string);
  description?: string | ((input: I, picklist_label: Record<string, string>) => string);
  config_fields?: SchemaField[];
  input_fields: (object_definitions: Record<string, SchemaField[]>, connection: C, config_fields: Record<string, unknown>) => SchemaField[];
  execute: (connection: C, input: I) => Promise<O>;
  output_fields: (object_definitions: Record<string, SchemaField[]>, connection: C, config_fields: Record<string, unknown>) => SchemaField[];
  sample_output?: (connection: C, input: I) => O;
  retry_on_response?: readonly (number | string | RegExp)[];
  retry_on_request?: readonly RetryableMethod[];
  max_retries?: number;
  summarize_input?: readonly string[];
  summarize_output?: readonly string[];
}

/**
 * A polling trigger: `poll` answers one page of events with the closure of the next poll (nothing
 * at the first), `dedup` (a bare function, no DSL) says which events are one.
 */
export interface TriggerDefinition<C = Record<string, unknown>, I = Record<string, unknown>, E = Record<string, unknown>> {
  title: string;
  subtitle?: string;
  help?: string | ((input: I, picklist_label: Record<string, string>) => string);
  description?: string | ((input: I, picklist_label: Record<string, string>) => string);
  input_fields: (object_definitions: Record<string, SchemaField[]>, connection: C, config_fields: Record<string, unknown>) => SchemaField[];
  poll: (connection: C, input: I, closure?: PollClosure | null) => Promise<PollResult<E>>;
  dedup: (event: E) => string;
  output_fields: (object_definitions: Record<string, SchemaField[]>, connection: C, config_fields: Record<string, unknown>) => SchemaField[];
  sample_output?: (connection: C, input: I) => E;
}

export interface ConnectorDefinition<C = Record<string, unknown>> {
  title: string;
  connection: ConnectionDefinition<C>;
  test: (connection: C) => Promise<unknown>;
  // Actions differ in input and output; each is checked where it is defined.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  actions: Record<string, ActionDefinition<C, any, any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  triggers?: Record<string, TriggerDefinition<C, any, any>>;
  object_definitions?: Record<string, ObjectDefinition<C>>;
  pick_lists?: Record<string, (connection: C, args?: Record<string, unknown>) => PickListOptions>;
  methods?: Record<string, (...args: never[]) => unknown>;
}
