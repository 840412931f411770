/** Reading a schema through the catalogue: what a `$ref` to a published file, or a nullable `anyOf`, stands for. */
import type { JsonSchema } from '../sdk/json-schema';
import { schemaFiles } from './catalogue';

let schemasByFile: Map<string, JsonSchema> | undefined;

/** Follows `$ref`s to the published schemas, and reads `anyOf [X, null]` as X. */
export const resolveSchema = (schema: JsonSchema): JsonSchema => {
  if (schema.$ref && !schema.$ref.startsWith('#')) {
    schemasByFile ??= new Map(schemaFiles().map((f) => [f.file, f.schema]));
    const file = schema.$ref.replace(/^(\.\.\/)+/, '');
    const target = schemasByFile.get(file);
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    const { $ref: _, ...rest } = schema;
    return resolveSchema({ ...target, ...rest });
  }
  if (schema.anyOf) {
    const branches = schema.anyOf.filter((b) => b.type !== 'null');
    if (branches.length === 1) {
      const { anyOf: _, ...rest } = schema;
      return resolveSchema({ ...branches[0], ...rest });
    }
  }
  return schema;
};
