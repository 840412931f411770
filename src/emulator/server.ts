/**
 * The emulator's HTTP server: fastify routes for the whole contract, checked in the contract's
 * order — load (rate limit, faults), the platform token, the integration's credentials, then the
 * body (size, JSON, schema) — with every failure answered in the contract's error shape.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { mebibytes } from '../../connector/answers';
import { operations, type Operation, type OperationId } from '../../connector/operations';
import { wire } from '../../connector/wire';
import { ApiError, type ErrorDetail } from '../errors';
import { bearerChallenge, invalidToken, platformCaller, sendOAuthFailure, speakOAuth, speaksOAuth, tokenHandler } from './auth';
import { acceptCommands, batchStatus } from './commands';
import { AttemptGuard } from './attempts';
import type { HashPool } from './hash-pool';
import { authenticateIntegration, verifiedScope, type Authenticated } from './credentials';
import { Domains } from './domains';
import { publishEvent, requiredIds } from './events';
import { admitCaller, drawFault, RateLimits, type Fault } from './faults';
import { crossSiteCheck, hostCheck } from './host-check';
import { IDEMPOTENCY_WINDOW_MS, idempotencyKey } from './idempotency';
import { createIntegration, eventsProblems, integrationJson, updateIntegration } from './integrations';
import { lockDataDir } from './lock';
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from './options';
import { registerBodyParsers } from './content-types';
import { apiError, checkBody, errorBody } from './problems';
import { clientErrorHandler, frameworkErrors } from './unroutable';
import { VerifiedKeys } from './psk';
import { queryMappings } from './query';
import { Consumer } from './queue';
import { serverTimeoutOptions } from './timeouts';
import type { CommandsRequest, CreateIntegrationRequest, EventRequest, UpdateIntegrationRequest } from '../types/generated';

export const BODY_LIMIT = wire.maxBodyBytes;

declare module 'fastify' {
  interface FastifyRequest {
    extidsDomain?: string;
    /** The client of the request's token. */
    extidsClient?: string;
    extidsFault?: Fault;
    extidsAuth?: Authenticated;
  }
  interface FastifyContextConfig {
    /** The declared operation a route serves (connector/operations.ts). */
    operation?: Operation;
  }
}

/** For tests: start with the consumer paused, so that commands stay queued. */
export interface EmulatorInternals {
  pauseConsumer?: boolean;
  /** Replaces Math.random for fault draws. */
  random?: () => number;
}

export interface EmulatorServer {
  app: FastifyInstance;
  options: ResolvedOptions;
  domains: Domains;
  consumer: Consumer;
  /** The PSK hashes running now, and the most that ever ran at once. */
  hashing: Pick<HashPool, 'active' | 'peak' | 'concurrency' | 'observe'>;
  /** Stops the consumer and closes the server and the databases. */
  close(): Promise<void>;
}

const send = (reply: FastifyReply, status: number, body: string): FastifyReply =>
  reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);

const sendError = (reply: FastifyReply, e: ApiError): FastifyReply => send(reply, e.status, errorBody(e));

/** `/integrations/{integration_uuid}` → `/integrations/:integration_uuid`, under the base path unless the operation is at the origin. */
export const routeOf = (op: Operation, basePath: string): string => (op.atOrigin ? '' : basePath) + op.path.replace(/\{(\w+)\}/g, ':$1');

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * What the emulator does for an operation: its handler, what its body check adds to the schema's
 * problems, and a hook of its own before the credentials.
 */
interface Binding {
  handle: Handler;
  refine?: (body: unknown) => (details: ErrorDetail[]) => ErrorDetail[];
  onRequest?: (request: FastifyRequest) => Promise<void>;
}

/**
 * The body check of an operation's route, once the body is read: a list over its declared most is
 * too large (413), then the body must fit its schema. A body that is no published schema file (the
 * token endpoint's) is read by its handler, which answers in OAuth's words.
 */
const bodyCheck = (op: Operation, refine: Binding['refine']) => {
  const request = op.request;
  const file = request?.schema.$id?.split('/schemas/')[1];
  if (!request || !file) return undefined;
  return async (req: FastifyRequest): Promise<void> => {
    const body = request.required ? req.body : (req.body ?? {});
    const list = request.most ? (body as Record<string, unknown> | null)?.[request.most.field] : undefined;
    if (request.most && Array.isArray(list) && list.length > request.most.items) {
      const { field, items } = request.most;
      throw apiError('payload_too_large', `at most ${items} ${field} per request, got ${list.length}`, [{ path: field, message: `${field} must have at most ${items} items` }]);
    }
    req.body = checkBody(file, body, refine?.(body));
  };
};

