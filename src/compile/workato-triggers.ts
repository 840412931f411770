/**
 * Each trigger as Workato sees it, derived from its declaration: input and output fields (the
 * `since` input sticky, as Workato's triggers show it), a sample event, and what its poll and its
 * dedup key do in words. The manifest, the Node connector and connector.rb all read this.
 */
import { operation } from '../../connector/operations';
import { triggers } from '../../connector/triggers';
import type { PollSpec, TriggerDeclaration } from '../sdk/define';
import type { SchemaField } from '../sdk/workato';
import { sampleOf } from './sample-output';
import { objectFields } from './workato-fields';

export interface WorkatoTrigger {
  name: string;
  title: string;
  subtitle: string;
  /** Workato's `description`: one line, HTML allowed. */
  description: string;
  help: string;
  input_fields: SchemaField[];
  /** The fields of one event. */
  output_fields: SchemaField[];
  /** A plausible event, for datapills before the first poll. */
  sample_output: unknown;
  /** How a poll asks and where the next one continues, in words. */
  polling: string;
  /** Workato's dedup key of an event, by the value of `poll.dedup.by` (for a mapping, by entity type). */
  dedup_keys: Record<string, string>;
}

/** The dedup key's shape for each value of its `by` field: `user:<internal_id>:<mapping_id>@<updated_at>`. */
export const dedupKeys = (dedup: PollSpec['dedup']): Record<string, string> =>
  Object.fromEntries(Object.entries(dedup.keys).map(([by, keys]) => [by, `${by}:${keys.map((k) => `<${k}>`).join(':')}@<${dedup.at}>`]));

/** The poll in words, from its spec. */
export const pollingOf = (poll: PollSpec): string => {
  const order = Object.entries(poll.fixed)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `${operation[poll.operation].method} ${operation[poll.operation].path.slice(1)} (${order}), at most ${poll.pageSize.max} ${poll.items} per poll (input ${poll.pageSize.field}, sent as ${poll.pageSize.param}). ` +
    `The first poll asks from ${poll.start.field} (sent as ${poll.start.bound}; by default ${poll.start.defaultSecondsBefore} s before it), ` +
    `each later one after the ${poll.cursor.response} of the page before (sent as ${poll.cursor.request}; the closure keeps it as after, or since until a page gives one). ` +
    `can_poll_more is the page's ${poll.more}.` +
    (poll.filter ? ` Only ${poll.items} whose ${poll.filter.on} is one of ${poll.filter.field} become events (none chosen: all).` : '')
  );
};

export const workatoTrigger = (trigger: TriggerDeclaration): WorkatoTrigger => ({
  name: trigger.name,
  title: trigger.title,
  subtitle: trigger.subtitle,
  description: trigger.description,
  help: trigger.help,
  // Workato's triggers keep the start instant in view (sticky), as its own connectors do.
  input_fields: objectFields(trigger.input, 'input').map((f) => (f.name === trigger.poll.start.field ? { ...f, sticky: true } : f)),
  output_fields: objectFields(trigger.output, 'output'),
  sample_output: sampleOf(trigger.output),
  polling: pollingOf(trigger.poll),
  dedup_keys: dedupKeys(trigger.poll.dedup),
});

export const workatoTriggers = (): WorkatoTrigger[] => triggers.map((t) => workatoTrigger(t as unknown as TriggerDeclaration));
