/** The studio's own API (src/studio/api.ts answers): nothing is fetched from anywhere else. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** A failure in the CLI's words, the shape `extids … --json` prints. */
export interface StudioError {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

/** One HTTP exchange the runtime made, secrets masked by it. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  code?: string;
  durationMs: number;
  attempt: number;
  retry?: { attempt: number; delayMs: number; reason: string };
  renewingToken?: boolean;
  request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
}

export type StudioResult = ({ ok: true; output: unknown } | { ok: false; error: StudioError }) & { exchanges: Exchange[] };

export interface StudioSession {
  /** The connection's fields, without its secrets. */
  connection: Record<string, unknown>;
  /** The secret fields the studio holds a value for: left empty on the page, they are used. */
  held_secrets: string[];
  emulator: { url: string } | null;
}

const failed = (status: number, code: string, message: string): StudioResult => ({ ok: false, error: { status, code, message, details: [] }, exchanges: [] });

export const getJson = async <T>(path: string): Promise<T> => {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
};

export const post = async (path: string, body: unknown): Promise<StudioResult> => {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as StudioResult | { error: StudioError };
    if ('ok' in answer) return answer;
    return { ok: false, error: answer.error, exchanges: [] };
  } catch (e) {
    return failed(0, 'studio_unreachable', `the studio did not answer: ${e instanceof Error ? e.message : String(e)}`);
  }
};
