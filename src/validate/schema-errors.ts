/** ajv's errors in the project's words: each names the path at fault, such as `input.page_size`. */
import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from '../errors';

/** `/entities/users/user_ids/0` → `entities.users.user_ids[0]`. */
export const pointerToPath = (root: string, pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`), root);

export const explainSchemaErrors = (errors: readonly ErrorObject[] | null | undefined, root: string): ErrorDetail[] => {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let path = pointerToPath(root, e.instancePath);
    let message: string;
    if (e.keyword === 'required') {
      path = `${path}.${e.params.missingProperty}`;
      message = `${path} is required`;
    } else if (e.keyword === 'additionalProperties') {
      path = `${path}.${e.params.additionalProperty}`;
      message = `${path} is not a known field`;
    } else if (e.keyword === 'enum') {
      message = `${path} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    } else if (e.keyword === 'format') {
      message = `${path} must be ${e.params.format === 'date-time' ? 'an ISO 8601 date-time with an offset' : `a ${e.params.format}`}`;
    } else message = `${path} ${e.message ?? 'is invalid'}`;
    if (seen.has(message)) continue;
    seen.add(message);
    details.push({ path, message });
  }
  return details;
};
