/** The verdict on one command, as every command check returns it. */
import type { CommandFieldName } from '../../connector/fields';

/** One problem of one command; the shape of the contract's per-item `errors`. */
export interface CommandIssue {
  /** The field at fault, or null when the command as a whole is. */
  field: string | null;
  message: string;
}

/** The verdict on one command; `validateCommands` returns one per input item, at the same index. */
export interface CommandCheck {
  /** The command's name, or null when it has none that is a string. */
  readonly name: string | null;
  readonly valid: boolean;
  /** The row of the command table the command was judged by (`MapUserCommand.external`, …). */
  readonly row: string | null;
  readonly errors: readonly CommandIssue[];
  /** Fields whose loose values were coerced (`"42"` → `42`). */
  readonly coerced: readonly CommandFieldName[];
  /** The coerced copy to send instead of the input, when coercion changed a valid command. */
  readonly command?: Record<string, unknown>;
}

// Shared by every result without problems or coercions.
export const NONE: readonly never[] = Object.freeze([]);

export const result = (name: string | null, row: string | null, errors: readonly CommandIssue[], coerced: readonly CommandFieldName[] = NONE): CommandCheck => ({
  name,
  valid: errors.length === 0,
  row,
  errors,
  coerced,
});

