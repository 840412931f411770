/**
 * The subset of JSON Schema 2020-12 this project writes, and `FromSchema`, which turns a schema
 * written `as const` into the TypeScript type of the values it accepts — so that an action's
 * `execute` is typed from the very schema that validates its input.
 */

export type JsonSchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $comment?: string;
  $defs?: Readonly<Record<string, JsonSchema>>;
  title?: string;
  description?: string;
  type?: JsonSchemaType | readonly JsonSchemaType[];
  enum?: readonly unknown[];
  const?: unknown;
  default?: unknown;
  examples?: readonly unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  allOf?: readonly JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  readOnly?: boolean;
  writeOnly?: boolean;
  /** A secret (PSK, password): never logged, shown as a password field. */
  'x-secret'?: boolean;
  /** Upper bound on the UTF-8 size of the value serialized as JSON. */
  'x-maxJsonBytes'?: number;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type TypeOfName<N> = N extends 'string'
  ? string
  : N extends 'integer' | 'number'
    ? number
    : N extends 'boolean'
      ? boolean
      : N extends 'null'
        ? null
        : N extends 'array'
          ? unknown[]
          : N extends 'object'
            ? Record<string, unknown>
            : unknown;

type ObjectOf<S> = S extends { properties: infer P }
  ? Simplify<
      {
        -readonly [K in keyof P as K extends RequiredOf<S> ? K : never]: FromSchema<P[K]>;
      } & {
        -readonly [K in keyof P as K extends RequiredOf<S> ? never : K]?: FromSchema<P[K]>;
      }
    >
  : S extends { additionalProperties: infer A extends JsonSchema }
    ? Record<string, FromSchema<A>>
    : Record<string, unknown>;

type RequiredOf<S> = S extends { required: readonly (infer R)[] } ? R : never;

/** The TypeScript type of the values a schema (written `as const`) accepts. `$ref`s become `unknown`. */
export type FromSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { anyOf: readonly (infer A)[] }
      ? FromSchema<A>
      : S extends { oneOf: readonly (infer A)[] }
        ? FromSchema<A>
        : S extends { type: 'object' }
          ? ObjectOf<S>
          : S extends { type: 'array'; items: infer I }
            ? FromSchema<I>[]
            : S extends { type: infer T }
              ? T extends readonly (infer N)[]
                ? TypeOfName<N>
                : TypeOfName<T>
              : unknown;
