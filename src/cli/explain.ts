/** A failure told to a user, in one set of words: as the CLI prints it (one line, details under it) or as `--json` and the studio give it. */
import { CommanderError } from 'commander';
import { ApiError, ValidationError } from '../errors';
import { CliError } from './io';
import type { JsonError } from './json-error';

export type { JsonError } from './json-error';

/** Explains an error in one line (and its details under it), never a stack trace. */
export const explain = (e: unknown): { text: string; code: number } => {
  if (e instanceof CliError) return { text: e.message, code: e.exitCode };
  if (e instanceof ValidationError || e instanceof ApiError) {
    // Details the message does not already spell out, one per line.
    const details = e.details.filter((d) => !e.message.includes(d.message)).map((d) => `\n  - ${d.message}`).join('');
    return { text: `${e.message}${details}${e instanceof ApiError ? partwayText(e) : ''}`, code: 1 };
  }
  return { text: e instanceof Error ? e.message : String(e), code: 1 };
};

/** What a run that failed partway had the service accept, and how to resume it. */
const partwayText = (e: ApiError): string =>
  e.acceptedBatchIds?.length
    ? `\naccepted before the failure: ${e.acceptedBatchIds.join(', ')} (run again with --execution-id ${e.executionId} to resume: accepted chunks are not queued twice)`
    : '';

export const asJson = (e: unknown): { error: JsonError; exit: number } => {
  if (e instanceof CommanderError) {
    return { error: { status: 0, code: 'usage', message: e.message.replace(/^error: /, '').trim(), details: [] }, exit: 2 };
  }
  if (e instanceof CliError) return { error: { status: 0, code: e.exitCode === 2 ? 'usage' : 'failed', message: e.message, details: [] }, exit: e.exitCode };
  if (e instanceof ApiError) {
    const partway = e.acceptedBatchIds?.length ? { accepted_batch_ids: e.acceptedBatchIds, execution_id: e.executionId } : {};
    return { error: { status: e.status, code: e.code, message: e.message, details: e.details, ...partway }, exit: 1 };
  }
  if (e instanceof ValidationError) return { error: { status: 0, code: e.code, message: e.message, details: e.details }, exit: 1 };
  // An error value of the package's own with a code (StudioNotBuiltError, DataDirInUseError, …) keeps it.
  const own = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  const code = typeof own === 'string' ? own : 'error';
  return { error: { status: 0, code, message: e instanceof Error ? e.message : String(e), details: [] }, exit: 1 };
};
