/**
 * Platform authentication (docs/contract.md §1): `POST /oauth2/token` with the client-credentials
 * and password grants, and the bearer token every other call carries. Each client belongs to one
 * domain, and so does every token it gets.
 */
import { oauthBodyErrorCodes, type OAuthErrorCode } from '../../connector/model/errors';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authTypes } from '../../connector/connection';
import { wire } from '../../connector/wire';
import type { Client, ResolvedOptions } from './options';
import type { Registry } from './registry';
import type { AttemptGuard } from './attempts';
import { admitCaller, type RateLimits } from './faults';
import type { ApiError } from '../errors';
import { apiError } from './problems';

/** Equal strings, compared in constant time whatever their lengths. */
export const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

type OAuthError = OAuthErrorCode;

const oauthError = (reply: FastifyReply, status: number, error: OAuthError | ApiError['code'], description: string) => {
  if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="extids"');
  return reply.code(status).header('Cache-Control', 'no-store').send({ error, error_description: description });
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the token endpoint has the request: from then on its failures speak OAuth (RFC 6749 §5.2). */
    extidsOAuth?: boolean;
  }
}

const oauthShaped = new Set<string>(['invalid_request', ...oauthBodyErrorCodes]);

/**
 * Whether a failure is the token endpoint's to answer in OAuth's shape: its body unreadable, too
 * large or of another type. The gates every request passes (Host, load, faults) answer alike everywhere.
 */
export const speaksOAuth = (request: FastifyRequest, e: ApiError): boolean => request.extidsOAuth === true && oauthShaped.has(e.code);

/** Such a failure as OAuth writes it (RFC 6749 §5.2), with the service's code where OAuth has none. */
export const sendOAuthFailure = (reply: FastifyReply, e: ApiError) => oauthError(reply, e.status, e.code, e.message);

/** RFC 6750 §3: a request that sent no token is told the scheme only; one whose token is dead, why. */
export const bearerChallenge = (request: FastifyRequest): string =>
  /^Bearer\s+\S/i.test(request.headers.authorization ?? '') ? `Bearer realm="extids", error="${wire.invalidTokenCode}"` : 'Bearer realm="extids"';

/** Client credentials from an HTTP Basic header (RFC 6749 §2.3.1), when one is sent. */
const basicCredentials = (header: string | undefined): { id: string; secret: string } | undefined => {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
};

const stringField = (body: Record<string, unknown>, name: string): string | undefined => {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** A token request's answer, and whether it was a failed attempt at a secret (counted by the guard). */
type TokenAnswer = { failed: boolean; send: (reply: FastifyReply) => FastifyReply };

const refuse = (status: number, error: OAuthError, description: string, failed = false): TokenAnswer => ({
  failed,
  send: (reply) => oauthError(reply, status, error, description),
});

/** From the moment the token endpoint has the request, its failures speak OAuth. */
export const speakOAuth = async (request: FastifyRequest): Promise<void> => void (request.extidsOAuth = true);

/** The token endpoint's handler (operation getToken): it reads its body itself, to answer in OAuth's words. */
export const tokenHandler =
  (options: ResolvedOptions, registry: Registry, limits: RateLimits | undefined, guard: AttemptGuard) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const body = (typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? request.body : {}) as Record<string, unknown>;
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic?.id ?? stringField(body, 'client_id');
    const clientSecret = basic?.secret ?? stringField(body, 'client_secret');
    // Before the secret is compared: beyond the limit, a right guess must get the answer a wrong one gets.
    const attempt = guard.secret(clientId, request.ip, reply);
    let answer: TokenAnswer | undefined;
    try {
      // Every client is compared, so that the time taken does not tell which client ids exist.
      let client: Client | undefined;
      if (clientId && clientSecret) for (const c of options.clients) if (sameSecret(clientId, c.clientId) && sameSecret(clientSecret, c.clientSecret)) client = c;
      // Counted for the client only once it proved to be that client: a flood naming it spends the address's budget.
      admitCaller(limits, { clientId: client?.clientId, address: request.ip }, reply);
      answer = tokenAnswer(body, options, registry, clientId, clientSecret, client);
      return answer.send(reply);
    } finally {
      attempt.end(answer?.failed ?? false);
    }
  };

const tokenAnswer = (
  body: Record<string, unknown>,
  options: ResolvedOptions,
  registry: Registry,
  clientId: string | undefined,
  clientSecret: string | undefined,
  client: Client | undefined,
): TokenAnswer => {
  const grant = stringField(body, 'grant_type');
  if (!grant) return refuse(400, 'invalid_request', 'missing grant_type');
  if (!(authTypes as readonly string[]).includes(grant)) return refuse(400, 'unsupported_grant_type', `grant_type must be ${authTypes.join(' or ')}`);
  if (!clientId) return refuse(400, 'invalid_request', 'missing client_id');
  if (!clientSecret) return refuse(400, 'invalid_request', 'missing client_secret');
  const scope = body.scope;
  if (scope !== undefined && (typeof scope !== 'string' || !scope.split(/\s+/).includes(wire.scope))) {
    return refuse(400, 'invalid_scope', `scope must be ${wire.scope}`);
  }
  let username: string | undefined;
  let password: string | undefined;
  if (grant === 'password') {
    username = stringField(body, 'username');
    password = stringField(body, 'password');
    if (!username) return refuse(400, 'invalid_request', 'missing username');
    if (!password) return refuse(400, 'invalid_request', 'missing password');
  }
  if (!client) return refuse(401, 'invalid_client', 'unknown client or wrong client secret', true);
  if (grant === 'password') {
    const userOk = sameSecret(username!, options.username);
    const passwordOk = sameSecret(password!, options.password);
    if (!userOk || !passwordOk) return refuse(400, 'invalid_grant', 'wrong username or password', true);
  }
  const token = randomBytes(32).toString('base64url');
  registry.addToken(token, client.domain, client.clientId, Date.now() + options.tokenTtlSeconds * 1000);
  return {
    failed: false,
    send: (reply) =>
      reply.header('Cache-Control', 'no-store').send({ access_token: token, token_type: 'Bearer', expires_in: Math.ceil(options.tokenTtlSeconds), scope: wire.scope }),
  };
};

/** Who the request's bearer token belongs to, when it has one that is live. */
export const platformCaller = (request: FastifyRequest, registry: Registry, domains: ReadonlySet<string>): { domain: string; clientId: string } | undefined => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  const owner = m ? registry.tokenOwner(m[1]) : undefined;
  // A token of a domain no client serves any more (the emulator restarted with other clients) is dead too.
  return owner && domains.has(owner.domain) ? owner : undefined;
};

export const invalidToken = () => apiError('invalid_token', 'missing, unknown or expired access token');
