/** Progress bars on stderr, only when it is a terminal and the output is for people. */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

export const progressBar = (enabled: boolean): Progress => {
  if (!enabled || !process.stderr.isTTY) return silent;
  let bar: SingleBar | undefined;
  return {
    update(done, total, label = '') {
      if (!bar) {
        bar = new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} {label}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
        bar.start(total, done, { label });
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
};
