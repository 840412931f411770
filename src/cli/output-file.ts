/**
 * `--output <file>`: checked before anything is sent, written readable by its owner only. Create
 * integration's output holds the only copy of a PSK: a file that cannot be written once the
 * integration exists loses it for good, and a file others can read leaks it.
 */
import { accessSync, closeSync, constants, fchmodSync, openSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

const canAccess = (path: string, mode: number): boolean => {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
};

/** Why `file` cannot be written, or undefined when it can: asked before sending anything. */
export const outputFileProblem = (file: string): string | undefined => {
  const path = resolve(file);
  const folder = dirname(path);
  const existing = statOf(path);
  if (existing?.isDirectory()) return `${file} is a directory; give the path of a file`;
  if (existing) return canAccess(path, constants.W_OK) ? undefined : `${file} is not writable`;
  const parent = statOf(folder);
  if (!parent) return `the folder ${folder} does not exist`;
  if (!parent.isDirectory()) return `${folder} is not a folder`;
  return canAccess(folder, constants.W_OK | constants.X_OK) ? undefined : `cannot create a file in ${folder}`;
};

/** Writes `text` to `file` with mode 0600 (an existing file's too, before any of it is in); the problem if it could not. */
export const writeOutputFile = (file: string, text: string): string | undefined => {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'w', 0o600);
    // The mode given to open applies only to a file it creates.
    fchmodSync(fd, 0o600);
    writeFileSync(fd, text);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `cannot write ${file}${code ? ` (${code})` : ''}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};
