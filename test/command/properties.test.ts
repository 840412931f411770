import fc from 'fast-check';
import { commandToSend, validateCommands } from '../../src/validate';
import { mutatedCommand, validCommand } from '../support/arbitraries';

const check = (command: unknown) => validateCommands([command])[0];

describe('validation, by property', () => {
  it('accepts any command generated valid from the table, as it is', () => {
    fc.assert(
      fc.property(validCommand, ({ row, command }) => {
        const result = check(command);
        expect(result).toMatchObject({ valid: true, row: row.id, errors: [], coerced: [] });
        expect(commandToSend(command, result)).toBe(command);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects any single mutation of a valid command, naming the mutated field', () => {
    fc.assert(
      fc.property(mutatedCommand, ({ command, field }) => {
        const result = check(command);
        expect(result.valid).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
        expect(result.errors.every((e) => e.field === field)).toBe(true);
        expect(result.errors.every((e) => e.message.includes(field))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 5 }), (list) => {
        const results = validateCommands(list);
        expect(results).toHaveLength(list.length);
        for (const r of results) if (!r.valid) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
