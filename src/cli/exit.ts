/** Ending the process once everything it printed is out. */

/**
 * Resolves once what was written to the stream so far has been handed to the OS. Writes to a
 * pipe are queued when the pipe is full (64 KiB on Linux); process.exit drops that queue.
 */
const drained = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((done) => {
    if (stream.destroyed || !stream.writable) return done();
    // A reader that went away (`| head`) ends the wait with EPIPE instead of a crash.
    stream.once('error', () => done());
    // A write's callback runs after every earlier write is through.
    stream.write('', () => done());
  });

/**
 * Exits with `code` once stdout and stderr have drained. It still exits rather than letting the
 * process end by itself: the HTTP agent keeps idle connections open, which would hold it up.
 */
export const finish = async (code: number): Promise<never> => {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
};
