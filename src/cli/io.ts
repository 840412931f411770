/** Reading the CLI's inputs and writing its outputs. */
import { readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { jsonFault } from './json-fault';
import { outputFileProblem, writeOutputFile } from './output-file';

/** A problem explained in one line on stderr, with a non-zero exit. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Where standard input went: it can be read once, so only one flag may be `-`. */
let stdinReadBy: string | undefined;

/** Forgets which flag read standard input: once per command line (main calls it). */
export const resetStandardInput = (): void => {
  stdinReadBy = undefined;
};

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** All of standard input, waiting for its end (a non-blocking stdin answers EAGAIN until data comes). */
const readStandardInput = (): Buffer => {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleepSync(5);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks);
};

const stdinText = (flag: string): string => {
  if (stdinReadBy !== undefined) {
    throw new CliError(`${stdinReadBy} and ${flag} both read standard input (-): give only one of them as -, the other as a file or inline JSON`);
  }
  stdinReadBy = flag;
  if (process.stdin.isTTY) process.stderr.write(`extids: reading ${flag} from standard input; end it with Ctrl+D\n`);
  try {
    return readStandardInput().toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${flag}: cannot read standard input${code ? ` (${code})` : ''}`);
  }
};

const fileText = (file: string, flag: string): string => {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    throw new CliError(`${flag}: cannot read file ${file}`);
  }
  if (stats.isDirectory()) throw new CliError(`${flag}: ${file} is a directory, not a JSON file`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${flag}: cannot read file ${file}`);
  }
};

/**
 * A value given as inline JSON, as the path of a JSON file, or as `-`: standard input, read whole
 * as UTF-8. A byte-order mark at the start is dropped; a syntax error is told by line and column,
 * never by the text around it (it may hold a secret).
 */
export const readJsonArgument = (value: string, flag: string): unknown => {
  const stdin = value === '-';
  const inline = !stdin && /^\s*[[{]/.test(value);
  const text = (stdin ? stdinText(flag) : inline ? value : fileText(value, flag)).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the fault, which may hold a secret.
    const where = stdin ? 'standard input' : inline ? 'the value' : value;
    const fault = jsonFault(text);
    throw new CliError(`${flag}: ${where} is not valid JSON${fault ? `: ${fault}` : ''}`);
  }
};

/** A JSON object argument. */
export const readJsonObject = (value: string, flag: string): Record<string, unknown> => {
  const parsed = readJsonArgument(value, flag);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError(`${flag}: expected a JSON object`);
  return parsed as Record<string, unknown>;
};

/** The connection from `--connection`, or from the EXTIDS_CONNECTION environment variable. */
export const readConnection = (value: string | undefined): Record<string, unknown> => {
  const given = value ?? process.env.EXTIDS_CONNECTION;
  if (!given) throw new CliError('--connection: give a connection file or JSON (or set EXTIDS_CONNECTION)');
  // A problem is told by where the value came from: the user may never have typed --connection.
  return readJsonObject(given, value === undefined ? 'EXTIDS_CONNECTION' : '--connection');
};

/** Throws (exit 2, naming --output) unless the output file can be written: before sending anything. */
export const checkOutputFile = (file: string | undefined): void => {
  const problem = file === undefined ? undefined : outputFileProblem(file);
  if (problem) throw new CliError(`--output: ${problem}`);
};

/** Prints `value` as JSON, or writes it to `file` (mode 0600: it may hold a secret). */
export const writeJson = (value: unknown, file?: string): void => writeText(JSON.stringify(value, null, 2) + '\n', file);

/** Prints `text`, or writes it to `file` (mode 0600). */
export const writeText = (text: string, file?: string): void => {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const problem = writeOutputFile(file, text);
  if (problem) throw new CliError(`--output: ${problem}`);
};
