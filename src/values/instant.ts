/**
 * Instants on the wire: ISO 8601 with an offset (`Z`, `±hh`, `±hhmm` or `±hh:mm`), seconds and
 * fraction optional, any number of fraction digits, `T` or a space between date and time. One
 * grammar for the Node runtime, the emulator and the generated connector.rb (which is built from
 * `INSTANT_GRAMMAR`), so that an instant one accepts the others accept.
 *
 * Finer than a millisecond rounds up: the service keeps milliseconds, so for `_from` (inclusive)
 * and `_to` (exclusive) alike the next millisecond selects exactly what the finer instant would.
 */
export const INSTANT_GRAMMAR = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** An instant in epoch milliseconds, or undefined when `text` is not one (a date-time without an offset is not). */
export const instantMs = (text: string): number | undefined => {
  const m = INSTANT_GRAMMAR.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A day the month does not have (31 February) would roll over into the next month.
  if (date.getUTCDate() !== day) return undefined;
  let ms = date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (/[1-9]/.test(fraction.slice(3))) ms += 1;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    ms -= (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return ms;
};

/** ISO 8601 UTC with milliseconds, as the service writes every time (`2026-11-27T21:38:36.123Z`). */
export const isoInstant = (ms: number): string => new Date(ms).toISOString();

/** The UTC form of an instant given as text or a Date, or undefined when `value` is not one. */
export const toUtcInstant = (value: unknown): string | undefined => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string') return undefined;
  const ms = instantMs(value);
  return ms === undefined ? undefined : isoInstant(ms);
};
