/**
 * The document's schema components: the published wire schemas (not the actions' and triggers'
 * inputs and outputs), pointed inside the document, with their `$defs` lifted to components.
 */
import { schemaId } from '../../../connector/model/ids';
import type { JsonSchema } from '../../sdk/json-schema';
import { schemaFiles, type SchemaFile } from '../../schemas/catalogue';

export type Json = Record<string, unknown>;

export const schemaRef = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** The wire schemas, keyed by a name fit for components. */
export const wireSchemas = (): { file: string; name: string; schema: JsonSchema }[] =>
  schemaFiles()
    .filter((f: SchemaFile) => !f.file.startsWith('actions/') && !f.file.startsWith('triggers/'))
    .map((f) => ({ file: f.file, name: f.schema.title!, schema: f.schema }));

/**
 * A schema as a component: `$id` dropped and every `$ref` pointed inside the document, since
 * OpenAPI tools resolve `#/components/...` far more reliably than relative `$id`-based references.
 */
const asComponent = (file: string, schema: JsonSchema, nameOfFile: Map<string, string>): Json => {
  const self = nameOfFile.get(file)!;
  const { $id: _id, ...body } = schema;
  return JSON.parse(JSON.stringify(body), (key, value) => {
    if (key !== '$ref' || typeof value !== 'string') return value;
    const [target, fragment = ''] = value.split('#');
    const name = target === '' ? self : nameOfFile.get(new URL(target, schemaId(file)).href.slice(schemaId('').length));
    if (!name) throw new Error(`${file}: unresolved $ref ${value}`);
    return `#/components/schemas/${name}${fragment}`;
  }) as Json;
};

/** `metadataLevel2` → `MetadataLevel2`: a nested definition's name as a component. */
const componentName = (def: string): string => def[0].toUpperCase() + def.slice(1);

/**
 * The components, with every schema's `$defs` lifted to components of their own: openapi-typescript
 * (and other generators) type `$defs` inside a component as a required property of it.
 */
const liftDefinitions = (components: Record<string, Json>): Record<string, Json> => {
  const lifted: Record<string, Json> = {};
  for (const [name, component] of Object.entries(components)) {
    const { $defs, ...body } = component as Json & { $defs?: Record<string, Json> };
    const local = `#/components/schemas/${name}/$defs/`;
    const relink = (value: Json): Json =>
      JSON.parse(JSON.stringify(value), (key, v) => (key === '$ref' && typeof v === 'string' && v.startsWith(local) ? `#/components/schemas/${componentName(v.slice(local.length))}` : v));
    lifted[name] = relink(body);
    for (const [def, schema] of Object.entries($defs ?? {})) {
      const target = componentName(def);
      if (target in components || target in lifted) throw new Error(`${name}: $defs/${def} would replace the component ${target}`);
      lifted[target] = relink(schema);
    }
  }
  return lifted;
};

/** Where the answer to item `{index}` of a request array is, for an array whose items the service judges one by one. */
const PER_ITEM = 'x-validated-per-item';

/**
 * What a client sends, where it differs from what the service's envelope check takes: the
 * service reads any object as a command and answers each on its own, but a client is to send
 * commands, so the document types them.
 */
const requestRefinements = (components: Record<string, Json>): Record<string, Json> => {
  const request = components.CommandsRequest as { properties: Record<string, Json> };
  const commands = request.properties.commands;
  request.properties.commands = {
    ...commands,
    items: schemaRef('Command'),
    description: 'A command that does not fit Command is no 400: its item of the answer is rejected, with its errors, and the valid ones are still queued.',
    [PER_ITEM]: '/data/items/{index}/status',
  };
  return components;
};

/** The published wire schemas as components. */
export const wireComponents = (): Record<string, Json> => {
  const schemas = wireSchemas();
  const nameOfFile = new Map(schemas.map((s) => [s.file, s.name]));
  return requestRefinements(liftDefinitions(Object.fromEntries(schemas.map((s) => [s.name, asComponent(s.file, s.schema, nameOfFile)]))));
};
