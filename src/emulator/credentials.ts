/**
 * Integration credentials: the uuid in the path and the `X-Integration-PSK` header. Every way of
 * getting them wrong — an unknown uuid, one that is not a UUID, another domain's, no header, a
 * wrong key — gets the same answer, byte for byte, after the same amount of work, so that nobody
 * can probe which integrations exist. Every attempt that has to be hashed is counted alike too,
 * by the path's uuid whether it exists or not, and bounded before any hashing (attempts.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { wire } from '../../connector/wire';
import type { AttemptGuard } from './attempts';
import type { Domains } from './domains';
import { apiError } from './problems';
import { decoyCheck, verifyPsk, type VerifiedKeys } from './psk';
import type { DomainStore, IntegrationRow } from './store';
import { isUuid } from '../values/uuid';

const PSK_HEADER = wire.pskHeader.toLowerCase();

export interface Authenticated {
  store: DomainStore;
  integration: IntegrationRow;
}

/** Who asks: the domain and the client of the request's token. */
export interface Caller {
  domain: string;
  clientId: string;
}

/** The key under which a verified PSK is remembered. */
export const verifiedScope = (domain: string, uuid: string): string => `${domain}\0${uuid}`;

const refused = () => apiError('invalid_integration_credentials', 'unknown integration or wrong PSK');

export const authenticateIntegration = async (
  request: FastifyRequest,
  reply: FastifyReply,
  caller: Caller,
  domains: Domains,
  verified: VerifiedKeys,
  guard: AttemptGuard,
): Promise<Authenticated> => {
  // Out of service since the token was checked: the 503 it is, not the 401 its closed database would look like.
  domains.assertServing(caller.domain);
  const uuid = String((request.params as Record<string, unknown>).integration_uuid ?? '').toLowerCase();
  const header = request.headers[PSK_HEADER];
  const psk = typeof header === 'string' && header !== '' ? header : undefined;
  const store = isUuid(uuid) ? domains.get(caller.domain) : undefined;
  const integration = store?.integration(uuid);
  const scope = verifiedScope(caller.domain, uuid);
  // Computed whether the integration exists or not: a lookup that misses takes as long as one that hits.
  const fingerprint = psk === undefined ? undefined : verified.fingerprint(psk);
  // A key verified before costs no hashing and is no guess.
  if (store && integration && fingerprint !== undefined && verified.has(scope, fingerprint)) return { store, integration };
  const ok = await guard.psk(caller.clientId, scope, fingerprint?.toString('base64'), reply, () =>
    store && integration && psk !== undefined ? verifyPsk(psk, integration.psk_salt, integration.psk_hash) : decoyCheck(psk),
  );
  // Or while the key was hashed.
  domains.assertServing(caller.domain);
  if (!ok || !store || !integration || psk === undefined) throw refused();
  verified.add(scope, psk);
  return { store, integration };
};
