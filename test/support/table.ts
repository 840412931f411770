/** Test helpers read from the command table, so every test covers every row. */
import { commandTable, type CommandRow } from '../../connector/commands';

/** `[row id, row]` pairs for `it.each`. */
export const rows: [string, CommandRow][] = commandTable.map((r) => [r.id, r]);

/** Rows with at least one required field. */
export const rowsWithRequired = rows.filter(([, r]) => r.required.length > 0);
