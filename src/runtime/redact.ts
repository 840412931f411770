/**
 * Secrets never leave in a message. Only what a server says (its codes, messages and details) is
 * masked, never the connector's own words: a secret that happens to be an ordinary word (`client`)
 * must not turn `invalid_client` into nonsense. A server that echoes its input may echo a secret in
 * another form, so each is masked as given, URL-encoded, in base64 and JSON-escaped.
 */
import { errorCodes, oauthErrorCodes } from '../../connector/model/errors';

export const REDACTED = '[redacted]';

/** Shorter values are too likely to be ordinary text to mask. */
const SHORTEST = 4;

/** The forms a secret takes in text a server may send back. */
export const secretForms = (secret: string): string[] => {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
  ];
  // Longest first, so that no form is masked half by a shorter one.
  return [...new Set(forms)].filter((f) => f.length >= SHORTEST).sort((a, b) => b.length - a.length);
};

/** A server's text with every form of every secret masked. */
export const redact = (text: string, secrets: readonly (string | undefined)[]): string => {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < SHORTEST) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
  }
  return out;
};

const knownCodes = new Set<string>([...errorCodes, ...oauthErrorCodes]);

/** A server's error code: the contract's own codes are the connector's words and stay; any other is masked like text. */
export const redactCode = (code: string, secrets: readonly (string | undefined)[]): string => (knownCodes.has(code) ? code : redact(code, secrets));
