import { commandFields } from '../../connector/fields';
import { fieldsOf } from '../../connector/commands';
import { exampleCommand } from '../../src/compile/examples';
import { ValidationError } from '../../src/errors';
import { assertCommands, commandToSend, explainChecks, validateCommands } from '../../src/validate';
import { rows, rowsWithRequired } from '../support/table';

const check = (command: unknown) => validateCommands([command])[0];

describe('validateCommands, for every row of the table', () => {
  it.each(rows)('accepts a valid %s', (_, row) => {
    const result = check(exampleCommand(row));
    expect(result).toMatchObject({ valid: true, name: row.name, row: row.id, errors: [] });
  });

  it.each(rows)('accepts %s without its optional metadata', (_, row) => {
    const { metadata: _m, ...command } = exampleCommand(row);
    expect(check(command).valid).toBe(true);
  });

  it.each(rowsWithRequired)('rejects %s missing any required field, naming it', (_, row) => {
    for (const field of row.required) {
      const { [field]: _dropped, ...command } = exampleCommand(row);
      const result = check(command);
      expect(result.valid).toBe(false);
      expect(result.errors).toContainEqual({ field, message: expect.stringMatching(new RegExp(`^missing required field ${field}\\b`)) });
    }
  });

  it.each(rows)('rejects %s with a field it does not take, naming it', (_, row) => {
    const notTaken = [...Object.keys(commandFields), 'color'].filter((f) => !fieldsOf(row).includes(f as never));
    for (const field of notTaken) {
      const result = check({ ...exampleCommand(row), [field]: field === 'metadata' ? {} : 'x' });
      expect(result.valid).toBe(false);
      expect(result.errors).toContainEqual({ field, message: expect.stringContaining(`unknown field ${field}`) });
    }
  });

  it.each(rowsWithRequired)('rejects %s with a wrongly typed field, naming it', (_, row) => {
    for (const field of row.required) {
      const result = check({ ...exampleCommand(row), [field]: [1] });
      expect(result.valid).toBe(false);
      expect(result.errors).toEqual([{ field, message: expect.stringMatching(new RegExp(`^${field} must be .*, got an array$`)) }]);
    }
  });
});

describe('validateCommands, its messages', () => {
  it('names the index, the command and the field of every problem', () => {
    const results = validateCommands([
      exampleCommand(rows[0][1]),
      { name: 'MatchSessionCommand', external_id: 'S-1', internal_id: 3 },
    ]);
    expect(explainChecks(results)).toEqual(['commands[1] (MatchSessionCommand): missing required field course_id']);
  });

  it('reports every problem of one command, not only the first', () => {
    const result = check({ name: 'MatchCourseCommand', internal_id: 0, colour: 'red', metadata: [] });
    expect(result.errors.map((e) => e.field)).toEqual(['external_id', 'internal_id', 'metadata', 'colour']);
    expect(result.errors.map((e) => e.message)).toEqual([
      'missing required field external_id',
      'internal_id must be a positive integer, got the number 0',
      'metadata must be an object of key-value pairs, got an array',
      'unknown field colour: MatchCourseCommand takes external_id, internal_id, metadata',
    ]);
  });

  it('suggests the command meant by a misspelled or shortened name', () => {
    expect(check({ name: 'MatchUsrCommand' }).errors).toEqual([
      { field: 'name', message: 'unknown command "MatchUsrCommand" (did you mean MatchUserCommand?)' },
    ]);
    expect(check({ name: 'resetallcoursesmatch' }).errors[0].message).toContain('did you mean ResetAllCoursesMatchCommand?');
    expect(check({ name: 'Frobnicate' }).errors[0].message).toBe('unknown command "Frobnicate"');
  });

  it('does not echo a very long unknown name, nor look for a command it could mean', () => {
    expect(check({ name: 'M'.repeat(100_000) }).errors).toEqual([{ field: 'name', message: 'unknown command (a name of 100000 characters)' }]);
    expect(check({ name: `${'MatchUserCommand'.repeat(3)}` }).errors[0].message).not.toContain('did you mean');
  });

  it('reports a command without a string name with name null', () => {
    expect(check({ external_id: 'x' })).toMatchObject({ name: null, errors: [{ field: 'name', message: 'missing required field name' }] });
    expect(check({ name: 7 })).toMatchObject({ name: null, errors: [{ field: 'name', message: 'name must be a string naming a command, got the number 7' }] });
    expect(check('MatchUserCommand')).toMatchObject({ name: null, errors: [{ field: null, message: 'must be an object, got a string' }] });
    expect(check(null).valid).toBe(false);
    expect(check([]).valid).toBe(false);
  });

  it('rejects an external id longer than 255 characters and a malformed UUID', () => {
    const user = exampleCommand(rows[0][1]);
    expect(check({ ...user, external_id: 'x'.repeat(256) }).errors[0].message).toBe(
      'external_id must be a non-empty string of at most 255 characters, got a string of 256 characters',
    );
    expect(check({ ...user, external_id: 'x'.repeat(255) }).valid).toBe(true);
    expect(check({ ...user, internal_uuid: 'not-a-uuid' }).errors[0]).toEqual({
      field: 'internal_uuid',
      message: 'internal_uuid must be a UUID, got a string',
    });
  });

  it('judges MapUserCommand by the shape it comes closest to', () => {
    const internal = { name: 'MapUserCommand', mapping_id: 'ann@example.com', internal_id: 12, internal_uuid: '7f3c2a10-5b1e-4c2d-9a4f-000000000001' };
    const external = { name: 'MapUserCommand', mapping_id: 'ann@example.com', external_id: 'E-12', metadata: { hr: true } };
    expect(check(internal)).toMatchObject({ valid: true, row: 'MapUserCommand.internal' });
    expect(check(external)).toMatchObject({ valid: true, row: 'MapUserCommand.external' });
    expect(check({ ...internal, metadata: {} }).errors).toEqual([
      { field: 'metadata', message: 'unknown field metadata: MapUserCommand (internal matching) takes mapping_id, internal_id, internal_uuid' },
    ]);
    expect(check({ name: 'MapUserCommand', mapping_id: 'ann@example.com' }).errors).toEqual([
      { field: 'external_id', message: 'missing required field external_id for MapUserCommand (external matching)' },
    ]);
  });

  it('keeps the valid commands of a list when others are invalid, each result at its index', () => {
    const list = rows.map(([, r], i) => (i % 2 ? { ...exampleCommand(r), bogus: 1 } : exampleCommand(r)));
    const results = validateCommands(list);
    expect(results).toHaveLength(list.length);
    expect(results.map((r) => r.valid)).toEqual(list.map((_, i) => i % 2 === 0));
    expect(results.map((r) => r.name)).toEqual(list.map((c) => c.name));
    expect(results.flatMap((r, i) => (r.valid ? [commandToSend(list[i], r)] : []))).toEqual(list.filter((_, i) => i % 2 === 0));
  });
});

describe('assertCommands', () => {
  it('returns the commands to send when all are valid', () => {
    expect(assertCommands([{ name: 'ResetAllUsersMatchCommand' }])).toEqual([{ name: 'ResetAllUsersMatchCommand' }]);
  });

  it('throws a ValidationError whose details name each problem', () => {
    let error: unknown;
    try {
      assertCommands([{ name: 'ResetAllUsersMatchCommand' }, { name: 'ResetCourseMatchCommand' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'commands[1].internal_id', message: 'commands[1] (ResetCourseMatchCommand): missing required field internal_id' }],
    });
  });
});
