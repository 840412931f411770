/**
 * The Host check, against DNS rebinding: a page on attacker.example can make the browser resolve
 * that name to 127.0.0.1 and reach a loopback emulator, whose development credentials are public,
 * but the request still says `Host: attacker.example`. So an emulator listening on a loopback
 * address answers only requests naming a loopback host (any port), or a host it was told to allow.
 * Listening on another address, it is meant to be reached by other names, and checks nothing.
 */
import { isIP } from 'node:net';
import { isLoopbackHost } from '../values/loopback';

/** A host name or IP address, as `--allow-host` takes it (no port). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** `name`, `name:port`, `[v6]` or `[v6]:port` → the name (brackets kept for IPv6), lower-cased. */
const hostOf = (header: string): string | undefined => {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(header);
  return m ? m[1].toLowerCase() : undefined;
};

/** An allowed host as given, normalized; a message naming the problem when it is not a host. */
export const allowedHost = (value: string): string | { problem: string } => {
  const name = value.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (isIP(name) === 6) return `[${name}]`;
  if (isIP(name) === 4 || HOST_NAME.test(name)) return name;
  return { problem: 'must be a host name or an IP address, without a port' };
};

/** Whether a request's Host header may be answered; `undefined` when every host may. */
export const hostCheck = (bindHost: string, allowed: readonly string[]): ((header: string | undefined) => boolean) | undefined => {
  // Listening on a loopback address only (the hosts a Host header may name, src/values/loopback.ts).
  if (!isLoopbackHost(bindHost)) return undefined;
  const extra = new Set(allowed);
  return (header) => {
    const name = header === undefined ? undefined : hostOf(header);
    return name !== undefined && (isLoopbackHost(name) || extra.has(name));
  };
};

/**
 * Whether a request comes from a web page on another site, which the emulator never answers (it
 * allows no cross-origin reads, so no such page is a legitimate caller): a form POST needs no
 * DNS rebinding to reach a loopback emulator, and could spend a client's budget of wrong secrets.
 * The browser says so in `Sec-Fetch-Site: cross-site`, or in an `Origin` (`null` included) naming
 * a host that is neither loopback, nor allowed, nor the one the request is addressed to.
 */
export const crossSiteCheck = (allowed: readonly string[]): ((headers: { origin?: string; host?: string; 'sec-fetch-site'?: string | string[] }) => boolean) => {
  const extra = new Set(allowed);
  return (headers) => {
    if (headers['sec-fetch-site'] === 'cross-site') return true;
    if (headers.origin === undefined) return false;
    let name: string;
    try {
      name = new URL(headers.origin).hostname.toLowerCase();
    } catch {
      return true;
    }
    if (name === '') return true;
    return !(isLoopbackHost(name) || extra.has(name) || (headers.host !== undefined && hostOf(headers.host) === name));
  };
};
