/**
 * A tiny HTTP server on 127.0.0.1 that answers from a script, for testing how the runtime reacts to
 * 429s, 503s, dropped connections and expired tokens. It records every request it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedServer {
  url: string;
  received: Received[];
  /** Queue answers for requests whose `METHOD path` starts with `route`; the last one repeats. */
  script(route: string, ...answers: Answer[]): void;
  close(): Promise<void>;
}

export const TOKEN_ANSWER: Answer = { status: 200, body: { access_token: 'tok-aaaaaaaaaaaaaaaaaaaaaaaa', token_type: 'Bearer', expires_in: 3600, scope: 'api' } };

export const startScriptedServer = async (): Promise<ScriptedServer> => {
  const scripts = new Map<string, Answer[]>();
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const key = `${req.method} ${req.url}`;
      const route = [...scripts.keys()].filter((r) => key.startsWith(r)).sort((a, b) => b.length - a.length)[0];
      const queue = route ? scripts.get(route)! : [];
      const answer = queue.length > 1 ? queue.shift()! : (queue[0] ?? { status: 404, body: { error: { code: 'not_found', message: 'no script' } } });
      if (answer.drop) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (route, ...answers) => scripts.set(route, answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
