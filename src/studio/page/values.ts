/**
 * From what a control holds to what the input takes, as Workato hands values to an action: an
 * empty field is left out; a whole number becomes a number (anything else stays text, for the
 * runtime to refuse in its own words); a multiselect is joined by its delimiter; a date-time
 * picked on the page is an instant in UTC.
 */
import { integerFrom } from '../../runtime/loose-input';
import { instantMs, isoInstant } from '../../values/instant';

/** `"42"` → 42; `"4.5"`, `"abc"` stay as typed; `""` → not given. */
export const numberFrom = (text: string, type: string | undefined): unknown => {
  const t = text.trim();
  if (t === '') return undefined;
  if (type === 'integer') {
    const whole = integerFrom(t);
    return typeof whole === 'number' ? whole : text;
  }
  if (type === 'number') return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text;
  return text;
};

/** A scalar list's item, by the list's `of`. */
export const scalarFrom = (text: string, type: string | undefined): unknown =>
  type === 'integer' || type === 'number' ? numberFrom(text, type) : text === '' ? undefined : text;

/** A `datetime-local` value (`2026-12-01T10:00`, with seconds, or milliseconds), read as UTC: `2026-12-01T10:00:00Z`. */
export const instantFromLocal = (value: string): string | undefined => {
  if (value === '') return undefined;
  return `${/T\d\d:\d\d$/.test(value) ? `${value}:00` : value}Z`;
};

/**
 * An instant (`2026-12-01T10:00:00.123Z`, `…+02:00`) as a `datetime-local` value in UTC, to the
 * millisecond (a pill of `updated_at` must bound a query exactly); undefined when it is none.
 */
export const localFromInstant = (text: string): string | undefined => {
  const ms = instantMs(text);
  if (ms === undefined) return undefined;
  const iso = isoInstant(ms);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
};

/** A pill's value as a field's text: nil is an empty field, as in a recipe. */
export const pillText = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** A boolean field's option list or custom value: `"true"` / `"false"` from the list become booleans; custom text is sent as typed. */
export const booleanFrom = (value: string, custom: boolean): unknown => {
  if (value === '') return undefined;
  if (custom) return value;
  return value === 'true';
};

/** A multiselect's chosen values, joined as Workato hands them over (`"a,b"`), or a list when the field has no delimiter. */
export const joinedSelection = (values: string[], delimiter: string | undefined): unknown =>
  values.length === 0 ? undefined : delimiter === undefined ? values : values.join(delimiter);

/** An object's values without the fields left empty; nothing when all are. */
export const compact = (entries: [string, unknown][]): Record<string, unknown> | undefined => {
  const kept = entries.filter(([, v]) => v !== undefined);
  return kept.length ? Object.fromEntries(kept) : undefined;
};
