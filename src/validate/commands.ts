/**
 * Per-command validation, derived from the command table and compiled once with ajv. Every problem
 * of a command is reported, each naming the command's index, its name and the field at fault.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { commandFields, type CommandFieldName, type FieldKind } from '../../connector/fields';
import { commandNames, commandTable, fieldsOf, type CommandRow } from '../../connector/commands';
import { commandSchemaFile } from '../compile/command-schemas';
import { ValidationError } from '../errors';
import { validatorFor } from './ajv';
import { coerceCommand } from './coerce';
import { describeValue } from './describe';
import { metadataProblems } from './metadata';
import { suggest } from './suggest';

/** One problem of one command; the shape of the contract's per-item `errors`. */
export interface CommandIssue {
  /** The field at fault, or null when the command as a whole is. */
  field: string | null;
  message: string;
}

export interface CommandCheck {
  index: number;
  /** The command's name, or null when it has none that is a string. */
  name: string | null;
  valid: boolean;
  /** The row of the command table the command was judged by (`MapUserCommand.external`, …). */
  row: string | null;
  /** The command as it is to be sent (coerced where allowed) when valid, else null. */
  command: Record<string, unknown> | null;
  errors: CommandIssue[];
  /** Fields whose loose values were coerced (`"42"` → `42`). */
  coerced: CommandFieldName[];
}

export interface ValidateOptions {
  /** Coerce unambiguous loose values first (the connector does; the service never does). Default true. */
  coerce?: boolean;
  /** How the list is named in messages. Default `commands`. */
  path?: string;
}

const kindPhrase: Record<FieldKind, string> = {
  id: 'a positive integer',
  key: 'a non-empty string of at most 255 characters',
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
  };
};

let checksByName: Map<string, RowCheck[]> | undefined;
const checksFor = (name: string): RowCheck[] | undefined => {
  checksByName ??= new Map(commandNames.map((n) => [n, commandTable.filter((r) => r.name === n).map(rowCheck)]));
  return checksByName.get(name);
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const fieldOf = (instancePath: string): string => instancePath.split('/')[1].replace(/~1/g, '/').replace(/~0/g, '~');

/** The problems of `command` judged by one row, one message per problem, in the row's field order. */
const issuesFor = (check: RowCheck, command: Record<string, unknown>, errors: ErrorObject[]): CommandIssue[] => {
  const found: { rank: number; issue: CommandIssue }[] = [];
  const explained = new Set<string>();
  const keys = Object.keys(command);
  const rankOf = (field: string) => check.rank.get(field) ?? check.rank.size + keys.indexOf(field);
  const add = (field: string, message: string) => found.push({ rank: rankOf(field), issue: { field, message } });
  for (const e of errors) {
    if (e.instancePath === '') {
      if (e.keyword === 'required') add(e.params.missingProperty, `missing required field ${e.params.missingProperty}${check.forShape}`);
      else if (e.keyword === 'additionalProperties') add(e.params.additionalProperty, `unknown field ${e.params.additionalProperty}: ${check.takes}`);
      continue;
    }
    const field = fieldOf(e.instancePath);
    if (explained.has(field)) continue;
    explained.add(field);
    if (field === 'metadata') {
      const problems = metadataProblems(command.metadata);
      for (const m of problems.length ? problems : [`metadata must be ${kindPhrase.metadata}`]) add(field, m);
    }
    else {
      const kind = commandFields[field as CommandFieldName]?.kind;
      add(field, `${field} must be ${kind ? kindPhrase[kind] : `"${check.row.name}"`}, got ${describeValue(command[field])}`);
    }
  }
  return found.sort((a, b) => a.rank - b.rank).map((f) => f.issue);
};

const invalid = (index: number, name: string | null, errors: CommandIssue[], row: string | null = null, coerced: CommandFieldName[] = []): CommandCheck => ({
  index,
  name,
  valid: false,
  row,
  command: null,
  errors,
  coerced,
});

/** Checks one command (at `index` of its list). */
export const checkCommand = (item: unknown, index: number, coerce = true): CommandCheck => {
  if (!isPlainObject(item)) return invalid(index, null, [{ field: null, message: `must be an object, got ${describeValue(item)}` }]);
  const name = item.name;
  if (name === undefined) return invalid(index, null, [{ field: 'name', message: 'missing required field name' }]);
  if (typeof name !== 'string') return invalid(index, null, [{ field: 'name', message: `name must be a string naming a command, got ${describeValue(name)}` }]);
  const checks = checksFor(name);
  if (!checks) {
    const near = suggest(name, commandNames, 'Command');
    return invalid(index, name, [{ field: 'name', message: `unknown command ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}` }]);
  }
  // The common case first: a command that is valid as given.
  for (const c of checks) if (c.validate(item)) return { index, name, valid: true, row: c.row.id, command: item, errors: [], coerced: [] };

  const coerced = coerce ? coerceCommand(item, new Set(checks.flatMap((c) => fieldsOf(c.row)))) : null;
  const command = coerced?.command ?? item;
  if (coerced) {
    for (const c of checks) {
      if (c.validate(command)) return { index, name, valid: true, row: c.row.id, command, errors: [], coerced: coerced.coerced };
    }
  }
  // Judge by the shape the command comes closest to (MapUserCommand has two).
  let best: { check: RowCheck; issues: CommandIssue[] } | undefined;
  for (const c of checks) {
    c.validate(command);
    const issues = issuesFor(c, command, c.validate.errors ?? []);
    if (!best || issues.length < best.issues.length) best = { check: c, issues };
  }
  return invalid(index, name, best!.issues, best!.check.row.id, coerced?.coerced ?? []);
};

/** Checks every command of a list; one result per item, in order. */
export const validateCommands = (list: readonly unknown[], options: ValidateOptions = {}): CommandCheck[] => {
  const coerce = options.coerce ?? true;
  const results = new Array<CommandCheck>(list.length);
  for (let i = 0; i < list.length; i++) results[i] = checkCommand(list[i], i, coerce);
  return results;
};

/** `commands[3] (MatchSessionCommand): missing required field course_id` */
export const formatIssue = (check: CommandCheck, issue: CommandIssue, path = 'commands'): string =>
  `${path}[${check.index}]${check.name !== null ? ` (${check.name})` : ''}: ${issue.message}`;

/** Every problem of every invalid command, one line each. */
export const explainChecks = (checks: readonly CommandCheck[], path = 'commands'): string[] =>
  checks.flatMap((c) => c.errors.map((e) => formatIssue(c, e, path)));

/** The commands to send, coerced; throws a ValidationError naming every problem when any is invalid. */
export const assertCommands = (list: readonly unknown[], options: ValidateOptions = {}): Record<string, unknown>[] => {
  const path = options.path ?? 'commands';
  const checks = validateCommands(list, options);
  const bad = checks.filter((c) => !c.valid);
  if (bad.length) {
    const details = bad.flatMap((c) =>
      c.errors.map((e) => ({ path: `${path}[${c.index}]${e.field ? `.${e.field}` : ''}`, message: formatIssue(c, e, path) })),
    );
    throw new ValidationError(
      `${bad.length} of ${list.length} commands are invalid; first: ${details[0].message}`,
      details,
    );
  }
  return checks.map((c) => c.command!);
};
