/**
 * One line on stderr, once per jest run however many test files ask for it: how a suite that
 * cannot run here says why it is skipped. Each test file has its own modules (and jest drops the
 * console output of a file whose tests are all skipped), so the line goes straight to stderr, and
 * a marker file named after the jest process keeps it to one; markers of runs that have ended
 * (their process is gone) are removed by the next.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `key` names the marker (one per kind of skip); `line` is written without a trailing newline. */
export const sayOncePerRun = (key: string, line: string): void => {
  const prefix = `extids-${key}-`;
  const jestProcess = process.env.JEST_WORKER_ID && process.send ? process.ppid : process.pid;
  for (const f of readdirSync(tmpdir()).filter((n) => n.startsWith(prefix))) {
    try {
      process.kill(Number(f.slice(prefix.length)), 0);
    } catch {
      rmSync(join(tmpdir(), f), { force: true });
    }
  }
  try {
    writeFileSync(join(tmpdir(), `${prefix}${jestProcess}`), '', { flag: 'wx' });
  } catch {
    return;
  }
  process.stderr.write(`${line}\n`);
};
