/**
 * `extids serve`'s secrets — the default client's secret, the password of the password grant, the
 * clients of other domains — from where other users of the machine cannot read them: environment
 * variables or files. A command line can be read by anyone (`ps`), so secrets typed there still
 * work but get a one-line warning. Precedence: the flag, its file, the environment, the default.
 */
import { readFileSync } from 'node:fs';
import type { Client } from '../emulator/options';
import { CliError } from './io';
import { jsonFault } from './json-fault';

export const SECRET_ENV = {
  clientSecret: 'EXTIDS_EMULATOR_CLIENT_SECRET',
  password: 'EXTIDS_EMULATOR_PASSWORD',
  clients: 'EXTIDS_EMULATOR_CLIENTS',
} as const;

const fileText = (file: string, flag: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${flag}: cannot read ${file}${code ? ` (${code})` : ''}`);
  }
};

/** A file's text, as a secret: one final newline dropped (editors add it), never empty. */
const secretFile = (file: string, flag: string): string => {
  const secret = fileText(file, flag).replace(/\r?\n$/, '');
  if (secret === '') throw new CliError(`${flag}: ${file} is empty`);
  return secret;
};

/** One secret: from its flag, its file flag, or its environment variable; undefined for the default. */
export const secretFrom = (given: { flag: string; value?: string; fileFlag: string; file?: string; env: string }): string | undefined => {
  if (given.value !== undefined && given.file !== undefined) throw new CliError(`give ${given.flag} or ${given.fileFlag}, not both`);
  if (given.file !== undefined) return secretFile(given.file, given.fileFlag);
  if (given.value !== undefined) return given.value;
  const fromEnv = process.env[given.env];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
};

/** `[{ "domain", "client_id", "client_secret" }, …]`, told by where it came from, never by its text. */
const parseClients = (text: string, where: string): Client[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const fault = jsonFault(text);
    throw new CliError(`${where} is not valid JSON${fault ? `: ${fault}` : ''}`);
  }
  if (!Array.isArray(parsed)) throw new CliError(`${where}: expected a JSON list of clients, [{"domain", "client_id", "client_secret"}, …]`);
  return parsed.map((c: unknown, i) => {
    const field = (name: string): string => {
      const v = typeof c === 'object' && c !== null ? (c as Record<string, unknown>)[name] : undefined;
      if (typeof v !== 'string' || v === '') throw new CliError(`${where}: [${i}].${name} must be a non-empty string`);
      return v;
    };
    return { domain: field('domain'), clientId: field('client_id'), clientSecret: field('client_secret') };
  });
};

/** Clients of other domains: `--client` and `--clients-file`, or else the environment. */
export const clientsFrom = (flagged: Client[], file: string | undefined): Client[] => {
  const fromFile = file === undefined ? [] : parseClients(fileText(file, '--clients-file'), `--clients-file: ${file}`);
  if (flagged.length > 0 || file !== undefined) return [...flagged, ...fromFile];
  const fromEnv = process.env[SECRET_ENV.clients];
  return fromEnv === undefined || fromEnv.trim() === '' ? [] : parseClients(fromEnv, SECRET_ENV.clients);
};

/** The warning for secrets typed on the command line, naming the flags; undefined when there are none. */
export const commandLineSecretsWarning = (flags: string[]): string | undefined =>
  flags.length === 0
    ? undefined
    : `extids serve: ${flags.join(', ')} on the command line can be read by other users of this machine (ps); ` +
      `use ${SECRET_ENV.clientSecret}, ${SECRET_ENV.password}, ${SECRET_ENV.clients} or --client-secret-file, --password-file, --clients-file instead`;
