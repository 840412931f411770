/** Instants: stored as epoch milliseconds, written as ISO 8601 UTC with milliseconds. */

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * An ISO 8601 instant (any offset, any number of fraction digits) in whole milliseconds, rounded
 * down, or up with `ceil`. Stored times are whole milliseconds, so `t >= bound` and `t < bound`
 * give the same answers against the ceiling as against the exact instant.
 */
export const instantMs = (text: string, ceil = false): number | undefined => {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', , sign, oh, om] = m;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (Number.isNaN(ms)) return undefined;
  const whole = frac.slice(0, 3).padEnd(3, '0');
  ms += +whole;
  if (ceil && /[1-9]/.test(frac.slice(3))) ms += 1;
  if (sign) ms -= (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000;
  return ms;
};
