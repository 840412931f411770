/** Run commands' config fields (the command chosen) merged into an action's input, as Workato hands it over: for `exec` and the studio. */
import { ValidationError } from '../errors';
import { suggest } from '../validate/suggest';
import { CliError } from './io';
import { describeOperation } from './describe';

/**
 * The input as Workato hands it to the action: the config fields' values inside it. A field given
 * in both with different values is refused; with a command chosen, a field that command does not
 * take is named with the one meant.
 */
export const withConfigFields = (
  name: string,
  input: Record<string, unknown>,
  config: Record<string, unknown> | undefined,
  choice: string | undefined,
): Record<string, unknown> => {
  if (!config) return input;
  for (const [field, value] of Object.entries(config)) {
    if (field in input && JSON.stringify(input[field]) !== JSON.stringify(value)) {
      throw new CliError(`--input and --config-fields both give ${field}, differently: give it once`);
    }
  }
  if (choice) {
    const known = describeOperation(name, choice).input_fields.filter((f) => !f.name.includes('.')).map((f) => f.name);
    const unknown = Object.keys(input).filter((f) => !known.includes(f) && !(f in config));
    if (unknown.length) {
      // Invalid input, as the runtime's own refusals (exit 1), but naming the chosen command's fields.
      const problems = unknown.map((f) => {
        const near = suggest(f, known);
        return { path: `input.${f}`, message: `unknown field input.${f}: not a field of ${name} with command ${choice}${near ? ` (did you mean ${near}?)` : ''}` };
      });
      throw new ValidationError(`invalid input for ${name}: ${problems.map((p) => p.message).join('; ')}; its fields: ${known.join(', ')}`, problems);
    }
  }
  return { ...input, ...config };
};
