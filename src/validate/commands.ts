/**
 * Per-command validation, derived from the command table and compiled once with ajv. Every problem
 * of a command is reported, each naming the command's index, its name and the field at fault.
 *
 * Results are index-aligned with the input. A command valid as given gets a shared, frozen result
 * per row: a batch of 100,000 valid commands allocates no result object, so that checking a batch
 * costs less than parsing it.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { commandFields, KEY_MAX_LENGTH, type CommandFieldName, type FieldKind } from '../../connector/fields';
import { commandNames, commandTable, fieldsOf, type CommandRow } from '../../connector/commands';
import { commandSchemaFile } from '../schemas/commands';
import { ValidationError } from '../errors';
import { validatorFor } from './ajv';
import { coerceCommand } from './coerce';
import { describeValue } from './describe';
import { metadataProblems } from './metadata';
import { suggest } from './suggest';
import { isPlainObject } from '../values/json';

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

export interface ValidateOptions {
  /** Coerce unambiguous loose values first (the connector does; the service never does). Default true. */
  coerce?: boolean;
  /** How the list is named in messages. Default `commands`. */
  path?: string;
}

// Shared by every result without problems or coercions.
const NONE: readonly never[] = Object.freeze([]);

/** How each kind is named in messages (exported for the generated Ruby, which says the same). */
export const kindPhrase: Record<FieldKind, string> = {
  id: 'a positive integer',
  key: `a non-empty string of at most ${KEY_MAX_LENGTH} characters`,
  uuid: 'a UUID',
  metadata: 'an object of key-value pairs',
};

interface RowCheck {
  row: CommandRow;
  validate: ValidateFunction;
  /** `MapUserCommand (external matching)`, or just the name. */
  label: string;
  takes: string;
  /** ` for MapUserCommand (external matching)` where a name has several shapes, else empty. */
  forShape: string;
  /** Where a field's problems sort among the command's: `name`, then the row's fields in order. */
  rank: Map<string, number>;
  /** The result of every command valid as given against this row. */
  valid: CommandCheck;
  /** Results by their missing (`-field`) and unknown (`+field`) fields; see `shapeProblems`. */
  shared: Map<string, CommandCheck>;
}

const rowCheck = (row: CommandRow): RowCheck => {
  const fields = fieldsOf(row);
  const label = row.shape ? `${row.name} (${row.shape} matching)` : row.name;
  return {
    row,
    validate: validatorFor(commandSchemaFile(row)),
    label,
    takes: fields.length ? `${label} takes ${fields.join(', ')}` : `${label} takes no field besides name`,
    forShape: row.shape ? ` for ${label}` : '',
    rank: new Map(['name', ...fields].map((f, i) => [f, i])),
    valid: Object.freeze({ name: row.name, valid: true, row: row.id, errors: NONE, coerced: NONE }),
    shared: new Map(),
  };
};

interface NameCheck {
  rows: RowCheck[];
  /** Every field any shape of the name takes: the ones coercion may touch. */
  fields: CommandFieldName[];
}

let checksByName: Map<string, NameCheck> | undefined;
const checksFor = (name: string): NameCheck | undefined => {
  checksByName ??= new Map(
    commandNames.map((n) => {
      const rows = commandTable.filter((r) => r.name === n);
      return [n, { rows: rows.map(rowCheck), fields: [...new Set(rows.flatMap(fieldsOf))] }];
    }),
  );
  return checksByName.get(name);
};


/** The top-level field an ajv instance path (`/metadata/a/0`) is under, JSON-pointer escapes undone. */
const fieldOf = (instancePath: string): string => {
  const end = instancePath.indexOf('/', 1);
  const field = end < 0 ? instancePath.slice(1) : instancePath.slice(1, end);
  return field.includes('~') ? field.replace(/~1/g, '/').replace(/~0/g, '~') : field;
};

