/** An integration's list of events: known names, no duplicates, the article's alias made canonical. */
import { acceptedEventNames, canonicalEventName } from '../../connector/events';
import type { ErrorDetail } from '../errors';
import { describeValue } from './describe';
import { suggest } from './suggest';

export interface EventsCheck {
  /** The canonical names, in input order, when there is no problem. */
  events: string[];
  problems: ErrorDetail[];
}

export const checkEvents = (input: unknown, path = 'events'): EventsCheck => {
  if (!Array.isArray(input)) return { events: [], problems: [{ path, message: `${path} must be a list of event names, got ${describeValue(input)}` }] };
  const events: string[] = [];
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  input.forEach((name, i) => {
    const at = `${path}[${i}]`;
    if (typeof name !== 'string') {
      problems.push({ path: at, message: `${at} must be an event name, got ${describeValue(name)}` });
      return;
    }
    const canonical = canonicalEventName(name);
    if (!canonical) {
      const near = suggest(name, acceptedEventNames);
      // A long name is not echoed: messages stay short, whatever the input.
      const shown = name.length > 120 ? `(a name of ${name.length} characters)` : JSON.stringify(name);
      problems.push({ path: at, message: `${at}: unknown event ${shown}${near ? ` (did you mean ${near}?)` : ''}` });
      return;
    }
    const first = seen.get(canonical);
    if (first !== undefined) {
      problems.push({ path: at, message: `${at}: ${canonical} is already listed at ${path}[${first}]` });
      return;
    }
    seen.set(canonical, i);
    events.push(canonical);
  });
  return { events, problems };
};
