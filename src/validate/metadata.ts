/**
 * Metadata rules (docs/contract.md §4): an object whose values are strings, finite numbers,
 * booleans, null, or nested objects/arrays of those; at most 8 levels deep (the object itself is
 * level 1) and 16 KiB serialized. Numbers are within ±(2^53 − 1), as ids are: beyond it a JSON
 * number is not carried exactly, and would be stored as another. `metadataFits` decides fast; `metadataProblems` says why not, in
 * words a recipe builder can act on, naming the path at fault.
 */
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH, METADATA_MAX_NUMBER } from '../../connector/model/metadata';
import { childPath, describeValue } from './describe';
import { jsonBytes } from './json-bytes';
import { isPlainObject } from '../values/json';

// Read once: the bound below runs for every command that carries metadata.
const MAX_DEPTH = METADATA_MAX_DEPTH;
const MAX_BYTES = METADATA_MAX_BYTES;
const MAX_NUMBER = METADATA_MAX_NUMBER;


/**
 * An upper bound of the UTF-8 size of a valid value (a container at `level`) serialized as JSON,
 * or -1 when it is not valid. A UTF-16 unit takes at most 6 bytes in JSON (`\u001f`), a number at
 * most 24 characters, so most metadata is judged without being serialized.
 */
const boundOf = (value: unknown, level: number): number => {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 2;
    case 'number':
      // NaN fails the comparison too.
      return Math.abs(value) <= MAX_NUMBER ? 24 : -1;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      if (level > MAX_DEPTH) return -1;
      let bytes = 2;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const b = boundOf(value[i], level + 1);
          if (b < 0) return -1;
          bytes += b + 1;
        }
      } else {
        const keys = Object.keys(value);
        for (let i = 0; i < keys.length; i++) {
          const b = boundOf((value as Record<string, unknown>)[keys[i]], level + 1);
          if (b < 0) return -1;
          bytes += b + keys[i].length * 6 + 4;
        }
      }
      return bytes;
    }
    default:
      return -1;
  }
};

/** Whether `metadata` is valid metadata. */
export const metadataFits = (metadata: unknown): boolean => {
  if (!isPlainObject(metadata)) return false;
  const bound = boundOf(metadata, 1);
  return bound >= 0 && (bound <= MAX_BYTES || jsonBytes(metadata) <= MAX_BYTES);
};

/** Every reason `metadata` is not valid, each naming its path; empty when it is valid. */
export const metadataProblems = (metadata: unknown, path = 'metadata'): string[] => {
  if (!isPlainObject(metadata)) return [`${path} must be an object of key-value pairs, got ${describeValue(metadata)}`];
  const problems: string[] = [];
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
    if (typeof value === 'number' && Number.isFinite(value) && !(Math.abs(value) <= METADATA_MAX_NUMBER)) {
      problems.push(`${at} must be a number between -${METADATA_MAX_NUMBER} and ${METADATA_MAX_NUMBER} (a larger one cannot be carried exactly), got ${describeValue(value)}`);
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
