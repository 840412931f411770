/** Small facts about JSON values, shared by the validators, the runtime and the emulator. */

/** A JSON object: not null, not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys of a JSON pointer, unescaped: `/entities/a~1b/0` → `entities`, `a/b`, `0`. */
export const pointerKeys = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
