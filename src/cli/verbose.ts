/**
 * `--verbose` (or `EXTIDS_DEBUG=1`): every HTTP exchange on stderr, one line each, from the
 * session's `onExchange` observer. Secrets are masked by the session; a line holds no body.
 *
 *   extids: POST /external-ids/v1/integrations/…/commands 202 34 ms
 *   extids: POST /external-ids/v1/integrations/…/commands 429 rate_limited 3 ms, retry 1 in 800 ms
 *   extids: GET /external-ids/v1/health 401 invalid_token 2 ms, new token
 */
import { exchangeSummary } from '../runtime/exchange';
import type { Exchange, SessionOptions } from '../runtime/session';

/** Whether exchanges are told: the flag, or EXTIDS_DEBUG set to anything but empty, 0 or false. */
export const verboseWanted = (flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean => {
  if (flag) return true;
  const debug = env.EXTIDS_DEBUG?.trim().toLowerCase();
  return debug !== undefined && debug !== '' && debug !== '0' && debug !== 'false';
};

/** One exchange as one line, without the trailing newline. */
export const exchangeLine = (e: Exchange): string => `extids: ${exchangeSummary(e)}`;

/** The session options that print every exchange on `stream`, or none when not wanted. */
export const verboseSession = (flag: boolean | undefined, stream: NodeJS.WritableStream = process.stderr): SessionOptions | undefined =>
  verboseWanted(flag) ? { onExchange: (e) => void stream.write(`${exchangeLine(e)}\n`) } : undefined;

export const VERBOSE_HELP = 'print every HTTP exchange on stderr, one line each, secrets masked (or set EXTIDS_DEBUG=1)';
