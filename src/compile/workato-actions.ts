/**
 * Each action as Workato sees it, derived from its declaration: config fields, input and output
 * fields, and retry settings. The manifest and connector.rb both read this.
 */
import { commandTable } from '../../connector/commands';
import { actions } from '../../connector/actions';
import { connectionSchema, passwordGrantFields } from '../../connector/connection';
import { operation } from '../../connector/operations';
import { wire } from '../../connector/wire';
import type { ActionDeclaration } from '../sdk/define';
import type { RetryableMethod, SchemaField } from '../sdk/workato';
import { authTypeOptions, LIST_OF_COMMANDS } from './pick-lists';
import { sampleOf } from './sample-output';
import { listCommandFields, objectFields, rowFields, workatoField } from './workato-fields';
import { commandChoice } from '../../connector/actions/command-choice';

/**
 * When Workato acquires a new token (`refresh_on`): only when the service says the token is unknown
 * or expired, so that a wrong PSK or secret fails at once instead of after a pointless refresh.
 */
export const refreshOn: readonly RegExp[] = [new RegExp(`"code"\\s*:\\s*"${wire.invalidTokenCode}"`)];

/** Statuses Workato must retry, and the verbs it may retry, for an action that may be retried. */
export interface RetrySettings {
  retry_on_response: readonly number[];
  retry_on_request: RetryableMethod[];
  max_retries: number;
}

export interface WorkatoAction {
  name: string;
  title: string;
  subtitle: string;
  description: string;
  help: string;
  config_fields: SchemaField[];
  /** The list input sent in chunks (Run commands' `commands`), whose fields depend on the config choice. */
  chunk_field?: string;
  /** With no config choice (or the list choice). */
  input_fields: SchemaField[];
  /** Run commands: the input fields for each choice of the `command` config field. */
  input_fields_by_choice?: Record<string, SchemaField[]>;
  output_fields: SchemaField[];
  /** Plausible output, for datapills before the first run. */
  sample_output: unknown;
  retry?: RetrySettings;
  summarize_input: string[];
  summarize_output: string[];
}

/** Every verb an action's execution sends (its request, and the batch polls when it waits). */
export const verbsOf = (action: ActionDeclaration): RetryableMethod[] => [
  ...new Set<RetryableMethod>([operation[action.request.operation].method, ...(action.request.wait ? [operation[action.request.wait.operation].method] : [])]),
];

export const retrySettings = (action: ActionDeclaration): RetrySettings | undefined =>
  action.request.retry ? { retry_on_response: wire.retryStatuses, retry_on_request: verbsOf(action), max_retries: Math.min(3, wire.maxRetries) } : undefined;

/** The config field of an action that takes a chunked list (Run commands): one command, or the list. */
export const commandConfigField = (): SchemaField => ({
  name: commandChoice.field,
  label: 'Command',
  hint: 'Pick one command to see exactly its fields, or List of commands to send many (for example, one per record of a list).',
  optional: false,
  control_type: 'select',
  pick_list: 'command_choices',
});

/** An action's input fields for one config choice (a row id of the command table, or the list). */
export const inputFieldsFor = (action: ActionDeclaration, choice?: string): SchemaField[] => {
  const chunk = action.request.chunk?.field;
  const overrides = chunk ? { [chunk]: listCommandFields() } : {};
  const fields = objectFields(action.input, 'input', overrides);
  const row = commandTable.find((r) => r.id === choice);
  if (!chunk || !row) return fields;
  return fields.flatMap((f) => (f.name === chunk ? rowFields(row) : [f]));
};

export const workatoAction = (action: ActionDeclaration): WorkatoAction => {
  const chunk = action.request.chunk?.field;
  // Lists of records (not of names) are the ones that grow long.
  const lists = Object.entries(action.output.properties ?? {})
    .filter(([, s]) => s.type === 'array' && s.items && (s.items.$ref || s.items.type === 'object'))
    .map(([name]) => name);
  return {
    name: action.name,
    title: action.title,
    subtitle: action.subtitle,
    description: action.description,
    help: action.help,
    config_fields: chunk ? [commandConfigField()] : [],
    ...(chunk ? { chunk_field: chunk } : {}),
    input_fields: inputFieldsFor(action),
    ...(chunk
      ? { input_fields_by_choice: Object.fromEntries([...commandTable.map((r) => r.id), LIST_OF_COMMANDS].map((c) => [c, inputFieldsFor(action, c)])) }
      : {}),
    output_fields: objectFields(action.output, 'output'),
    sample_output: sampleOf(action.output),
    retry: retrySettings(action),
    // Long lists stay out of the stored job input and output (1 MB per job).
    summarize_input: chunk ? [chunk] : [],
    summarize_output: lists,
  };
};

export const workatoActions = (): WorkatoAction[] => actions.map((a) => workatoAction(a as unknown as ActionDeclaration));

/** The connection's fields: `auth_type` a select with `options`, secrets as passwords, the password-grant fields shown only for it. */
export const connectionFields = (): SchemaField[] => {
  const required = new Set<string>(connectionSchema.required);
  return Object.entries(connectionSchema.properties).map(([name, schema]) => {
    const grant = (passwordGrantFields as readonly string[]).includes(name);
    const field = workatoField(name, schema, required.has(name) || grant, 'input');
    if (name === 'auth_type') {
      const { pick_list: _, ...rest } = field;
      return { ...rest, control_type: 'select', options: authTypeOptions };
    }
    return grant ? { ...field, ngIf: 'input.auth_type == "password"' } : field;
  });
};
