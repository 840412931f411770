/** The studio's guard on its own: which Host, Origin and Sec-Fetch-Site it answers, for each address it may be bound to. */
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { studioGuard } from '../../src/studio/guard';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
/** The refusal's code, or 'answered'. */
const verdict = (bound: string, headers: Record<string, string>) => studioGuard(bound, 4020)(request(headers))?.code ?? 'answered';

describe('the studio guard', () => {
  it('answers its own address and, bound to loopback, any loopback name for its port', () => {
    for (const host of ['127.0.0.1:4020', 'localhost:4020', 'LOCALHOST:4020', '[::1]:4020', '127.0.0.2:4020']) expect([host, verdict('127.0.0.1', { host })]).toEqual([host, 'answered']);
    for (const host of ['[::1]:4020', 'localhost:4020', '127.0.0.1:4020']) expect([host, verdict('::1', { host })]).toEqual([host, 'answered']);
  });

  it('refuses another host, another port, a Host without a port, and a request without Host', () => {
    for (const host of ['evil.example:4020', 'localhost.evil.example:4020', '127.0.0.1:4021', '127.0.0.1', 'localhost:80']) {
      expect([host, verdict('127.0.0.1', { host })]).toEqual([host, 'forbidden_host']);
    }
    expect(verdict('127.0.0.1', {})).toBe('forbidden_host');
  });

  it('bound to an address that is not loopback, answers only that address', () => {
    expect(verdict('192.168.1.5', { host: '192.168.1.5:4020' })).toBe('answered');
    for (const host of ['localhost:4020', '127.0.0.1:4020']) expect([host, verdict('192.168.1.5', { host })]).toEqual([host, 'forbidden_host']);
  });

  it("bound to every interface, answers loopback names and this machine's addresses, never a DNS name", () => {
    const addresses = Object.values(networkInterfaces()).flat().map((i) => i!.address).filter((a) => !a.includes(':'));
    for (const bound of ['0.0.0.0', '::']) {
      for (const host of ['127.0.0.1:4020', 'localhost:4020', ...addresses.map((a) => `${a}:4020`)]) expect([bound, host, verdict(bound, { host })]).toEqual([bound, host, 'answered']);
      for (const host of ['evil.example:4020', '203.0.113.9:4020', '127.0.0.1:4021']) expect([bound, host, verdict(bound, { host })]).toEqual([bound, host, 'forbidden_host']);
    }
  });

  it("answers its own page's Origin and refuses any other, 'null' included", () => {
    const host = '127.0.0.1:4020';
    expect(verdict('127.0.0.1', { host, origin: 'http://127.0.0.1:4020' })).toBe('answered');
    for (const origin of ['http://evil.example', 'null', 'http://localhost:4020', 'https://127.0.0.1:4020', 'http://127.0.0.1:4010']) {
      expect([origin, verdict('127.0.0.1', { host, origin })]).toEqual([origin, 'forbidden_origin']);
    }
  });

  it("refuses a browser's cross-site request even without an Origin, and answers same-origin and direct ones", () => {
    const host = '127.0.0.1:4020';
    expect(verdict('127.0.0.1', { host, 'sec-fetch-site': 'cross-site' })).toBe('forbidden_origin');
    for (const site of ['same-origin', 'none']) expect([site, verdict('127.0.0.1', { host, 'sec-fetch-site': site })]).toEqual([site, 'answered']);
  });

  it('answers refusals with 403', () => {
    expect(studioGuard('127.0.0.1', 4020)(request({ host: 'evil.example:4020' }))?.status).toBe(403);
    expect(studioGuard('127.0.0.1', 4020)(request({ host: '127.0.0.1:4020', origin: 'http://evil.example' }))?.status).toBe(403);
  });
});
