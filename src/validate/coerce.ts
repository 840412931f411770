/**
 * Recipes hand over loose values. The connector coerces only what is unambiguous, before it
 * validates: a string of digits where a positive integer id is wanted (`"42"` → `42`), and an
 * integer where an external or mapping id string is wanted (`42` → `"42"`). Anything else stays as
 * it is and fails validation. The service itself never coerces.
 */
import { commandFields, type CommandFieldName } from '../../connector/fields';

const DIGITS = /^[1-9][0-9]*$/;

/** The coerced value of one field, or undefined when it needs or allows no coercion. */
export const coerceField = (field: CommandFieldName, value: unknown): string | number | undefined => {
  switch (commandFields[field].kind) {
    case 'id':
      if (typeof value === 'string' && DIGITS.test(value)) {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : undefined;
      }
      return undefined;
    case 'key':
      return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
    default:
      return undefined;
  }
};

/** A copy of `command` with the given fields coerced, and which fields were; null when none were. */
export const coerceCommand = (
  command: Record<string, unknown>,
  fields: Iterable<CommandFieldName>,
): { command: Record<string, unknown>; coerced: CommandFieldName[] } | null => {
  let copy: Record<string, unknown> | null = null;
  const coerced: CommandFieldName[] = [];
  for (const field of fields) {
    if (!Object.prototype.hasOwnProperty.call(command, field)) continue;
    const value = coerceField(field, command[field]);
    if (value === undefined) continue;
    copy ??= { ...command };
    copy[field] = value;
    coerced.push(field);
  }
  return copy && { command: copy, coerced };
};
