/** Instants: stored as epoch milliseconds, written as ISO 8601 UTC with milliseconds (src/values/instant.ts). */
import { isoInstant } from '../values/instant';

export const iso = isoInstant;
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
