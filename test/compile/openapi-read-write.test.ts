/**
 * What the service answers is never marked writeOnly in the OpenAPI document: OpenAPI tools (a
 * validating proxy, a generated client) drop writeOnly properties from responses, and Create
 * integration's answer carries the PSK, once.
 */
import { openApiDocument } from '../../src/compile/openapi';

type Node = Record<string, unknown>;

/** The writeOnly properties reachable from `schema`, by JSON path, following $refs into components. */
const writeOnlyIn = (doc: Node, schema: unknown, at: string, seen = new Set<string>()): string[] => {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Node;
  if (typeof s.$ref === 'string') {
    if (seen.has(s.$ref)) return [];
    seen.add(s.$ref);
    const target = s.$ref.replace(/^#\//, '').split('/').reduce<unknown>((n, k) => (n as Node | undefined)?.[k], doc);
    return writeOnlyIn(doc, target, at, seen);
  }
  const found = s.writeOnly === true ? [at] : [];
  for (const [key, value] of Object.entries(s)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value as Node)) found.push(...writeOnlyIn(doc, sub, `${at}.${name}`, seen));
    } else if (['items', 'allOf', 'anyOf', 'oneOf', 'additionalProperties'].includes(key)) {
      for (const sub of Array.isArray(value) ? value : [value]) found.push(...writeOnlyIn(doc, sub, at, seen));
    }
  }
  return found;
};

describe('the OpenAPI document', () => {
  it('marks nothing the service answers writeOnly (the PSK of a created integration above all)', () => {
    const doc = openApiDocument() as Node;
    const found: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Node)) {
      for (const [method, operation] of Object.entries(item as Node)) {
        for (const [status, response] of Object.entries(((operation as Node).responses ?? {}) as Node)) {
          for (const media of Object.values(((response as Node).content ?? {}) as Node)) {
            found.push(...writeOnlyIn(doc, (media as Node).schema, `${method.toUpperCase()} ${path} ${status}`));
          }
        }
      }
    }
    expect(found).toEqual([]);
  });
});
