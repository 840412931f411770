/**
 * `extids describe <action|trigger>`, and the field lists `exec <action> --help` and `emit --help`
 * print: derived from the fields Workato shows a recipe builder (src/compile/workato-*.ts), never
 * written by hand.
 */
import type { Command } from 'commander';
import { actions } from '../../connector/actions';
import { eventCategories, events } from '../../connector/events';
import { triggers } from '../../connector/triggers';
import { pickLists, type PickListName } from '../compile/pick-lists';
import { workatoAction } from '../compile/workato-actions';
import { workatoTrigger } from '../compile/workato-triggers';
import type { ActionDeclaration, TriggerDeclaration } from '../sdk/define';
import type { SchemaField } from '../sdk/workato';
import { suggest } from '../validate/suggest';
import { CliError, readJsonObject, writeJson } from './io';

/** One input (or config) field, as `describe` tells it. */
export interface FieldDescription {
  /** Dotted for nested fields: `entities.users.user_ids`, `commands[].name`. */
  name: string;
  /** `string`, `integer`, `boolean`, `date-time`, `object`, `list of integer`, … */
  type: string;
  required: boolean;
  description?: string;
  /** The values the field takes, when they are a closed set. */
  allowed?: string[];
  /** The pick list the allowed values come from (`extids exec pick_lists.NAME` prints it). */
  pick_list?: string;
  default?: unknown;
}

export interface OperationDescription {
  name: string;
  kind: 'action' | 'trigger';
  title: string;
  subtitle: string;
  help: string;
  /** Run commands' `command` choice (`--config-fields '{"command": …}'`); empty for the others. */
  config_fields: FieldDescription[];
  /** The command chosen, when `--config-fields` chose one: input_fields are that choice's. */
  chosen?: string;
  input_fields: FieldDescription[];
}

const allowedOf = (f: SchemaField): { allowed?: string[]; pick_list?: string } => {
  const options = typeof f.pick_list === 'string' ? pickLists[f.pick_list as PickListName] : (f.pick_list ?? f.options);
  if (!options) return {};
  return { allowed: options.map(([, value]) => String(value)), ...(typeof f.pick_list === 'string' ? { pick_list: f.pick_list } : {}) };
};

const typeOf = (f: SchemaField): string => {
  // Workato hands a multiselect over joined by its delimiter; exec takes a JSON list as well.
  if (f.control_type === 'multiselect') return `list of string (or one string joined by "${f.delimiter ?? ','}")`;
  if (f.type === 'array') return `list of ${f.of ?? 'string'}`;
  if (f.type === 'date_time') return 'date-time (ISO 8601)';
  return f.type ?? 'string';
};

/** Workato's fields, flattened: an object's fields follow it as `parent.child`, a list's items as `parent[].child`. */
export const describeFields = (fields: readonly SchemaField[], prefix = ''): FieldDescription[] =>
  fields.flatMap((f) => {
    const name = `${prefix}${f.name}`;
    const own: FieldDescription = {
      name,
      type: typeOf(f),
      required: !f.optional,
      ...(f.hint ? { description: f.hint } : {}),
      ...allowedOf(f),
      ...(f.default !== undefined ? { default: f.default } : {}),
    };
    const nested = f.properties ? describeFields(f.properties, `${name}${f.type === 'array' ? '[]' : ''}.`) : [];
    return [own, ...nested];
  });

export const operationNames = [...actions.map((a) => a.name), ...triggers.map((t) => t.name)];

/** The config choice of `--config-fields` (`{"command": "MatchCourseCommand"}`), checked against the operation's config fields. */
export const configChoice = (name: string, config: Record<string, unknown> | undefined): string | undefined => {
  if (config === undefined) return undefined;
  const action = actions.find((a) => a.name === name);
  const fields = action ? workatoAction(action as unknown as ActionDeclaration).config_fields : [];
  const known = fields.map((f) => f.name);
  if (known.length === 0) throw new CliError(`--config-fields: ${name} has no config fields`);
  for (const key of Object.keys(config)) {
    if (known.includes(key)) continue;
    const near = suggest(key, known);
    throw new CliError(`--config-fields: ${shown(key)} is not a config field of ${name}${near ? ` (did you mean ${near}?)` : ''}; config fields: ${known.join(', ')}`);
  }
  const [field] = fields;
  const choice = config[field.name];
  // Workato sends a field left empty as null or "": no choice.
  if (choice === undefined || choice === null || choice === '') return undefined;
  const choices = allowedOf(field).allowed ?? [];
  if (typeof choice === 'string' && choices.includes(choice)) return choice;
  const near = typeof choice === 'string' ? suggest(choice, choices, 'Command') : undefined;
  throw new CliError(
    `--config-fields: ${field.name} ${typeof choice === 'string' ? shown(choice) : `must be a string`} is not one of the choices of ${name}` +
      `${near ? ` (did you mean ${near}?)` : ''}; choices: ${choices.join(', ')}`,
  );
};

