/**
 * Per-command validation, derived from the command table and compiled once with ajv. Every problem
 * of a command is reported, each naming the command's index, its name and the field at fault.
 *
 * Results are index-aligned with the input. A command valid as given gets a shared, frozen result
 * per row: a batch of 100,000 valid commands allocates no result object, so that checking a batch
 * costs less than parsing it.
 */
import { commandNames } from '../../connector/commands';
import { ValidationError } from '../errors';
import { isPlainObject } from '../values/json';
import { NONE, result, type CommandCheck, type CommandIssue } from './command-check';
import { issuesFor, shapeProblems } from './command-issues';
import { checksFor, type RowCheck } from './command-rows';
import { coerceCommand } from './coerce';
import { describeValue } from './describe';
import { suggest } from './suggest';

export type { CommandCheck, CommandIssue } from './command-check';
export { kindPhrase } from './command-issues';

export interface ValidateOptions {
  /** Coerce unambiguous loose values first (the connector does; the service never does). Default true. */
  coerce?: boolean;
  /** How the list is named in messages. Default `commands`. */
  path?: string;
}

/** Checks one command. */
export const checkCommand = (item: unknown, coerce = true): CommandCheck => {
  if (!isPlainObject(item)) return result(null, null, [{ field: null, message: `must be an object, got ${describeValue(item)}` }]);
  const name = item.name;
  if (name === undefined) return result(null, null, [{ field: 'name', message: 'missing required field name' }]);
  if (typeof name !== 'string') return result(null, null, [{ field: 'name', message: `name must be a string naming a command, got ${describeValue(name)}` }]);
  const named = checksFor(name);
  if (!named) {
    const near = suggest(name, commandNames, 'Command');
    // A long name is not echoed: messages stay short, whatever the input.
    const shown = name.length > 80 ? `(a name of ${name.length} characters)` : JSON.stringify(name);
    return result(name, null, [{ field: 'name', message: `unknown command ${shown}${near ? ` (did you mean ${near}?)` : ''}` }]);
  }
  const { rows, fields } = named;
  // The common case first: a command that is valid as given.
  for (let i = 0; i < rows.length; i++) if (rows[i].validate(item)) return rows[i].valid;
  // With one shape, the errors of that first check are the ones to explain, unless coercion changes the command.
  const firstErrors = rows.length === 1 ? (rows[0].validate.errors ?? []) : undefined;

  // Coercion only ever changes a value of the wrong type: without a type error there is nothing to coerce.
  const coerced = coerce && (!firstErrors || firstErrors.some((e) => e.instancePath !== '')) ? coerceCommand(item, fields) : null;
  if (!coerced) {
    if (firstErrors) return shapeProblems(rows[0], item, firstErrors);
  } else {
    for (const c of rows) {
      if (c.validate(coerced.command)) return { ...result(name, c.row.id, NONE, coerced.coerced), command: coerced.command };
    }
  }
  // Judge by the shape the command comes closest to (MapUserCommand has two).
  const command = coerced?.command ?? item;
  let best: { check: RowCheck; issues: CommandIssue[] } | undefined;
  for (const c of rows) {
    c.validate(command);
    const issues = issuesFor(c, command, c.validate.errors ?? []);
    if (!best || issues.length < best.issues.length) best = { check: c, issues };
  }
  return result(name, best!.check.row.id, best!.issues, coerced?.coerced);
};

/** Checks every command of a list; one result per item, at the item's index. */
export const validateCommands = (list: readonly unknown[], options: ValidateOptions = {}): CommandCheck[] => {
  const coerce = options.coerce ?? true;
  const results = new Array<CommandCheck>(list.length);
  for (let i = 0; i < list.length; i++) results[i] = checkCommand(list[i], coerce);
  return results;
};

/** `commands[3] (MatchSessionCommand): missing required field course_id` */
export const formatIssue = (index: number, check: CommandCheck, issue: CommandIssue, path = 'commands'): string =>
  `${path}[${index}]${check.name !== null ? ` (${check.name})` : ''}: ${issue.message}`;

/** Every problem of every invalid command, one line each. */
export const explainChecks = (checks: readonly CommandCheck[], path = 'commands'): string[] =>
  checks.flatMap((c, i) => c.errors.map((e) => formatIssue(i, c, e, path)));

/** The command to send for an input item found valid: the coerced copy, or the item itself. */
export const commandToSend = (item: unknown, check: CommandCheck): Record<string, unknown> =>
  check.command ?? (item as Record<string, unknown>);

/** A ValidationError naming every problem of the checked list, or undefined when every command is valid. */
export const checksError = (checks: readonly CommandCheck[], path = 'commands'): ValidationError | undefined => {
  const details = checks.flatMap((c, i) =>
    c.errors.map((e) => ({ path: `${path}[${i}]${e.field ? `.${e.field}` : ''}`, message: formatIssue(i, c, e, path) })),
  );
  if (!details.length) return undefined;
  const bad = checks.filter((c) => !c.valid).length;
  return new ValidationError(`${bad} of ${checks.length} commands are invalid; first: ${details[0].message}`, details);
};

/** The commands to send, coerced; throws a ValidationError naming every problem when any is invalid. */
export const assertCommands = (list: readonly unknown[], options: ValidateOptions = {}): Record<string, unknown>[] => {
  const checks = validateCommands(list, options);
  const error = checksError(checks, options.path);
  if (error) throw error;
  return checks.map((c, i) => commandToSend(list[i], c));
};
