/** Progress bars on stderr, only when it is a terminal and the output is for people. */
import { SingleBar, Presets } from 'cli-progress';
import type { BatchProgress } from '../runtime/batch';
import { finish } from './exit';
import { EXIT_BY_SIGNAL, onInterrupt, sayInterrupted, type Sent } from './interrupt';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  /** Run commands' progress: the bar, and the batches already queued, told if the run is interrupted. */
  batches(progress: BatchProgress): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, batches: () => undefined, stop: () => undefined };

export interface ProgressOptions {
  /** Default stderr; tests give a fake terminal. */
  stream?: NodeJS.WriteStream;
  /** What ends the process after Ctrl+C; tests give their own. */
  exit?: (code: number) => unknown;
}

export const progressBar = (enabled: boolean, { stream = process.stderr, exit = finish }: ProgressOptions = {}): Progress => {
  if (!enabled || !stream.isTTY) return silent;
  let bar: SingleBar | undefined;
  let removeHandler: (() => void) | undefined;
  const sent: Sent = {};
  const stop = () => {
    removeHandler?.();
    removeHandler = undefined;
    bar?.stop();
    bar = undefined;
  };
  const progress: Progress = {
    update(done, total, label = '') {
      if (!bar) {
        bar = new SingleBar({ stream, format: ' {bar} {value}/{total} {label}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
        bar.start(total, done, { label });
        // Only while the bar is drawn: otherwise the terminal is as it was, and Node's own exit will do.
        removeHandler = onInterrupt(() => {
          removeHandler = undefined;
          stop();
          sayInterrupted(stream, sent);
          void exit(EXIT_BY_SIGNAL.SIGINT);
        });
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    batches(p) {
      sent.batchIds = p.batchIds;
      sent.sending = p.phase === 'sending' && p.done < p.total;
      // Over every command given: the rejected (and ignored) ones are as settled as the processed.
      progress.update(p.commands - p.total + p.done, p.commands, p.phase);
    },
    stop,
  };
  return progress;
};
