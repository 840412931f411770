import fc from 'fast-check';
import { METADATA_MAX_BYTES, metadataSchema } from '../../connector/model/metadata';
import { createAjv, jsonBytes, metadataFits, metadataProblems, validateCommands } from '../../src/validate';

const course = (metadata: unknown) => ({ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 7, metadata });
const check = (metadata: unknown) => validateCommands([course(metadata)])[0];

/** Metadata whose deepest container is at `levels` (the metadata object itself is level 1). */
const nested = (levels: number): Record<string, unknown> => {
  let value: unknown = 'leaf';
  for (let level = levels; level > 1; level--) value = level % 2 ? { k: value } : [value];
  return { k: value };
};

describe('metadata', () => {
  it('accepts strings, finite numbers, booleans, null and nested objects and arrays of those', () => {
    expect(check({ s: 'x', n: -1.5, b: false, z: null, o: { a: [1, 'two', { three: true }] }, e: {}, l: [] }).valid).toBe(true);
  });

  it('accepts 8 levels of nesting and refuses 9, naming the path', () => {
    expect(check(nested(8)).valid).toBe(true);
    const result = check(nested(9));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ field: 'metadata', message: 'metadata.k[0].k[0].k[0].k[0] is nested deeper than 8 levels' }]);
  });

  it('accepts 16 KiB serialized and refuses one byte more, counting UTF-8 bytes', () => {
    const padding = (m: Record<string, unknown>) => METADATA_MAX_BYTES - jsonBytes(m);
    const exact = { note: '' };
    exact.note = 'x'.repeat(padding(exact));
    expect(jsonBytes(exact)).toBe(METADATA_MAX_BYTES);
    expect(check(exact).valid).toBe(true);
    expect(check({ note: exact.note + 'x' }).errors).toEqual([
      { field: 'metadata', message: `metadata is ${METADATA_MAX_BYTES + 1} bytes serialized, more than the ${METADATA_MAX_BYTES} allowed` },
    ]);
    // 'é' is two bytes in UTF-8: half as many characters reach the limit.
    const accented = { note: 'é'.repeat(METADATA_MAX_BYTES / 2) };
    expect(check(accented).valid).toBe(false);
  });

  it('refuses values JSON cannot carry, naming each one', () => {
    expect(check({ a: Number.NaN, b: { c: Infinity }, d: undefined }).errors.map((e) => e.message)).toEqual([
      'metadata.a must be a string, finite number, boolean, null, object or array, got the non-finite number NaN',
      'metadata.b.c must be a string, finite number, boolean, null, object or array, got the non-finite number Infinity',
      'metadata.d must be a string, finite number, boolean, null, object or array, got undefined',
    ]);
  });

  it('must be an object, not an array, a string or null', () => {
    for (const m of [[1], 'x', null, 3]) expect(check(m).errors[0].message).toMatch(/^metadata must be an object of key-value pairs, got /);
  });

  it('names odd keys in the path in a readable way', () => {
    expect(metadataProblems({ 'dept code': [{ x: () => 1 }] })).toEqual([
      'metadata["dept code"][0].x must be a string, finite number, boolean, null, object or array, got function',
    ]);
  });

  it('treats keys such as __proto__ and constructor as plain keys, polluting nothing', () => {
    const metadata = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    expect(check(metadata).valid).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the fast metadata check', () => {
  const declarative = createAjv({ fastMetadata: false }).getSchema(metadataSchema.$id)!;
  const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.boolean(), fc.constant(null));
  /** A chain of containers `depth` deep under the metadata object, objects and arrays mixed. */
  const deep = fc
    .tuple(fc.integer({ min: 5, max: 10 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), leaf)
    .map(([depth, kinds, end]) => {
      let value: unknown = end;
      for (let i = 1; i < depth; i++) value = kinds[i] ? [value] : { k: value };
      return { top: value };
    });
  /** Metadata around the size limit. */
  const large = fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ minLength: 1000, maxLength: 5000 }), { minKeys: 2, maxKeys: 6 });
  const anything = fc.oneof(deep, large, fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })), fc.anything());

  it('accepts exactly what the published metadata.json accepts', () => {
    const seen = { fits: 0, refused: 0 };
    fc.assert(
      fc.property(anything, (value) => {
        const fits = metadataFits(value);
        seen[fits ? 'fits' : 'refused']++;
        expect(fits).toBe(declarative(value));
      }),
      { numRuns: 3000 },
    );
    // Both verdicts are exercised, not only one.
    expect(Math.min(seen.fits, seen.refused)).toBeGreaterThan(300);
  });

  it('agrees on both sides of the size limit', () => {
    for (let size = METADATA_MAX_BYTES - 3; size <= METADATA_MAX_BYTES + 3; size++) {
      const value = { k: 'x'.repeat(size - 8) };
      expect([size, metadataFits(value)]).toEqual([size, declarative(value)]);
      expect(metadataFits(value)).toBe(jsonBytes(value) <= METADATA_MAX_BYTES);
    }
  });
});
