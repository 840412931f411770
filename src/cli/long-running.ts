/** What the commands that run until stopped share (`serve`, `studio`): a port flag, and waiting for Ctrl+C or SIGTERM. */
import { InvalidArgumentError } from 'commander';

/** A flag taking a whole number from `min` to `max`. */
export const whole = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}`);
  return n;
};

/** Resolves on the first SIGINT or SIGTERM. */
export const untilSignal = (): Promise<NodeJS.Signals> =>
  new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
