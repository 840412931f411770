/**
 * The problems of a command in words: one message per problem, naming the field and the type of a
 * wrong value, never the value, in the row's field order; repeated problems share one frozen
 * result.
 */
import type { ErrorObject } from 'ajv';
import { commandFields, KEY_MAX_LENGTH, type CommandFieldName, type FieldKind } from '../../connector/fields';
import { result, type CommandCheck, type CommandIssue } from './command-check';
import type { RowCheck } from './command-rows';
import { describeValue } from './describe';
import { metadataProblems } from './metadata';

/** How each kind is named in messages (exported for the generated Ruby, which says the same). */
export const kindPhrase: Record<FieldKind, string> = {
  id: 'a positive integer',
  key: `a non-empty string of at most ${KEY_MAX_LENGTH} characters`,
  uuid: 'a UUID',
  metadata: 'an object of key-value pairs',
};

/** The top-level field an ajv instance path (`/metadata/a/0`) is under, JSON-pointer escapes undone. */
const fieldOf = (instancePath: string): string => {
  const end = instancePath.indexOf('/', 1);
  const field = end < 0 ? instancePath.slice(1) : instancePath.slice(1, end);
  return field.includes('~') ? field.replace(/~1/g, '/').replace(/~0/g, '~') : field;
};

/** The problems of `command` judged by one row, one message per problem, in the row's field order. */
export const issuesFor = (check: RowCheck, command: Record<string, unknown>, errors: ErrorObject[]): CommandIssue[] => {
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

/**
 * The same problems give the same frozen result (messages name fields and value types, never
 * values), so a batch with thousands of commands missing the same field keeps one result, not
 * thousands. Bounded per row, since unknown field names are the input's: past the bound the
 * oldest problem makes room (first in, first out: a hit costs nothing more than a lookup).
 */
const SHARED_PROBLEMS_PER_ROW = 512;

export const shapeProblems = (check: RowCheck, command: Record<string, unknown>, errors: ErrorObject[]): CommandCheck => {
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

