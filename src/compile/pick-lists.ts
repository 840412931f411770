/**
 * The pick lists a recipe builder chooses from, derived from the definition: events, statuses,
 * commands, sort fields and directions, metadata operators, entity types, mapping changes. Only the labels are
 * written here; the values come from the lists the schemas use.
 */
import { commandNames, commandTable } from '../../connector/commands';
import { authTypes } from '../../connector/connection';
import { eventAliases, eventNames } from '../../connector/events';
import { integrationStatuses } from '../../connector/model/integration';
import { mappingChangeNames } from '../../connector/model/mapping';
import { entitySelectionNames, metadataOperators, sortDirections, sortFields } from '../../connector/model/query';
import type { PickListOptions } from '../sdk/workato';
import { commandChoice } from '../../connector/actions/command-choice';

/** `last_updated_at` → `Last Updated At`: the article's spelling of option labels. */
export const titleCase = (value: string): string => value.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

const pairs = (values: readonly string[], label: (v: string) => string = titleCase): PickListOptions => values.map((v) => [label(v), v] as const);

/** The article's words for the two operators ("Equals for == and Not Equals for !="). */
const operatorLabels: Record<(typeof metadataOperators)[number], string> = { eq: 'Equals', neq: 'Not Equals' };
const directionLabels: Record<(typeof sortDirections)[number], string> = { asc: 'Ascending', desc: 'Descending' };
const authTypeLabels: Record<(typeof authTypes)[number], string> = { client_credentials: 'Client credentials', password: 'Password' };

/** The config choice of Run commands that takes a list of commands instead of one. */
export const LIST_OF_COMMANDS = commandChoice.list;

export const pickLists = {
  /** The 30 canonical names; the article's misspelled alias is accepted as input but not offered. */
  events: pairs(eventNames, (v) => v),
  integration_statuses: pairs(integrationStatuses),
  /** The 23 command names, for the `name` of each command of a list. */
  command_names: pairs(commandNames, (v) => v),
  /** One choice per row of the command table (MapUserCommand's two shapes are two), and the list. */
  command_choices: [...commandTable.map((r) => [r.title, r.id] as const), ['List of commands', LIST_OF_COMMANDS] as const] as PickListOptions,
  sort_fields: pairs(sortFields),
  sort_directions: pairs(sortDirections, (v) => directionLabels[v as keyof typeof directionLabels]),
  metadata_operators: pairs(metadataOperators, (v) => operatorLabels[v as keyof typeof operatorLabels]),
  entity_types: pairs(entitySelectionNames),
  /** What happened to a mapping (the trigger's Changes): `entity_updated` → `Entity Updated`. */
  mapping_changes: pairs(mappingChangeNames),
} satisfies Record<string, PickListOptions>;

export type PickListName = keyof typeof pickLists;

/** The options of the connection's `auth_type` select (connection selects take `options`). */
export const authTypeOptions: PickListOptions = pairs(authTypes, (v) => authTypeLabels[v as keyof typeof authTypeLabels]);

const sameValues = (a: readonly unknown[], b: PickListOptions): boolean => a.length === b.length && a.every((v, i) => v === b[i][1]);

/**
 * The pick list whose values are exactly `values` (an enum of a schema), if any. The event enum
 * also holds the alias, so a list matches when it holds every value but aliases.
 */
export const pickListFor = (values: readonly unknown[]): PickListName | undefined => {
  for (const [name, options] of Object.entries(pickLists) as [PickListName, PickListOptions][]) {
    if (sameValues(values, options)) return name;
  }
  const accepted = [...eventNames, ...Object.keys(eventAliases)];
  if (eventNames.every((e) => values.includes(e)) && values.every((v) => accepted.includes(v as string))) return 'events';
  return undefined;
};
