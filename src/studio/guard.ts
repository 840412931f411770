/**
 * Who may talk to the studio: the studio runs actions with the connection's secrets, so a page of
 * another site must not reach it, even through a DNS name rebound to 127.0.0.1. A request must
 * name the studio's own host (or a loopback name for its port; bound to every interface, one of
 * this machine's addresses), and a browser's request must come from the studio's own origin.
 */
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../values/loopback';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** `host:port` → its host, without an IPv6 address's brackets. */
const hostOf = (authority: string): { host: string; port: string } => {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(authority.trim().toLowerCase());
  return { host: (m?.[1] ?? '').replace(/^\[|\]$/g, ''), port: m?.[2] ?? '80' };
};

/** The addresses of this machine's interfaces: the names a studio bound to every interface (0.0.0.0, ::) is reached by. */
const interfaceAddresses = (): Set<string> =>
  new Set(
    Object.values(networkInterfaces())
      .flat()
      .map((i) => i?.address.toLowerCase().replace(/%.*$/, ''))
      .filter((a): a is string => !!a),
  );

export const studioGuard = (boundHost: string, port: number) => {
  const own = boundHost.replace(/^\[|\]$/g, '').toLowerCase();
  const everywhere = own === '0.0.0.0' || own === '::';
  const allowed = (authority: string | undefined): boolean => {
    if (!authority) return false;
    const { host, port: p } = hostOf(authority);
    if (p !== String(port)) return false;
    if (host === own || (isLoopbackHost(own) && isLoopbackHost(host))) return true;
    // Bound to every interface: any of this machine's addresses, or a loopback name; still no DNS name, which could be rebound.
    return everywhere && (isLoopbackHost(host) || interfaceAddresses().has(host));
  };
  return (request: IncomingMessage): Refusal | undefined => {
    const host = request.headers.host;
    if (!allowed(host)) return { status: 403, code: 'forbidden_host', message: `the studio answers only requests to its own address, not ${host ?? 'a request without Host'}` };
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return { status: 403, code: 'forbidden_origin', message: 'the studio answers only its own page' };
    if (request.headers['sec-fetch-site'] === 'cross-site') return { status: 403, code: 'forbidden_origin', message: 'the studio answers only its own page' };
    return undefined;
  };
};
