/**
 * Where a failure belongs on the form. The runtime names a field by a path
 * (`input.metadata_filters[0].operator`, `commands[3].course_id`, `input.name`); the form's fields
 * have paths of the same grammar. A failure goes beside the field its path names, or the nearest
 * enclosing one; none found, it stays with the result.
 */

/** `input.a.b[2].c` → `a.b[2].c`: failures of the input are named from `input.`. */
export const formPath = (path: string): string => path.replace(/^input(\.|$)/, '');

/** The path of the enclosing field: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ''. */
export const parentPath = (path: string): string => (/[.[]/.test(path) ? path.replace(/(\.[^.[\]]+|\[\d+\])$/, '') : '');

/** The nearest of `known` paths to `path`: itself, or its closest ancestor. */
export const nearestField = (path: string, known: ReadonlySet<string>): string | undefined => {
  for (let p = formPath(path); p !== ''; p = parentPath(p)) if (known.has(p)) return p;
  return undefined;
};

/**
 * Run commands with one command chosen: its fields are the command itself, item 0 of the list
 * field the request is made of (`chunk_field`), so `commands[0].course_id` is the field `course_id`.
 */
export const withoutChunk = (path: string, chunkField: string | undefined): string => {
  if (!chunkField) return path;
  const m = new RegExp(`^(?:input\\.)?${chunkField}\\[0\\](?:\\.(.*))?$`).exec(path);
  return m ? (m[1] ?? '') : path;
};
