/** A connection as the user gives it, checked and resolved into where to send requests. */
import { authTypes, type AuthType, type Connection } from '../../connector/connection';
import { wire } from '../../connector/wire';
import { ValidationError, type ErrorDetail } from '../errors';
import { isLoopbackHost } from '../values/loopback';

export interface ResolvedConnection {
  /** `https://acme.docebosaas.com`, or the URL given (`http://127.0.0.1:4010`), without a trailing slash. */
  origin: string;
  basePath: string;
  authType: AuthType;
  clientId: string;
  clientSecret: string;
  username?: string;
  password?: string;
  /** The domain had no scheme (`localhost:4010`): HTTPS was assumed, for hints when it fails. */
  schemeAssumed?: true;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Checks a connection and resolves it; every problem is named by its field. */
export const resolveConnection = (connection: unknown): ResolvedConnection => {
  const c = (typeof connection === 'object' && connection !== null ? connection : {}) as Partial<Record<keyof Connection, unknown>>;
  const problems: ErrorDetail[] = [];
  const text = (field: keyof Connection, required: boolean): string | undefined => {
    const value = c[field];
    if (value === undefined || value === null || value === '') {
      if (required) problems.push({ path: `connection.${field}`, message: `missing required field connection.${field}` });
      return undefined;
    }
    if (typeof value !== 'string') {
      problems.push({ path: `connection.${field}`, message: `connection.${field} must be a string` });
      return undefined;
    }
    return value.trim();
  };
  if (typeof connection !== 'object' || connection === null) problems.push({ path: 'connection', message: 'connection must be an object' });
  const domain = text('domain', true);
  const authType = (text('auth_type', false) ?? 'client_credentials') as AuthType;
  if (!authTypes.includes(authType)) problems.push({ path: 'connection.auth_type', message: `connection.auth_type must be one of ${authTypes.join(', ')}` });
  const clientId = text('client_id', true);
  const clientSecret = text('client_secret', true);
  const username = text('username', authType === 'password');
  const password = text('password', authType === 'password');
  const basePath = text('base_path', false) ?? wire.defaultBasePath;
  if (!basePath.startsWith('/')) problems.push({ path: 'connection.base_path', message: 'connection.base_path must start with /' });

  let origin = '';
  let schemeAssumed = false;
  if (domain !== undefined) {
    if (/^https?:\/\//i.test(domain)) {
      try {
        const url = new URL(domain);
        origin = (url.origin + url.pathname).replace(/\/+$/, '');
      } catch {
        problems.push({ path: 'connection.domain', message: 'connection.domain is not a valid URL' });
      }
    } else if (HOST.test(domain)) {
      origin = `https://${domain.toLowerCase()}`;
      schemeAssumed = true;
    }
    else problems.push({ path: 'connection.domain', message: 'connection.domain must be a host such as acme.docebosaas.com or a URL such as http://127.0.0.1:4010' });
  }
  if (problems.length) throw new ValidationError(`invalid connection: ${problems.map((p) => p.message).join('; ')}`, problems);
  return {
    origin,
    basePath: basePath.replace(/\/+$/, ''),
    authType,
    clientId: clientId!,
    clientSecret: clientSecret!,
    ...(authType === 'password' ? { username, password } : {}),
    ...(schemeAssumed ? { schemeAssumed: true as const } : {}),
  };
};

/** Why a connection's origin is worth a warning (plain http:// to another machine); undefined when it is not. */
export const plainHttpWarning = (origin: string): string | undefined => {
  const url = new URL(origin);
  // To this machine (an emulator), plain HTTP crosses no network.
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return `${url.origin} is plain HTTP: the client secret, tokens and PSKs would cross the network unencrypted; use https:// (plain HTTP is meant for a local emulator only)`;
};