/** A name the user typed, quoted; a long one is not echoed, whatever the input. */
const shown = (name: string): string => (name.length > 120 ? `(a name of ${name.length} characters)` : JSON.stringify(name));

/** An action or trigger, with its fields; for Run commands with a command chosen, that command's fields. */
export const describeOperation = (name: string, choice?: string): OperationDescription => {
  const action = actions.find((a) => a.name === name);
  if (action) {
    const w = workatoAction(action as unknown as ActionDeclaration);
    const fields = choice && w.input_fields_by_choice ? w.input_fields_by_choice[choice] : w.input_fields;
    return {
      name,
      kind: 'action',
      title: w.title,
      subtitle: w.subtitle,
      help: w.help,
      config_fields: describeFields(w.config_fields),
      ...(choice ? { chosen: choice } : {}),
      input_fields: describeFields(fields),
    };
  }
  const trigger = triggers.find((t) => t.name === name);
  if (trigger) {
    const w = workatoTrigger(trigger as unknown as TriggerDeclaration);
    return { name, kind: 'trigger', title: w.title, subtitle: w.subtitle, help: w.help, config_fields: [], input_fields: describeFields(w.input_fields) };
  }
  const near = suggest(name, operationNames);
  throw new CliError(`unknown action or trigger ${shown(name)}${near ? ` (did you mean ${near}?)` : ''}; actions: ${actions.map((a) => a.name).join(', ')}; triggers: ${triggers.map((t) => t.name).join(', ')}`);
};

/** Lists longer than this are named by their pick list in the text, not spelled out. */
const LONG_LIST = 8;

const fieldText = (f: FieldDescription, listAll: boolean): string => {
  const lines = [`  ${f.name} (${f.type}, ${f.required ? 'required' : 'optional'}${f.default !== undefined ? `, default ${JSON.stringify(f.default)}` : ''})`];
  if (f.description) lines.push(`      ${f.description}`);
  if (f.allowed) {
    if (listAll || f.allowed.length <= LONG_LIST || !f.pick_list) lines.push(`      allowed: ${f.allowed.join(', ')}`);
    else lines.push(`      allowed: the ${f.allowed.length} values of pick list ${f.pick_list} (extids exec pick_lists.${f.pick_list})`);
  }
  return lines.join('\n');
};

/** The description as text, for a terminal. */
export const operationText = (d: OperationDescription): string => {
  const parts = [`${d.name} (${d.kind}): ${d.title}. ${d.subtitle}.`, d.help];
  if (d.config_fields.length) {
    parts.push(
      `Config fields (--config-fields '{"${d.config_fields[0].name}": "…"}'):\n${d.config_fields.map((f) => fieldText(f, true)).join('\n')}`,
    );
  }
  const which = d.chosen ? ` with ${d.config_fields[0]?.name ?? 'command'} ${d.chosen}` : '';
  parts.push(`Input fields${which} (--input):\n${d.input_fields.map((f) => fieldText(f, false)).join('\n')}`);
  return parts.join('\n\n') + '\n';
};

/** The 30 events `emit` (and an integration's `events`) takes, by category, with the ids each payload carries. */
export const eventsText = (): string =>
  `Events (${events.length}), with the ids each payload carries:\n` +
  Object.entries(eventCategories)
    .map(([category, title]) => {
      const own = events.filter((e) => e.category === category);
      return `  ${title}:\n${own.map((e) => `    ${e.name}  (payload: ${e.payload.join(', ')})`).join('\n')}`;
    })
    .join('\n');

export const registerDescribeCommand = (program: Command): void => {
  program
    .command('describe')
    .description(`List the input fields of an action or trigger: name, type, required, description, allowed values. Names: ${operationNames.join(', ')}.`)
    .argument('[name]', 'the action or trigger; none: list them')
    .option('--config-fields <file|json>', `Run commands: the fields of one command, such as '{"command":"MatchCourseCommand"}'`)
    .option('--json', 'print the description as JSON')
    .action((name: string | undefined, options: { configFields?: string; json?: boolean }) => {
      if (name === undefined) {
        const list = operationNames.map((n) => {
          const d = describeOperation(n);
          return { name: n, kind: d.kind, title: d.title, subtitle: d.subtitle };
        });
        if (options.json) writeJson(list);
        else process.stdout.write(list.map((d) => `${d.name} (${d.kind}): ${d.title}. ${d.subtitle}.`).join('\n') + '\n');
        return;
      }
      // The name first: an unknown one is the first thing to tell.
      describeOperation(name);
      const choice = configChoice(name, options.configFields === undefined ? undefined : readJsonObject(options.configFields, '--config-fields'));
      const description = describeOperation(name, choice);
      if (options.json) writeJson(description);
      else process.stdout.write(operationText(description));
    });
};
