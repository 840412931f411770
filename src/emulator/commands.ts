/**
 * `POST …/commands` and `GET …/batches/{batch_id}` (docs/contract.md §3): every command checked
 * with the connector's own validator (strict: no coercion), the valid ones queued durably in one
 * row per request, and the per-item answer.
 */
import { randomUUID } from 'node:crypto';
import { validateCommands, type CommandIssue } from '../validate/commands';
import { bodyHash, recall, type Remembered } from './idempotency';
import type { Command } from './mappings';
import { apiError } from './problems';
import type { QueuedCommand } from './queue';
import type { DomainStore, IntegrationRow } from './store';
import type { BatchAccepted, BatchStatus, CommandsRequest } from '../types/generated';

type AcceptedItem = BatchAccepted['items'][number];

/** Command ids name the batch and the command's place in it: unique, and nothing more to store. */
const commandId = (batchId: string, index: number): string => `${batchId}:${index}`;

const nameOf = (item: unknown): string | null => {
  const name = (item as { name?: unknown } | null)?.name;
  return typeof item === 'object' && item !== null && typeof name === 'string' ? name : null;
};

interface Sorted {
  status: BatchAccepted['status'];
  items: AcceptedItem[];
  queued: QueuedCommand[];
  /** The rejected and ignored items. */
  others: AcceptedItem[];
}

/** Each command of a request queued, rejected or ignored, as the integration's status says. */
const sortCommands = (status: IntegrationRow['status'], commands: unknown[], batchId: string): Sorted => {
  const items: AcceptedItem[] = new Array(commands.length);
  const queued: QueuedCommand[] = [];
  const others: AcceptedItem[] = [];
  if (status === 'inactive') {
    // "No effect until you reactivate it": nothing is validated, nothing queued.
    for (let i = 0; i < commands.length; i++) others.push((items[i] = { index: i, name: nameOf(commands[i]), status: 'ignored' }));
    return { status: 'ignored', items, queued, others };
  }
  const checks = validateCommands(commands, { coerce: false });
  for (let i = 0; i < commands.length; i++) {
    const check = checks[i];
    if (check.valid) {
      queued.push([i, check.row!, commands[i] as Command]);
      items[i] = { index: i, name: check.name, status: 'queued', command_id: commandId(batchId, i) };
    } else {
      others.push((items[i] = { index: i, name: check.name, status: 'rejected', errors: check.errors as CommandIssue[] }));
    }
  }
  return { status: queued.length ? 'queued' : 'completed', items, queued, others };
};

/**
 * Whether the integration is active is judged from its row as it is when the batch is committed,
 * in the transaction that queues it, not from the row the credentials check read when the headers
 * arrived: a body that finishes arriving after a deactivation is ignored, one that finishes after
 * a reactivation is queued.
 */
/** `body` has been checked against the operation's request schema, and its number of commands, by its route. */
export const acceptCommands = (store: DomainStore, integrationId: number, body: CommandsRequest, key: string | undefined): Remembered & { queued: boolean } => {
  const { commands } = body;
  const hash = key === undefined ? undefined : bodyHash(body);
  const accept = store.db.transaction((): Remembered & { queued: boolean } => {
    if (key !== undefined) {
      const first = recall(store, integrationId, key, hash!);
      if (first) return { ...first, queued: false };
    }
    const integration = store.integrationById(integrationId);
    // Integrations are never deleted: a row that the credentials check found stays.
    if (!integration) throw new Error(`integration ${integrationId} is gone`);
    const batchId = randomUUID();
    const { status, items, queued, others } = sortCommands(integration.status, commands, batchId);
    const ignored = status === 'ignored' ? commands.length : 0;
    const answer = JSON.stringify({
      data: { batch_id: batchId, status, accepted: queued.length, rejected: others.length - ignored, ignored, items },
    });
    const now = Date.now();
    const seq = store.addBatch({
      batch_id: batchId,
      integration_id: integrationId,
      status,
      total: commands.length,
      queued: JSON.stringify(queued),
      others: JSON.stringify(others),
      applied: queued.length ? 0 : 1,
      created_at: now,
    });
    if (queued.length) store.unapplied.set(seq, queued);
    if (key !== undefined) store.remember(integrationId, key, hash!, 202, answer, now);
    return { status: 202, answer, queued: queued.length > 0 };
  });
  return accept.immediate();
};

type StatusItem = BatchStatus['items'][number];

export const batchStatus = (store: DomainStore, integration: IntegrationRow, batchId: string) => {
  const batch = store.batch(batchId, integration.id);
  if (!batch) throw apiError('not_found', 'no batch with this id for this integration');
  const failures = new Map(batch.applied ? store.failures(batch.seq).map(({ idx, field, message }) => [idx, { field, message }] as const) : []);
  const items: StatusItem[] = [];
  const counts = { queued: 0, processed: 0, failed: 0, rejected: 0, ignored: 0 };
  for (const [index, , command] of JSON.parse(batch.queued) as QueuedCommand[]) {
    const failure = failures.get(index);
    const status = !batch.applied ? 'queued' : failure !== undefined ? 'failed' : 'processed';
    counts[status]++;
    items.push({ index, command_id: commandId(batch.batch_id, index), name: command.name, status, ...(failure !== undefined ? { errors: [failure] } : {}) });
  }
  for (const item of JSON.parse(batch.others) as AcceptedItem[]) {
    counts[item.status as 'rejected' | 'ignored']++;
    items.push({ index: item.index, command_id: null, name: item.name, status: item.status as 'rejected' | 'ignored', ...(item.errors ? { errors: item.errors } : {}) });
  }
  items.sort((a, b) => a.index - b.index);
  return {
    batch_id: batch.batch_id,
    status: batch.status === 'ignored' ? 'ignored' : batch.applied ? 'completed' : 'queued',
    total: batch.total,
    ...counts,
    items,
  };
};
