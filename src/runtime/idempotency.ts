/**
 * The `Idempotency-Key` of a chunk of commands: derived from the integration, one execution id per
 * run, the chunk's position and its content. A retried chunk of the same run sends the same key
 * (so it is never queued twice); a later run that sends the same commands again has another
 * execution id (so it is not swallowed, as a key from content alone would be).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../values/canonical-json';

export const chunkIdempotencyKey = (integrationUuid: string, executionId: string, chunkIndex: number, chunk: unknown): string =>
  'extids-' +
  createHash('sha256')
    .update(`${integrationUuid}\n${executionId}\n${chunkIndex}\n`)
    .update(canonicalJson(chunk))
    .digest('hex');
