/**
 * The `command` config choice of an action that sends a list in chunks (Run commands). Workato
 * sends config fields inside the input: with a row of the command table picked (`MatchCourseCommand`,
 * `MapUserCommand.internal`), that command's fields are top-level input fields; with the list
 * choice, or none, the input carries the list itself.
 */
import { commandTable, fieldsOf } from '../../connector/commands';
import { commandChoice } from '../../connector/actions/command-choice';
import { ValidationError } from '../errors';
import { describeValue } from '../validate/describe';

export const COMMAND_CHOICE = commandChoice.field;
const LIST_OF_COMMANDS = commandChoice.list;

// Workato sends an empty optional field as null or "": not given.
const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * The input with the choice taken: `command` dropped, and with a row picked the row's fields
 * (those given) moved into a list of one under `listField`. An unknown choice is refused, naming
 * its type, never its value.
 */
export const inputForCommandChoice = (listField: string, raw: unknown): unknown => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !(COMMAND_CHOICE in raw)) return raw;
  const { [COMMAND_CHOICE]: choice, ...rest } = raw as Record<string, unknown>;
  if (!given(choice) || choice === LIST_OF_COMMANDS) return rest;
  const row = commandTable.find((r) => r.id === choice);
  if (!row) {
    const message = `input.${COMMAND_CHOICE} must be one of the ${commandTable.length} commands or ${LIST_OF_COMMANDS}; got ${describeValue(choice)}`;
    throw new ValidationError(message, [{ path: `input.${COMMAND_CHOICE}`, message }]);
  }
  const command: Record<string, unknown> = { name: row.name };
  for (const field of fieldsOf(row)) {
    if (given(rest[field])) command[field] = rest[field];
    delete rest[field];
  }
  return { ...rest, [listField]: [command] };
};
