/** Reading the CLI's inputs and writing its outputs. */
import { readFileSync } from 'node:fs';
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

/** A value given as inline JSON or as the path of a JSON file. */
export const readJsonArgument = (value: string, flag: string): unknown => {
  const inline = /^\s*[[{]/.test(value);
  let text: string;
  if (inline) text = value;
  else {
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw new CliError(`${flag}: cannot read file ${value}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the fault, which may hold a secret.
    throw new CliError(`${flag}: ${inline ? 'the value' : value} is not valid JSON`);
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
export const writeJson = (value: unknown, file?: string): void => {
  const text = JSON.stringify(value, null, 2) + '\n';
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const problem = writeOutputFile(file, text);
  if (problem) throw new CliError(`--output: ${problem}`);
};