export const createEmulatorServer = (input: EmulatorOptions = {}, internals: EmulatorInternals = {}): EmulatorServer => {
  const options = resolveOptions(input);
  // Before any database is opened: a second emulator on the directory must not touch it.
  const locked = lockDataDir(options.dataDir);
  if ('refused' in locked) throw locked.refused;
  const { lock } = locked;
  let domains: Domains;
  try {
    domains = new Domains(options.dataDir, { wall: options.now, durability: options.durability, log: options.log });
  } catch (e) {
    lock.release();
    throw e;
  }
  const servedDomains = new Set(options.clients.map((c) => c.domain));
  const consumer = new Consumer(() => domains.stores(), {
    paused: internals.pauseConsumer,
    applyDelayMs: options.applyDelayMs,
    onFailure: (store, error) => domains.fail(store.domain, error),
  });
  const verified = new VerifiedKeys();
  const guard = new AttemptGuard(options.attemptLimits, options.hashConcurrency);
  const limits = options.rateLimit > 0 ? new RateLimits(options.rateLimit, options.rateWindowSeconds) : undefined;
  const random = internals.random ?? Math.random;

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    return503OnClosing: false,
    // What the router and Node's parser cannot take is answered in the contract's shape too.
    routerOptions: { maxParamLength: wire.maxPathParameterLength },
    frameworkErrors,
    clientErrorHandler,
    ...serverTimeoutOptions(options.timeouts),
  });
  let closingDown = false;
  registerBodyParsers(app);

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    const answer = (e: ApiError): FastifyReply => {
      // Documented as required: every 429 says when to come back.
      if (e.status === 429 && !reply.hasHeader('Retry-After')) reply.header('Retry-After', '1');
      if (e.code === wire.invalidTokenCode) reply.header('WWW-Authenticate', bearerChallenge(request));
      return speaksOAuth(request, e) ? sendOAuthFailure(reply, e) : sendError(reply, e);
    };
    if (error instanceof ApiError) return answer(error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return answer(apiError('payload_too_large', `the request body is over ${mebibytes(BODY_LIMIT)}`));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return answer(apiError('unsupported_media_type', 'the request body must be application/json', [{ path: 'body', message: 'expected application/json' }]));
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return answer(apiError('invalid_request', 'the request could not be read', [{ path: 'body', message: error.code ?? 'unreadable request' }]));
    }
    // A damaged database: its domain out of service (the others keep serving), no retry promised.
    const storage = domains.failure(error, request.extidsDomain);
    if (storage) return sendError(reply, storage);
    // Not the client's fault, and worth a retry: never a stack trace.
    return sendError(reply.header('Retry-After', '1'), apiError('unavailable', 'the service hit an unexpected problem; try again'));
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, apiError('not_found', 'no such route')));

  const hostAllowed = hostCheck(options.host, options.allowedHosts);
  const crossSite = crossSiteCheck(options.allowedHosts);
  // The paths of the operations anyone may call (the token endpoint's): they take no platform token.
  const unauthenticated = new Set(operations.filter((op) => op.auth === 'none').map((op) => routeOf(op, options.basePath)));
  // Load first: every request counts, whatever it is.
  app.addHook('onRequest', async (request, reply) => {
    if (closingDown) {
      reply.header('Connection', 'close').header('Retry-After', '1');
      throw apiError('unavailable', 'the service is shutting down');
    }
    // Before anything is counted or looked at: a page that reached a loopback emulator by DNS rebinding gets nothing.
    if (hostAllowed && !hostAllowed(request.headers.host)) {
      throw apiError('forbidden_host', 'the Host header names neither a loopback address nor an allowed host; start the emulator with --allow-host <name> to answer that name');
    }
    if (crossSite(request.headers)) {
      throw apiError('forbidden_host', 'the request comes from a web page on another site (its Origin or Sec-Fetch-Site header says so); the emulator answers pages on this machine or on a host allowed with --allow-host <name>');
    }
    // An operation without authentication (the token endpoint) counts its requests itself, once it knows whether the client is who it says.
    const tokenRequest = unauthenticated.has(request.url.split('?')[0]);
    const caller = tokenRequest ? undefined : platformCaller(request, domains.registry, servedDomains);
    if (!tokenRequest) admitCaller(limits, { clientId: caller?.clientId, address: request.ip }, reply);
    const fault = drawFault(options.faultRate, random, options.faultKinds);
    if (fault === 'unavailable') {
      reply.header('Retry-After', '1');
      throw apiError('unavailable', 'the service is briefly unavailable (injected fault)');
    }
    if (fault === 'drop') {
      reply.hijack();
      request.raw.socket?.destroy();
      return;
    }
    request.extidsFault = fault;
    // Then the platform token, for everything but the token endpoint itself.
    if (tokenRequest) return;
    if (!caller) throw invalidToken();
    request.extidsDomain = caller.domain;
    domains.assertServing(caller.domain);
    request.extidsClient = caller.clientId;
  });

  // A fault after the request was handled: its effects stay, the client never hears of them.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.extidsFault === 'unavailable_after') {
      reply.code(503).header('content-type', 'application/json; charset=utf-8').header('Retry-After', '1');
      return errorBody(apiError('unavailable', 'the service is briefly unavailable (injected fault)'));
    }
    if (request.extidsFault === 'drop_after') request.raw.socket?.destroy();
    return payload;
  });

  const base = options.basePath;
  const domainOf = (request: FastifyRequest): string => request.extidsDomain!;
  const integrationOf = (request: FastifyRequest, reply: FastifyReply): Promise<Authenticated> =>
    authenticateIntegration(request, reply, { domain: domainOf(request), clientId: request.extidsClient! }, domains, verified, guard);
  const json = (reply: FastifyReply, status: number, data: unknown): FastifyReply => send(reply, status, JSON.stringify({ data }));

  // Every declared operation has its handler: the compiler says so, and the loop below at start.
  const bindings: Record<OperationId, Binding> = {
    getToken: { onRequest: speakOAuth, handle: tokenHandler(options, domains.registry, limits, guard) },
    health: { handle: async (request, reply) => json(reply, 200, { status: 'ok', domain: domainOf(request) }) },
    createIntegration: {
      refine: eventsProblems,
      handle: async (request, reply) => {
        const created = await createIntegration(domains, domainOf(request), request.body as CreateIntegrationRequest, guard.hashing, request.extidsClient!);
        // The key was just hashed: its first use need not pay scrypt again.
        verified.add(verifiedScope(domainOf(request), created.uuid), created.psk);
        return json(reply, 201, created);
      },
    },
    getIntegration: { handle: async (request, reply) => json(reply, 200, integrationJson(request.extidsAuth!.integration)) },
    updateIntegration: {
      refine: eventsProblems,
      handle: async (request, reply) => {
        // The row read at header time only vouched for the credentials; the update reads it afresh.
        const { store, integration } = request.extidsAuth!;
        return json(reply, 200, updateIntegration(store, integration.id, request.body as UpdateIntegrationRequest));
      },
    },
    runCommands: {
      handle: async (request, reply) => {
        const { store, integration } = request.extidsAuth!;
        const key = idempotencyKey(request);
        const result = acceptCommands(store, integration.id, request.body as CommandsRequest, key);
        // Recorded before the answer: a start that finds the batch gone says so.
        domains.acknowledge(store);
        if (result.queued) consumer.kick();
        return send(reply, result.status, result.answer);
      },
    },
    getBatch: {
      handle: async (request, reply) => {
        const { store, integration } = request.extidsAuth!;
        return json(reply, 200, batchStatus(store, integration, String((request.params as Record<string, unknown>).batch_id)));
      },
    },
    queryEntities: {
      handle: async (request, reply) => {
        const { store, integration } = request.extidsAuth!;
        return json(reply, 200, queryMappings(store.db, integration.id, integration.uuid, request.body));
      },
    },
    publishEvent: { refine: requiredIds, handle: async (request, reply) => json(reply, 202, publishEvent(domains.get(domainOf(request)), request.body as EventRequest)) },
  };

  // Integration-scoped operations: credentials are checked before the body is read.
  const credentials = async (request: FastifyRequest, reply: FastifyReply) => void (request.extidsAuth = await integrationOf(request, reply));
  for (const op of operations) {
    const binding = (bindings as Partial<Record<string, Binding>>)[op.id];
    if (!binding) throw new Error(`the emulator has no handler for the operation ${op.id} (connector/operations.ts)`);
    const onRequest = [...(binding.onRequest ? [binding.onRequest] : []), ...(op.auth === 'integration' ? [credentials] : [])];
    const preValidation = bodyCheck(op, binding.refine);
    app.route({
      method: op.method,
      url: routeOf(op, base),
      config: { operation: op },
      ...(onRequest.length ? { onRequest } : {}),
      ...(preValidation ? { preValidation } : {}),
      handler: binding.handle,
    });
  }

  // Old idempotency keys go, now and then.
  const sweep = setInterval(() => {
    for (const store of domains.stores()) {
      try {
        store.forgetBefore(Date.now() - IDEMPOTENCY_WINDOW_MS);
      } catch (e) {
        domains.fail(store.domain, e);
      }
    }
  }, 60 * 60 * 1000);
  sweep.unref();

  consumer.kick();
  let closing: Promise<void> | undefined;
  return {
    app,
    options,
    domains,
    consumer,
    hashing: guard.hashing,
    close: () =>
      (closing ??= (async () => {
        closingDown = true;
        clearInterval(sweep);
        consumer.stop();
        try {
          await app.close();
          domains.close();
        } finally {
          lock.release();
        }
      })()),
  };
};
