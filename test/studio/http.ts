/** Talking to a studio over HTTP in a test: fetch for what a page asks, node:http where a header fetch will not send (Host) must be chosen. */
import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  headers: Object.fromEntries(response.headers),
  text: await response.text(),
});

export const studioHttp = (base: string) => ({
  get: async (path: string): Promise<Answer> => answerOf(await fetch(new URL(path, base))),

  /** A POST of `body` as JSON (a string is sent as it is), as the page sends it. */
  post: async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
    answerOf(
      await fetch(new URL(path, base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    ),

  /** The page's call, its answer parsed: `{ok, output | error, exchanges}`. */
  call: async (path: string, body: unknown) => {
    const answer = await studioHttp(base).post(path, body);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text);
  },

  /** A request with exactly these headers (Host included, when given). */
  raw: (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> =>
    new Promise((done, fail) => {
      const url = new URL(base);
      const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, text }));
      });
      req.on('error', fail);
      req.end(body);
    }),
});