/** The problems of `command` judged by one row, one message per problem, in the row's field order. */
const issuesFor = (check: RowCheck, command: Record<string, unknown>, errors: ErrorObject[]): CommandIssue[] => {
  // Plain loops and no closures: this runs once per invalid command of a batch.
  const issues: CommandIssue[] = [];
  const ranks: number[] = [];
  let explained: string[] | undefined;
  for (const e of errors) {
    let field: string;
    let message: string;
    if (e.instancePath === '') {
      if (e.keyword === 'required') {
        field = e.params.missingProperty;
        message = `missing required field ${field}${check.forShape}`;
      } else if (e.keyword === 'additionalProperties') {
        field = e.params.additionalProperty;
        message = `unknown field ${field}: ${check.takes}`;
      } else continue;
    } else {
      field = fieldOf(e.instancePath);
      if (explained?.includes(field)) continue;
      (explained ??= []).push(field);
      if (field === 'metadata') {
        const problems = metadataProblems(command.metadata);
        for (const m of problems.length ? problems : [`metadata must be ${kindPhrase.metadata}`]) {
          issues.push({ field, message: m });
          ranks.push(rankOf(check, command, field));
        }
        continue;
      }
      const kind = commandFields[field as CommandFieldName]?.kind;
      message = `${field} must be ${kind ? kindPhrase[kind] : `"${check.row.name}"`}, got ${describeValue(command[field])}`;
    }
    issues.push({ field, message });
    ranks.push(rankOf(check, command, field));
  }
  if (issues.length === 0) issues.push({ field: null, message: `does not match ${check.label}` }), ranks.push(0);
  return sortByRank(issues, ranks);
};

/** `name`, then the row's fields in table order, then fields it does not take in input order. */
const rankOf = (check: RowCheck, command: Record<string, unknown>, field: string): number =>
  check.rank.get(field) ?? check.rank.size + Object.keys(command).indexOf(field);

/** A stable insertion sort: the lists are a handful of issues long. */
const sortByRank = <T>(items: T[], ranks: number[]): T[] => {
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    const rank = ranks[i];
    let j = i - 1;
    for (; j >= 0 && ranks[j] > rank; j--) {
      items[j + 1] = items[j];
      ranks[j + 1] = ranks[j];
    }
    items[j + 1] = item;
    ranks[j + 1] = rank;
  }
  return items;
};

const result = (name: string | null, row: string | null, errors: readonly CommandIssue[], coerced: readonly CommandFieldName[] = NONE): CommandCheck => ({
  name,
  valid: errors.length === 0,
  row,
  errors,
  coerced,
});

/**
 * The same problems give the same frozen result (messages name fields and value types, never
 * values), so a batch with thousands of commands missing the same field keeps one result, not
 * thousands. Bounded per row, since unknown field names are the input's: past the bound the
 * oldest problem makes room (first in, first out: a hit costs nothing more than a lookup).
 */
const SHARED_PROBLEMS_PER_ROW = 512;

const shapeProblems = (check: RowCheck, command: Record<string, unknown>, errors: ErrorObject[]): CommandCheck => {
  const key = problemKey(command, errors);
  if (key === undefined) return result(check.row.name, check.row.id, issuesFor(check, command, errors));
  const known = check.shared.get(key);
  if (known) return known;
  const made = result(check.row.name, check.row.id, issuesFor(check, command, errors));
  made.errors.forEach((e) => Object.freeze(e));
  Object.freeze(made.errors);
  // Map keeps insertion order: its first key is the oldest.
  if (check.shared.size >= SHARED_PROBLEMS_PER_ROW) check.shared.delete(check.shared.keys().next().value!);
  check.shared.set(key, Object.freeze(made));
  return made;
};

/**
 * What the messages of these errors depend on: the fields missing (`-f`), not taken (`+f`) or
 * mistyped with a description of the value (`~f:a string`). Undefined for metadata problems, whose
 * messages name paths inside the value.
 */
const problemKey = (command: Record<string, unknown>, errors: ErrorObject[]): string | undefined => {
  let key = '';
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    if (e.instancePath === '') {
      key += e.keyword === 'required' ? `|-${e.params.missingProperty}` : `|+${e.params.additionalProperty}`;
      continue;
    }
    const field = fieldOf(e.instancePath);
    if (field === 'metadata') return undefined;
    key += `|~${field}:${describeValue(command[field])}`;
  }
  return key;
};

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
