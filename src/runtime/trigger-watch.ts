/**
 * Following a trigger: poll, drain a backlog at once while the service says there is more, then
 * wait between polls, until an AbortSignal says stop. The events come as an async iterator.
 */
import type { PollClosure, PollResult, TriggerDeclaration } from '../sdk/define';
import type { Session } from './session';
import { pollWith } from './trigger';

export interface WatchOptions<E> {
  /** Where to resume: a `next_poll` an earlier poll gave (none: the first poll). */
  closure?: PollClosure | null;
  /** The wait between polls once no backlog remains. Default 10,000 ms. */
  intervalMs?: number;
  /** Stops the watch: the iterator then ends (it does not throw), also during a wait or a poll. */
  signal?: AbortSignal;
  /**
   * Told of each poll's result once its events have all been yielded (handled by the loop's
   * body): persisting its `next_poll` there never skips an event. A watch stopped in the middle
   * of a poll's events does not tell that poll, so resuming delivers those events again.
   */
  onPoll?: (result: PollResult<E>) => void;
  /** The clock of the default start; tests give their own. */
  now?: () => number;
}

export const DEFAULT_INTERVAL_MS = 10_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((done) => {
    if (signal?.aborted) return done();
    const stop = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      done();
    };
    const timer = setTimeout(stop, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });

/** `work`, or undefined as soon as `signal` aborts (the work then goes on unheeded, its failure ignored). */
const unlessAborted = <T>(work: Promise<T>, signal?: AbortSignal): Promise<T | undefined> => {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const stop = () => {
      work.catch(() => undefined);
      resolve(undefined);
    };
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', stop), resolve(value)),
      (error) => (signal.removeEventListener('abort', stop), reject(error)),
    );
  });
};

/** The events of a trigger, poll after poll, until `options.signal` aborts. A poll's error ends the watch with that error. */
export async function* watchTrigger<E = Record<string, unknown>>(
  session: Session,
  trigger: TriggerDeclaration,
  input: Record<string, unknown>,
  { closure, intervalMs = DEFAULT_INTERVAL_MS, signal, onPoll, now }: WatchOptions<E> = {},
): AsyncGenerator<E, void, undefined> {
  let next: PollClosure | null | undefined = closure;
  // The cursors given while draining the current backlog: one given again would be a cycle.
  const backlog = new Set<string>();
  while (!signal?.aborted) {
    const result = await unlessAborted(pollWith<E>(session, trigger, input, next, now, backlog), signal);
    if (!result || signal?.aborted) return;
    for (const event of result.events) {
      yield event;
      if (signal?.aborted) return;
    }
    next = result.next_poll;
    onPoll?.(result);
    if (result.can_poll_more) {
      if (result.next_poll.after) backlog.add(result.next_poll.after);
    } else {
      backlog.clear();
      await pause(intervalMs, signal);
    }
  }
}
