/**
 * Integration credentials: the uuid in the path and the `X-Integration-PSK` header. Every way of
 * getting them wrong — an unknown uuid, one that is not a UUID, another domain's, no header, a
 * wrong key — gets the same answer, byte for byte, after the same amount of work, so that nobody
 * can probe which integrations exist.
 */
import type { FastifyRequest } from 'fastify';
import { wire } from '../../connector/wire';
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

/** The key under which a verified PSK is remembered. */
export const verifiedScope = (domain: string, uuid: string): string => `${domain}\0${uuid}`;

const refused = () => apiError('invalid_integration_credentials', 'unknown integration or wrong PSK');

export const authenticateIntegration = async (
  request: FastifyRequest,
  domain: string,
  domains: Domains,
  verified: VerifiedKeys,
): Promise<Authenticated> => {
  const uuid = String((request.params as Record<string, unknown>).integration_uuid ?? '');
  const header = request.headers[PSK_HEADER];
  const psk = typeof header === 'string' && header !== '' ? header : undefined;
  const store = isUuid(uuid) ? domains.get(domain) : undefined;
  const integration = store?.integration(uuid.toLowerCase());
  if (!store || !integration || psk === undefined) {
    await decoyCheck(psk);
    throw refused();
  }
  const scope = verifiedScope(domain, integration.uuid);
  if (verified.has(scope, psk)) return { store, integration };
  if (!(await verifyPsk(psk, integration.psk_salt, integration.psk_hash))) throw refused();
  verified.add(scope, psk);
  return { store, integration };
};
