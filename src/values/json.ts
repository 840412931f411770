/** Small facts about JSON values, shared by the validators, the runtime and the emulator. */

/** A JSON object: not null, not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys of a JSON pointer, unescaped: `/entities/a~1b/0` → `entities`, `a/b`, `0`. */
export const pointerKeys = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));

/** One key as a JSON pointer writes it: `a/b` → `a~1b`, `~` → `~0`. */
export const pointerKey = (key: string | number): string => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** The value at a JSON pointer, or undefined where the path leaves the value. */
export const valueAt = (value: unknown, pointer: string): unknown =>
  pointerKeys(pointer).reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);

/** Strict JSON equality, key order ignored (metadata filters, metadata writes). */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameJson((a as Record<string, unknown>)[k], bo[k]));
};
