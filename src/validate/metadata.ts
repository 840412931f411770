/**
 * Explains why metadata is refused, naming the path at fault. The schema (metadata.json) decides
 * whether metadata is valid; this says why, in words a recipe builder can act on.
 */
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH } from '../../connector/model/metadata';
import { jsonBytes } from './ajv';
import { childPath, describeValue } from './describe';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const metadataProblems = (metadata: unknown, path = 'metadata'): string[] => {
  if (!isPlainObject(metadata)) return [`${path} must be an object of key-value pairs, got ${describeValue(metadata)}`];
  const problems: string[] = [];
  // Containers at `level`; the metadata object itself is level 1.
  const walk = (value: unknown, at: string, level: number): void => {
    if (Array.isArray(value) || isPlainObject(value)) {
      if (level > METADATA_MAX_DEPTH) {
        problems.push(`${at} is nested deeper than ${METADATA_MAX_DEPTH} levels`);
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, childPath(at, i), level + 1));
      else for (const [k, v] of Object.entries(value)) walk(v, childPath(at, k), level + 1);
      return;
    }
    const ok =
      value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) problems.push(`${at} must be a string, finite number, boolean, null, object or array, got ${describeValue(value)}`);
  };
  for (const [k, v] of Object.entries(metadata)) walk(v, childPath(path, k), 2);
  if (problems.length === 0) {
    const bytes = jsonBytes(metadata);
    if (bytes > METADATA_MAX_BYTES) problems.push(`${path} is ${bytes} bytes serialized, more than the ${METADATA_MAX_BYTES} allowed`);
  }
  return problems;
};
