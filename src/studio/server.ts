/**
 * The studio's HTTP server: the page (its shell, script, style sheet and the manifest it is drawn
 * from) and the API its buttons call. Loopback by default; nothing it serves loads anything from
 * another origin (its Content-Security-Policy says so to the browser too).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { StudioApi } from './api';
import { UnknownOperationError } from './api';
import type { StudioAssets } from './assets';
import { studioGuard, type Refusal } from './guard';
import { studioHtml } from './html';
import type { StudioRequest, StudioSession } from './protocol';

/** A page's request is a form's values: a run of Run commands' list of 1,000 commands fits many times over. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'manifest.json': 'application/json; charset=utf-8',
};

export interface StudioServerOptions {
  host: string;
  port: number;
  assets: StudioAssets;
  api: StudioApi;
  /** What the page is told of its session: the connection's fields without secrets, and whether an emulator runs. */
  session: StudioSession;
  title: string;
}

class BodyError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

const send = (response: ServerResponse, status: number, type: string, body: string): void => {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
};

const sendJson = (response: ServerResponse, status: number, value: unknown): void =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

const refuse = (response: ServerResponse, r: Refusal): void => sendJson(response, r.status, { error: { status: r.status, code: r.code, message: r.message, details: [] } });

const readJson = (request: IncomingMessage): Promise<StudioRequest> =>
  new Promise((resolve, reject) => {
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      reject(new BodyError({ status: 415, code: 'unsupported_media_type', message: 'send JSON (Content-Type: application/json)' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Nothing more is kept, and the answer closes the connection: destroying the request here reset it before the 413 was written.
        reject(new BodyError({ status: 413, code: 'payload_too_large', message: `a request of the studio holds at most ${MAX_BODY_BYTES} bytes` }));
      } else chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        resolve(value as StudioRequest);
      } catch {
        reject(new BodyError({ status: 400, code: 'invalid_json', message: 'the body is not a JSON object' }));
      }
    });
  });

/** `POST /api/…` routes: the operation's name is a path segment. */
const route = (api: StudioApi, path: string): ((body: StudioRequest) => Promise<unknown>) | undefined => {
  if (path === '/api/connection/test') return (body) => api.testConnection(body);
  const action = /^\/api\/actions\/([a-z_]+)$/.exec(path);
  if (action) return (body) => api.runAction(action[1], body);
  const trigger = /^\/api\/triggers\/([a-z_]+)\/poll$/.exec(path);
  if (trigger) return (body) => api.pollTrigger(trigger[1], body);
  return undefined;
};

export const createStudioServer = (options: StudioServerOptions): Server => {
  const html = studioHtml(options.title);
  let guard = studioGuard(options.host, options.port);
  const server = createServer((request, response) => {
    const refusal = guard(request);
    if (refusal) return refuse(response, refusal);
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (path === '/') return send(response, 200, 'text/html; charset=utf-8', html);
      const file = path.slice(1) as keyof StudioAssets;
      if (Object.prototype.hasOwnProperty.call(TYPES, file)) return send(response, 200, TYPES[file], options.assets[file]);
      if (path === '/api/session') return sendJson(response, 200, options.session);
      return refuse(response, { status: 404, code: 'not_found', message: `nothing at ${path}` });
    }
    const handler = request.method === 'POST' ? route(options.api, path) : undefined;
    if (!handler) return refuse(response, { status: request.method === 'POST' ? 404 : 405, code: request.method === 'POST' ? 'not_found' : 'method_not_allowed', message: `no ${request.method} ${path}` });
    readJson(request)
      .then(handler)
      .then(
        (result) => sendJson(response, 200, result),
        (e: unknown) => {
          if (e instanceof BodyError) {
            if (e.refusal.status === 413) response.setHeader('connection', 'close');
            return refuse(response, e.refusal);
          }
          if (e instanceof UnknownOperationError) return refuse(response, { status: 404, code: e.code, message: e.message });
          refuse(response, { status: 500, code: 'internal', message: e instanceof Error ? e.message : String(e) });
        },
      );
  });
  // Port 0: the guard learns the port picked.
  server.on('listening', () => {
    const address = server.address();
    if (typeof address === 'object' && address) guard = studioGuard(options.host, address.port);
  });
  return server;
};
