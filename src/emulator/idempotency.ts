/**
 * `Idempotency-Key` on `POST …/commands` (docs/contract.md §3): the same key with the same JSON
 * body (key order and white space ignored) within 24 hours gets the first answer again and queues
 * nothing; the same key with another body is a conflict. Keys are scoped to the integration.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { wire } from '../../connector/wire';
import { apiError } from './problems';
import type { DomainStore } from './store';
import { canonicalJson } from '../values/canonical-json';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const HEADER = wire.idempotencyHeader.toLowerCase();

/** The request's key, undefined without one; `invalid_request` when it is not 1..255 characters. */
export const idempotencyKey = (request: FastifyRequest): string | undefined => {
  const value = request.headers[HEADER];
  if (value === undefined) return undefined;
  const path = wire.idempotencyHeader;
  const most = wire.maxIdempotencyKeyLength;
  if (typeof value !== 'string' || value.length < 1 || value.length > most) {
    throw apiError('invalid_request', `the ${path} header must be 1 to ${most} characters`, [{ path, message: `${path} must be 1 to ${most} characters` }]);
  }
  return value;
};

export const bodyHash = (body: unknown): Buffer => createHash('sha256').update(canonicalJson(body)).digest();

export interface Remembered {
  status: number;
  answer: string;
}

/** The first answer to this key and body, if it is still remembered; a conflict if the body differs. */
export const recall = (store: DomainStore, integrationId: number, key: string, hash: Buffer, now = Date.now()): Remembered | undefined => {
  const row = store.idempotency(integrationId, key);
  if (!row || row.created_at <= now - IDEMPOTENCY_WINDOW_MS) return undefined;
  if (!row.body_hash.equals(hash)) {
    throw apiError('idempotency_conflict', `the ${wire.idempotencyHeader} was already used with a different body`);
  }
  return { status: row.status, answer: row.answer };
};
