/**
 * Ctrl+C while a progress bar is drawn. The bar hides the cursor and turns line wrapping off, and
 * Node's default SIGINT ends the process on the spot, leaving the terminal so; and a run cut
 * short has already queued batches the user needs to know of (they will be applied).
 */

/** Exit codes of a process ended by SIGINT and SIGTERM, as shells report them. */
export const EXIT_BY_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

/** Cursor shown, line wrapping back on, and the bar's line cleared from its start. */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h\r\x1b[K';

/** What a run had sent when it was interrupted; no batch ids at all for a run that sends none (a query). */
export interface Sent {
  batchIds?: readonly string[];
  /** Chunks were still being sent: the one under way may have been queued too. */
  sending?: boolean;
}

/** One line; batch ids are no secret. */
export const interruptedLine = (sent: Sent): string => {
  if (!sent.batchIds) return 'extids: interrupted';
  const queued = sent.batchIds.length
    ? `${sent.batchIds.length === 1 ? 'batch' : `${sent.batchIds.length} batches`} already queued: ${sent.batchIds.join(', ')}`
    : 'no batch queued yet';
  return `extids: interrupted; ${queued}${sent.sending ? '; the request under way may have been queued as well' : ''}`;
};

/** Gives the terminal back and says what was sent, on `stream` (stderr, or a fake terminal in tests). */
export const sayInterrupted = (stream: NodeJS.WritableStream, sent: Sent): void => {
  stream.write(`${RESTORE_TERMINAL}${interruptedLine(sent)}\n`);
};

/**
 * Runs `handler` on the first SIGINT instead of Node's immediate exit; returns what removes it.
 * Once: a second Ctrl+C (should the handler hang on a stalled stdout) ends the process as usual.
 */
export const onInterrupt = (handler: () => void): (() => void) => {
  process.once('SIGINT', handler);
  return () => {
    process.off('SIGINT', handler);
  };
};
