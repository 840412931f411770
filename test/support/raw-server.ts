/**
 * A raw HTTP server on 127.0.0.1 for testing the client against slow, hostile and broken servers:
 * each route writes its answer itself (drips it, streams too much of it, cuts it, garbles it).
 * It records every request, counts the bytes each answer got out, and stops every timer it started
 * when an answer's connection closes or the server does: nothing outlives a test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKEN_ANSWER } from './scripted-server';

export interface RawRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  request: RawRequest;
  /** 1 for the first request to this route, 2 for the next, … */
  attempt: number;
}

export type Handler = (exchange: Exchange) => void;

export interface RawServer {
  url: string;
  connection: { domain: string; client_id: string; client_secret: string };
  received: RawRequest[];
  /** Answers requests whose `METHOD path` starts with `route` (the longest route wins). */
  route(route: string, handler: Handler): void;
  /** Requests received whose `METHOD path` starts with `route`. */
  count(route: string): number;
  /** Resolves once the connection of an answer on `route` has closed, with the bytes that answer wrote. */
  closed(route: string): Promise<number>;
  close(): Promise<void>;
}

export const CLIENT_SECRET = 'client-secret-never-shown';

/** A JSON answer, whole. */
export const json = (res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

export const startRawServer = async (): Promise<RawServer> => {
  const routes = new Map<string, Handler>([['POST /oauth2/token', ({ res }) => json(res, 200, TOKEN_ANSWER.body)]]);
  const attempts = new Map<string, number>();
  const received: RawRequest[] = [];
  const closings = new Map<string, ((bytes: number) => void)[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body };
      received.push(request);
      const key = `${req.method} ${req.url}`;
      const route = [...routes.keys()].filter((r) => key.startsWith(r)).sort((a, b) => b.length - a.length)[0];
      if (!route) return json(res, 404, { error: { code: 'not_found', message: 'no route' } });
      const attempt = (attempts.get(route) ?? 0) + 1;
      attempts.set(route, attempt);
      res.on('close', () => {
        const waiting = closings.get(route) ?? [];
        closings.delete(route);
        for (const done of waiting) done(req.socket.bytesWritten);
      });
      routes.get(route)!({ req, res, request, attempt });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connection: { domain: url, client_id: 'cid', client_secret: CLIENT_SECRET },
    received,
    route: (route, handler) => void routes.set(route, handler),
    count: (route) => received.filter((r) => `${r.method} ${r.url}`.startsWith(route)).length,
    closed: (route) => new Promise((resolve) => closings.set(route, [...(closings.get(route) ?? []), resolve])),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Writes `text` one byte every `everyMs`, headers first; stops when the connection closes. */
export const drip = (res: http.ServerResponse, status: number, text: string, everyMs: number): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  const bytes = Buffer.from(text);
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent >= bytes.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(bytes.subarray(sent, ++sent));
  }, everyMs);
  res.on('close', () => clearInterval(timer));
};

/**
 * Streams `head`, then `size` bytes of `x`, then `tail`, in chunks of 64 KiB as fast as the reader
 * takes them (heeding backpressure); stops when the connection closes.
 */
export const stream = (res: http.ServerResponse, head: string, size: number, tail: string, headers: http.OutgoingHttpHeaders = {}): void => {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.write(head);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let left = size;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
};

/** Sends the headers and the first `bytes` of `body` (a Content-Length promising all of it), then cuts the connection. */
export const cutMidBody = (res: http.ServerResponse, status: number, body: unknown, bytes: number): void => {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': text.length });
  res.write(text.subarray(0, bytes), () => res.destroy());
};

/** Cuts the connection before any byte of an answer. */
export const cutBeforeAnswer = (res: http.ServerResponse): void => void res.destroy();
