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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
  const uuid = String((request.params as Record<string, unknown>).integration_uuid ?? '').toLowerCase();
  const header = request.headers[PSK_HEADER];
  const psk = typeof header === 'string' && header !== '' ? header : undefined;
  const store = UUID.test(uuid) ? domains.get(caller.domain) : undefined;
  const integration = store?.integration(uuid);
  const scope = verifiedScope(caller.domain, uuid);
  // A key verified before costs no hashing and is no guess.
  if (store && integration && psk !== undefined && verified.has(scope, psk)) return { store, integration };
  const ok = await guard.psk(caller.clientId, scope, reply, () =>
    store && integration && psk !== undefined ? verifyPsk(psk, integration.psk_salt, integration.psk_hash) : decoyCheck(psk),
  );
  if (!ok || !store || !integration || psk === undefined) throw refused();
  verified.add(scope, psk);
  return { store, integration };
};
