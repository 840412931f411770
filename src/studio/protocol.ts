/**
 * What the studio's server and its page say to each other, typed once for both: the page's
 * requests, the Test buttons' answers, the session. No Node and no DOM here: the page's own
 * tsconfig checks it too, and the shapes it names are the CLI's and the runtime's own.
 */
import type { JsonError } from '../cli/json-error';
import type { Exchange } from '../runtime/exchange';

/** A failure in the CLI's words, the shape `extids … --json` prints. */
export type StudioError = JsonError;

/** One HTTP exchange the runtime made, secrets masked by it. */
export type StudioExchange = Exchange;

export type StudioResult = ({ ok: true; output: unknown } | { ok: false; error: StudioError }) & { exchanges: StudioExchange[] };

/** What the page sends: the connection form's values, the config fields (the command chosen), the input; a trigger's closure to poll from. */
export interface StudioRequest {
  connection?: unknown;
  config?: Record<string, unknown>;
  input?: unknown;
  closure?: unknown;
}

export interface StudioSession {
  /** The connection's fields, without its secrets. */
  connection: Record<string, unknown>;
  /** The secret fields the studio holds a value for: left empty on the page, they are used (for this domain only). */
  held_secrets: string[];
  emulator: { url: string } | null;
}
