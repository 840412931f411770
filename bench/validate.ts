/**
 * Validation speed: 100,000 commands of all 24 shapes, about 10% invalid (a required field
 * missing, a field the command does not take, a value of the wrong type), checked with the built
 * package's validateCommands, against JSON.parse of the same batch serialized, in the same run.
 * Target: validation at most half the time of parsing.
 */
import { commandFields } from '../connector/fields';
import { fieldsOf } from '../connector/commands';
import { median, type BenchResult } from './measure';
import { built } from './built';

const N = 100_000;

const batch = (): unknown[] => {
  const { commandTable, exampleCommand } = built();
  return Array.from({ length: N }, (_, i) => {
    const row = commandTable[i % commandTable.length];
    const command = exampleCommand(row, i);
    if (i % 10 !== 7) return command;
    const fields = fieldsOf(row).filter((f) => f !== 'metadata');
    switch (Math.floor(i / 10) % 3) {
      case 0:
        if (fields.length) {
          delete command[fields[0]];
          return command;
        }
        break;
      case 1:
        if (fields.length) {
          const field = fields[i % fields.length];
          command[field] = commandFields[field].kind === 'id' ? `n/a ${i}` : i % 2 === 0;
          return command;
        }
        break;
    }
    command.colour = 'red';
    return command;
  });
};

export const benchValidate = (): BenchResult => {
  const { validateCommands } = built();
  const text = JSON.stringify(batch());
  const parsed = JSON.parse(text) as unknown[];
  const invalid = validateCommands(parsed).filter((r) => !r.valid).length; // also warms up: compile and JIT
  let parseMs = 0;
  let validateMs = 0;
  // Interleaved, so that both see the same machine.
  for (let round = 0; round < 3; round++) {
    parseMs += median(5, () => JSON.parse(text));
    validateMs += median(5, () => validateCommands(parsed));
  }
  parseMs /= 3;
  validateMs /= 3;
  const ratio = validateMs / parseMs;
  const perSecond = Math.round(N / (validateMs / 1000));
  return {
    name: 'validate',
    summary: `validate: ${perSecond.toLocaleString('en')} commands/s (${N.toLocaleString('en')} commands, ${invalid.toLocaleString('en')} invalid, ${(text.length / 1e6).toFixed(1)} MB); validation ${validateMs.toFixed(1)} ms vs JSON.parse ${parseMs.toFixed(1)} ms: ratio ${ratio.toFixed(3)} (target <= 0.5)`,
    figures: { commands: N, invalid, commands_per_second: perSecond, validate_ms: validateMs, parse_ms: parseMs, ratio },
    pass: ratio <= 0.5,
  };
};
