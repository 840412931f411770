/**
 * Instants as the service wants them: ISO 8601 UTC with milliseconds. Inputs may carry any offset
 * and any number of fraction digits. Finer than a millisecond is rounded up: the service keeps
 * milliseconds, so for `_from` (inclusive) and `_to` (exclusive) alike, the next millisecond
 * selects exactly the records the finer instant would.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** The UTC ISO form of an instant, or undefined when `value` is not one (a date-time without an offset is not). */
export const toUtcInstant = (value: unknown): string | undefined => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = m;
  const [month, day, hour, minute, second] = [Number(mo), Number(d), Number(h), Number(mi), Number(s)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, '0')));
  if (/[1-9]/.test(fraction.slice(3))) ms += 1;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  const date = new Date(ms);
  // Date.UTC rolls 31 February over into March: refuse dates that do not exist.
  if (Number.isNaN(ms) || new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return undefined;
  return date.toISOString();
};
