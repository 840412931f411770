/** The studio's own API (src/studio/api.ts answers): nothing is fetched from anywhere else. */
import type { StudioError, StudioExchange, StudioResult } from '../protocol';

export type { StudioError, StudioResult, StudioSession } from '../protocol';
export type Exchange = StudioExchange;
export type ErrorDetail = StudioError['details'][number];

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
