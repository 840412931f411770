/**
 * An answer is bounded in size (`maxResponseBytes`, counted once decompressed): beyond it the call
 * fails with `response_too_large` and the client stops reading, rather than holding what a server
 * sends in memory (issue 13, item 12).
 */
import { gzipSync } from 'node:zlib';
import { ApiError, ValidationError } from '../../src/errors';
import { createClient } from '../../src/runtime/client';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/runtime/session';
import { startRawServer, stream, type RawServer } from '../support/raw-server';

const HEALTH = 'GET /external-ids/v1/health';
const MiB = 1024 * 1024;
const LIMIT = 1 * MiB;

let server: RawServer;
beforeEach(async () => (server = await startRawServer()));
afterEach(() => server.close());

const health = (maxResponseBytes = LIMIT) => createClient(server.connection, { maxResponseBytes, timeoutMs: 5000, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 } }).health();

describe('the size of an answer', () => {
  it('fails an answer beyond maxResponseBytes with response_too_large, and stops reading it', async () => {
    // 8 MiB offered; the client should stop after about 1 MiB (plus what the socket buffers hold).
    server.route(HEALTH, ({ res }) => stream(res, '{"data":{"status":"', 8 * MiB, '","domain":"x"}}'));
    const closed = server.closed(HEALTH);
    const error = await health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'response_too_large' });
    expect((error as ApiError).message).toBe('GET /health answered 200 with more than 1048576 bytes (1 MiB), the most this client reads (maxResponseBytes)');
    expect(await closed).toBeLessThan(4 * MiB);
    // The same answer would come again: not retried.
    expect(server.count(HEALTH)).toBe(1);
  });

  it('bounds a compressed answer by its size once decompressed', async () => {
    const body = gzipSync(Buffer.from(`{"data":{"status":"${'x'.repeat(8 * MiB)}","domain":"x"}}`));
    expect(body.length).toBeLessThan(LIMIT / 10);
    server.route(HEALTH, ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    await expect(health()).rejects.toMatchObject({ status: 200, code: 'response_too_large' });
  });

  it('fails at once an answer whose Content-Length says it is beyond the bound, before its body comes', async () => {
    // The headers promise 8 MiB, and no byte of the body ever comes: the client does not wait for it.
    server.route(HEALTH, ({ res }) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': 8 * MiB }).flushHeaders());
    const started = performance.now();
    await expect(health()).rejects.toMatchObject({ status: 200, code: 'response_too_large' });
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it('reads an answer of exactly maxResponseBytes', async () => {
    const head = '{"data":{"status":"';
    const tail = '","domain":"x"}}';
    server.route(HEALTH, ({ res }) => stream(res, head, LIMIT - head.length - tail.length, tail));
    await expect(health()).resolves.toMatchObject({ domain: 'x' });
  });

  it('has a documented default of 64 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * MiB);
  });
});

describe('the session options of a deadline and a bound', () => {
  it.each([
    ['maxResponseBytes', 0],
    ['maxResponseBytes', -1],
    ['timeoutMs', Number.NaN],
    ['timeoutMs', 1.5],
  ])('refuses %s of %d, naming it', (name, value) => {
    expect(() => createClient(server.connection, { [name]: value })).toThrow(ValidationError);
    expect(() => createClient(server.connection, { [name]: value })).toThrow(`${name} must be a positive whole number`);
  });
});
