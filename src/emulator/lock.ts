/**
 * One emulator per data directory. Two would share the databases yet each keep its own token cache
 * and verified PSKs, so they would disagree (an integration created through one refused by the
 * other). The lock is a file holding its holder's pid, created exclusively; one whose process is
 * gone (killed, crashed: nothing removed it) is taken over, so that a restart after SIGKILL works.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'emulator.lock';

/** Another live process holds the data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    /** Undefined only when the lock kept changing hands while this one tried to take it. */
    readonly pid: number | undefined,
  ) {
    super(`the data directory ${dataDir} is in use by another emulator (${pid === undefined ? 'one starting' : `process ${pid}`}); stop that one, or use another data directory`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  /** Removes the lock file, if it is still ours. */
  release(): void;
}

export type LockResult = { lock: DataDirLock } | { refused: DataDirInUseError };

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid in a lock file; undefined when there is none, or none readable. */
const holderOf = (file: string): number | undefined => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

export const lockDataDir = (dataDir: string): LockResult => {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const mine = `${process.pid}\n`;
  // A few tries: a stale lock removed, the exclusive create may still lose to another starter.
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return {
        lock: {
          release: () => {
            if (holderOf(file) === process.pid) rmSync(file, { force: true });
          },
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = holderOf(file);
    // Our own pid is held too: a second emulator in this process must not share the directory.
    if (holder !== undefined && alive(holder)) return { refused: new DataDirInUseError(dir, holder) };
    if (attempt >= 2) return { refused: new DataDirInUseError(dir, holder) };
    // Stale (its process is gone) or unreadable (a holder that died before writing its pid).
    rmSync(file, { force: true });
  }
};
