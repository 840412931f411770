/**
 * An emulator under test on 127.0.0.1 and a free port, with a temporary data dir removed on close.
 * Helpers speak the contract: tokens, integrations, commands, events, queries.
 *
 * Requests go over a real loopback socket: fastify's `inject` needs light-my-request, which
 * `require`s the ESM-only cookie@2, and jest's module loader cannot do that on Node 20.
 */
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulatorServer, type EmulatorInternals, type EmulatorServer } from '../../src/emulator/server';
import type { EmulatorOptions } from '../../src/emulator';

export const BASE = '/external-ids/v1';
export const UUID_A = '0b1c0f6e-5f43-4c1a-9a53-2a8e4b1b7c11';

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Integration {
  uuid: string;
  psk: string;
  name: string;
  status: string;
  events: string[];
  created_at: string;
  updated_at: string;
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'extids-emu-'));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CallOptions {
  body?: unknown;
  /** Sent as is, with this content type. */
  raw?: { payload: string | Buffer; type?: string };
  headers?: Record<string, string>;
  /** Default: the harness token; null sends none. */
  token?: string | null;
  integration?: { uuid: string; psk: string };
}

const agent = new Agent({ keepAlive: true });

/** One HTTP request; rejects when the connection drops. */
export const http = (url: string, method: string, headers: Record<string, string>, payload?: string | Buffer): Promise<{ status: number; headers: Record<string, unknown>; text: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: payload === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(payload)) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });

export class Harness {
  token = '';
  url = '';

  private constructor(
    readonly server: EmulatorServer,
    readonly dataDir: string,
    private readonly removeDir: boolean,
  ) {}

  static async start(options: EmulatorOptions = {}, internals: EmulatorInternals = {}, dataDir?: string): Promise<Harness> {
    const dir = dataDir ?? tempDir();
    const h = new Harness(createEmulatorServer({ dataDir: dir, ...options }, internals), dir, dataDir === undefined);
    await h.server.app.listen({ port: 0, host: '127.0.0.1' });
    h.url = `http://127.0.0.1:${(h.server.app.server.address() as { port: number }).port}`;
    // A harness with other credentials or with faults gets its token itself.
    if (!internals.random) h.token = await h.tokenFor().catch(() => '');
    return h;
  }

  async tokenFor(clientId = 'extids-local', clientSecret = 'extids-local-secret'): Promise<string> {
    const r = await this.call('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, token: null });
    if (r.status !== 200) throw new Error(`token: ${r.status} ${r.text}`);
    return r.body.access_token;
  }

  async call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, o: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const token = o.token === undefined ? this.token : o.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (o.integration) headers['x-integration-psk'] = o.integration.psk;
    let payload: string | Buffer | undefined;
    if (o.raw) {
      payload = o.raw.payload;
      if (o.raw.type) headers['content-type'] = o.raw.type;
    } else if (o.body !== undefined) {
      payload = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const r = await http(this.url + (url.startsWith('/oauth2') || url.startsWith(BASE) ? url : BASE + url), method, headers, payload);
    let body: unknown;
    try {
      body = JSON.parse(r.text);
    } catch {
      body = undefined;
    }
    return { ...r, body };
  }

  async createIntegration(body: Record<string, unknown> = { name: 'TEST' }, token?: string): Promise<Integration> {
    const r = await this.call('POST', '/integrations', { body, token });
    if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text}`);
    return r.body.data;
  }

  async patch(integration: Integration, body: unknown): Promise<Reply> {
    return this.call('PATCH', `/integrations/${integration.uuid}`, { body, integration });
  }

  async send(integration: Integration, commands: unknown[], headers?: Record<string, string>): Promise<Reply> {
    return this.call('POST', `/integrations/${integration.uuid}/commands`, { body: { commands }, integration, headers });
  }

  /** Sends commands, waits until they are applied, and returns the batch's status. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async run(integration: Integration, commands: unknown[]): Promise<any> {
    const r = await this.send(integration, commands);
    if (r.status !== 202) throw new Error(`commands: ${r.status} ${r.text}`);
    await this.idle();
    return this.batch(integration, r.body.data.batch_id);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async batch(integration: Integration, batchId: string): Promise<any> {
    const s = await this.call('GET', `/integrations/${integration.uuid}/batches/${batchId}`, { integration });
    if (s.status !== 200) throw new Error(`batch: ${s.status} ${s.text}`);
    return s.body.data;
  }

  async query(integration: Integration, body: unknown = {}): Promise<Reply> {
    return this.call('POST', `/integrations/${integration.uuid}/entities/query`, { body, integration });
  }

  /** Every mapping matching `body`, all pages. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async mappings(integration: Integration, body: Record<string, unknown> = {}): Promise<any[]> {
    const r = await this.query(integration, { page_size: 1000, ...body });
    if (r.status !== 200) throw new Error(`query: ${r.status} ${r.text}`);
    return r.body.data.items;
  }

  async event(event: string, payload: Record<string, number>, occurredAt?: string, token?: string): Promise<Reply> {
    return this.call('POST', '/events', { body: { event, payload, ...(occurredAt ? { occurred_at: occurredAt } : {}) }, token });
  }

  idle(): Promise<void> {
    return this.server.consumer.idle();
  }

  async close(): Promise<void> {
    await this.server.close();
    if (this.removeDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export const matchUser = (internalId: number, externalId: string, extra: Record<string, unknown> = {}) => ({
  name: 'MatchUserCommand',
  internal_id: internalId,
  internal_uuid: `00000000-0000-4000-8000-${String(internalId).padStart(12, '0')}`,
  external_id: externalId,
  ...extra,
});
