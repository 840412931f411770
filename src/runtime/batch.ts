/**
 * Run commands: validate every command, send the valid ones in chunks (one request at a time,
 * each with its idempotency key), merge the per-item answers back into input order, optionally
 * wait until the service has applied them, and bound the items listed as the action declares.
 */
import { randomUUID } from 'node:crypto';
import { operation } from '../../connector/operations';
import type { RequestSpec } from '../sdk/define';
import { ApiError, ValidationError, type ErrorDetail } from '../errors';
import { checksError, commandToSend, validateCommands, type CommandIssue } from '../validate';
import { describeValue } from '../validate/describe';
import { BATCH_ID_RULE, isBatchId } from '../values/batch-id';
import { isUuid } from '../values/uuid';
import type { BatchAccepted, BatchStatus, RunCommandsOutput } from '../types/generated';
import { shaped, type Shape } from '../validate/answer-shape';
import { chunkIdempotencyKey } from './idempotency';
import { boundItems } from './report';
import { callFor, fillPath } from './request';
import { sleep } from './retry';
import type { Session } from './session';

export type RunCommandsResult = RunCommandsOutput;
export type BatchItem = RunCommandsOutput['items'][number];
export type ItemStatus = BatchItem['status'];

export interface BatchProgress {
  phase: 'sending' | 'waiting';
  /** Of `total`: the commands sent so far (sending), or settled, processed or failed (waiting). */
  done: number;
  /** The commands to send, valid ones (sending), or those the service accepted (waiting). */
  total: number;
  /** Every command given, rejected ones included: those not counted in `total` are settled already. */
  commands: number;
  /** The batches queued so far: what a run cut short (Ctrl+C) has already sent. */
  batchIds: readonly string[];
}

export interface RunOptions {
  /** One id per run, reused by its retries; derived keys make retried chunks idempotent. */
  executionId?: string;
  onProgress?: (progress: BatchProgress) => void;
  /** Overrides the declared first poll interval (`wait.poll.firstMs`), for tests; the growth and the longest stay declared. */
  pollIntervalMs?: number;
}

/** What is wrong with a batch id (src/values/batch-id.ts), or undefined. */
const batchIdProblem = (value: unknown): string | undefined => (isBatchId(value) ? undefined : `must be ${BATCH_ID_RULE}, got ${describeValue(value)}`);

/** The fields of a batch's items that the runtime reads. */
const ITEM: Shape = { index: 'integer', status: 'string', 'command_id?': 'string|null', 'errors?': 'array' };
const ACCEPTED: Shape = { batch_id: batchIdProblem, items: [ITEM] };
const STATUS: Shape = { status: 'string', items: [ITEM] };

/** Items of an answer that name an index outside the chunk of `size` commands sent. */
const indexesWithin =
  (size: number) =>
  (data: unknown): string | undefined => {
    const items = (data as { items: { index: number }[] }).items;
    const i = items.findIndex((item) => item.index < 0 || item.index >= size);
    return i < 0 ? undefined : `data.items[${i}].index is ${items[i].index}, outside the chunk of ${size} ${size === 1 ? 'command' : 'commands'}`;
  };

