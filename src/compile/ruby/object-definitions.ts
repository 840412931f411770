/**
 * `object_definitions:` of connector.rb: one per domain object (integration, mapping, command,
 * batch item, metadata filter, query page, …), and each action's fields composed from them the way a Workato
 * developer writes it (`object_definitions['integration'].only('uuid', 'name')`, `.required(…)`,
 * `properties: object_definitions['mapping']`). The composition is found at generation time and
 * proven here to give exactly the manifest's fields, so that the two can never disagree.
 */
import { integrationSchema } from '../../../connector/model/integration';
import { mappingSchema } from '../../../connector/model/mapping';
import { metadataFilter, queryPageSchema, queryRequestProperties } from '../../../connector/model/query';
import { integrationCredentials } from '../../../connector/actions/shared';
import { runCommands } from '../../../connector/actions';
import type { JsonSchema } from '../../sdk/json-schema';
import type { SchemaField } from '../../sdk/workato';
import { listCommandFields, objectFields } from '../workato-fields';
import { code, rubyLambda, rubyLiteral, RubyCode } from './literal';

const objectOf = (properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema => ({ type: 'object', properties, required: [...required] });

/** The domain objects, in the order they are emitted; a definition may nest earlier ones. */
export const domainObjects = (): Record<string, SchemaField[]> => ({
  integration_credentials: objectFields(objectOf(integrationCredentials, Object.keys(integrationCredentials)), 'input'),
  integration: objectFields(integrationSchema, 'output'),
  command: listCommandFields(),
  batch_item: objectFields(runCommands.output.properties.items.items as JsonSchema, 'output'),
  mapping: objectFields(mappingSchema, 'output'),
  // One filter of metadata_filters, as Query entities and the trigger take them.
  metadata_filter: objectFields(metadataFilter, 'input'),
  query: objectFields(objectOf(queryRequestProperties), 'input'),
  query_page: objectFields(queryPageSchema, 'output'),
});

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const withoutOptional = ({ optional: _, ...rest }: SchemaField) => rest;

/** A field, its nested field lists replaced by the definition they equal. */
const nested = (field: SchemaField, objects: Record<string, SchemaField[]>): Record<string, unknown> => {
  if (!field.properties) return { ...field };
  const named = Object.entries(objects).find(([, fields]) => same(fields, field.properties));
  return { ...field, properties: named ? code(`object_definitions['${named[0]}']`) : field.properties.map((f) => nested(f, objects)) };
};

/** The Ruby literal of fields, their nested lists written as the definitions they equal. */
export const fieldsLiteral = (fields: SchemaField[], objects: Record<string, SchemaField[]>): string => rubyLiteral(fields.map((f) => nested(f, objects)));

/** One piece of a composed field list: a definition narrowed to some names, or literal fields. */
type Piece = { object: string; names: string[]; required: string[]; all: boolean } | { literal: SchemaField[] };

/** What a piece evaluates to in Workato (`only` keeps the definition's order; `required` sets `optional: false`). */
const evaluate = (piece: Piece, objects: Record<string, SchemaField[]>): SchemaField[] =>
  'literal' in piece
    ? piece.literal
    : objects[piece.object].filter((f) => piece.names.includes(f.name)).map((f) => (piece.required.includes(f.name) ? { ...f, optional: false } : f));

/** Where a field can come from: the first definition holding it (optional aside, and only ever made required). */
const sourceOf = (field: SchemaField, objects: Record<string, SchemaField[]>, after?: { object: string; index: number }) => {
  for (const [object, fields] of Object.entries(objects)) {
    if (after && object !== after.object) continue;
    const index = fields.findIndex((f, i) => (!after || i > after.index) && same(withoutOptional(f), withoutOptional(field)) && (f.optional || !field.optional));
    if (index >= 0) return { object, index };
  }
  return undefined;
};

const pieces = (fields: SchemaField[], objects: Record<string, SchemaField[]>): Piece[] => {
  const out: Piece[] = [];
  for (let i = 0; i < fields.length; ) {
    let at = sourceOf(fields[i], objects);
    if (!at) {
      const last = out[out.length - 1];
      if (last && 'literal' in last) last.literal.push(fields[i]);
      else out.push({ literal: [fields[i]] });
      i++;
      continue;
    }
    const piece = { object: at.object, names: [] as string[], required: [] as string[], all: false };
    while (at && i < fields.length) {
      piece.names.push(fields[i].name);
      if (!fields[i].optional && objects[at.object][at.index].optional) piece.required.push(fields[i].name);
      i++;
      at = i < fields.length ? sourceOf(fields[i], objects, at) : undefined;
    }
    piece.all = piece.names.length === objects[piece.object].length;
    out.push(piece);
  }
  return out;
};

const names = (list: string[]): string => list.map((n) => `'${n}'`).join(', ');

const pieceSource = (piece: Piece, objects: Record<string, SchemaField[]>): string => {
  if ('literal' in piece) return fieldsLiteral(piece.literal, objects);
  const base = `object_definitions['${piece.object}']`;
  return `${piece.all ? base : `${base}.only(${names(piece.names)})`}${piece.required.length ? `.required(${names(piece.required)})` : ''}`;
};

/**
 * Ruby for a field list, composed of the definitions; throws when the composition would not give
 * exactly `fields` (a bug of this generator, caught at build time).
 */
export const composeFields = (fields: SchemaField[], objects: Record<string, SchemaField[]>, where: string): string => {
  const parts = pieces(fields, objects);
  if (!same(parts.flatMap((p) => evaluate(p, objects)), fields)) throw new Error(`object definitions do not compose into the fields of ${where}`);
  if (parts.length === 0) return '[]';
  return parts.map((p) => pieceSource(p, objects)).join(' +\n');
};

/** The `object_definitions:` section: each definition's fields, nesting the ones before it. */
export const objectDefinitionsSection = (objects: Record<string, SchemaField[]>): Record<string, { fields: RubyCode }> => {
  const section: Record<string, { fields: RubyCode }> = {};
  const earlier: Record<string, SchemaField[]> = {};
  for (const [name, fields] of Object.entries(objects)) {
    const body = rubyLiteral(fields.map((f) => nested(f, earlier)));
    section[name] = { fields: rubyLambda('connection, config_fields, object_definitions', body) };
    earlier[name] = fields;
  }
  return section;
};