export const runCommands = async (
  session: Session,
  spec: RequestSpec,
  input: Record<string, unknown>,
  defaults: Record<string, unknown>,
  options: RunOptions = {},
): Promise<RunCommandsResult> => {
  const chunking = spec.chunk!;
  const commands = input[chunking.field] as unknown[];
  const checks = validateCommands(commands);
  if (input.fail_on_invalid === true) {
    const error = checksError(checks, chunking.field);
    if (error) throw new ValidationError(`nothing was sent: ${error.message}`, error.details);
  }
  const items: BatchItem[] = checks.map((c, index) => ({
    index,
    name: c.name,
    status: c.valid ? 'queued' : 'rejected',
    command_id: null,
    errors: [...c.errors],
  }));
  const valid = checks.flatMap((c, i) => (c.valid ? [i] : []));
  const executionId = options.executionId ?? randomUUID();
  const uuid = String(input.integration_uuid);
  const batches: { id: string; indexes: number[] }[] = [];
  let accepted = 0;
  let ignored = 0;
  let rejected = checks.length - valid.length;
  // A failure once chunks were accepted says which, and the run's id: running again with it resumes.
  const partway = (error: unknown): unknown => {
    if (error instanceof ApiError && batches.length) Object.assign(error, { acceptedBatchIds: batches.map((b) => b.id), executionId });
    return error;
  };

  for (let start = 0, chunkIndex = 0; start < valid.length; start += chunking.size, chunkIndex++) {
    const indexes = valid.slice(start, start + chunking.size);
    const chunk = indexes.map((i) => commandToSend(commands[i], checks[i]));
    const call = callFor(spec, input, { [chunking.field]: chunk }, { idempotencyKey: chunkIdempotencyKey(uuid, executionId, chunkIndex, chunk), answer: shaped(ACCEPTED, indexesWithin(chunk.length)) });
    const answer = await session.call<BatchAccepted>(call).catch((error: unknown) => {
      throw partway(error);
    });
    batches.push({ id: answer.batch_id, indexes });
    for (const item of answer.items) {
      const target = items[indexes[item.index]];
      target.status = item.status;
      target.command_id = item.command_id ?? null;
      if (item.errors?.length) target.errors = item.errors;
      if (item.status === 'queued') accepted++;
      else if (item.status === 'ignored') ignored++;
      else rejected++;
    }
    options.onProgress?.({ phase: 'sending', done: Math.min(start + chunking.size, valid.length), total: valid.length, commands: commands.length, batchIds: batches.map((b) => b.id) });
  }

  const result: RunCommandsResult = { batch_ids: batches.map((b) => b.id), total: commands.length, accepted, rejected, ignored, items, items_omitted: 0 };
  if (spec.wait && input[spec.wait.when] === true) {
    const timeoutMs = Number(input[spec.wait.timeout] ?? defaults[spec.wait.timeout]) * 1000;
    Object.assign(
      result,
      await waitForBatches(session, spec, input, batches, items, timeoutMs, accepted, options).catch((error: unknown) => {
        throw partway(error);
      }),
    );
  }
  // Last, once every status is final: the counts above cover every command, the list is bounded.
  if (spec.report) {
    const bounded = boundItems(items, spec.report);
    Object.assign(result, { [spec.report.field]: bounded.items, [spec.report.omitted]: bounded.omitted });
  }
  return result;
};

/** One batch's status, by the integration's credentials in `input`; ids that are not ids are refused before anything is sent. */
export const fetchBatchStatus = async (session: Session, path: string, input: Record<string, unknown>, batchId: string): Promise<BatchStatus> => {
  const problems: ErrorDetail[] = [];
  if (!isUuid(input.integration_uuid)) problems.push({ path: 'integration_uuid', message: `integration_uuid must be a UUID, got ${describeValue(input.integration_uuid)}` });
  const wrongId = batchIdProblem(batchId);
  if (wrongId) problems.push({ path: 'batch_id', message: `batch_id ${wrongId}` });
  if (problems.length) throw new ValidationError(`nothing was sent: ${problems.map((p) => p.message).join('; ')}`, problems);
  return session.call<BatchStatus>({
    method: 'GET',
    path: fillPath(path, { ...input, batch_id: batchId }),
    template: path,
    psk: String(input.integration_psk),
    retry: true,
    answer: shaped(STATUS),
  });
};

/** Polls each batch until it is done or the time is up; updates the items and returns the counts. */
const waitForBatches = async (
  session: Session,
  spec: RequestSpec,
  input: Record<string, unknown>,
  batches: { id: string; indexes: number[] }[],
  items: BatchItem[],
  timeoutMs: number,
  accepted: number,
  options: RunOptions,
): Promise<{ processed: number; failed: number; pending: number }> => {
  const wait = spec.wait!;
  const deadline = Date.now() + timeoutMs;
  const firstInterval = options.pollIntervalMs ?? wait.poll.firstMs;
  let interval = firstInterval;
  const open = [...batches];
  let settled = 0;
  while (open.length) {
    const batch = open[0];
    const status = await fetchBatchStatus(session, operation[wait.operation].path, input, batch.id);
    for (const item of status.items) {
      const target = items[batch.indexes[item.index]];
      if (!target || target.status === 'rejected') continue;
      target.status = item.status;
      if (item.command_id) target.command_id = item.command_id;
      if (item.errors?.length) target.errors = item.errors;
    }
    if (wait.done.includes(status.status)) {
      open.shift();
      settled += status.items.filter((i) => i.status === 'processed' || i.status === 'failed').length;
      options.onProgress?.({ phase: 'waiting', done: settled, total: accepted, commands: items.length, batchIds: batches.map((b) => b.id) });
      // Batches apply in order: the next one is likely close behind.
      interval = firstInterval;
      continue;
    }
    options.onProgress?.({
      phase: 'waiting',
      done: settled + status.items.filter((i) => i.status === 'processed' || i.status === 'failed').length,
      total: accepted,
      commands: items.length,
      batchIds: batches.map((b) => b.id),
    });
    if (Date.now() + interval > deadline) break;
    await sleep(interval);
    interval = Math.min(wait.poll.maxMs, Math.round(interval * wait.poll.growth));
  }
  const count = (s: ItemStatus) => items.filter((i) => i.status === s).length;
  return { processed: count('processed'), failed: count('failed'), pending: count('queued') };
};
