import { validateCommands } from '../../src/validate';

const session = { name: 'MatchSessionCommand', external_id: 'S-1', internal_id: 3, course_id: 9 };
const check = (command: unknown, coerce?: boolean) => validateCommands([command], { coerce })[0];

describe('coercion of loose recipe inputs', () => {
  it('turns a string of digits into an integer id and says so', () => {
    const result = check({ ...session, internal_id: '42', course_id: '9' });
    expect(result).toMatchObject({ valid: true, coerced: ['internal_id', 'course_id'] });
    expect(result.command).toEqual({ ...session, internal_id: 42, course_id: 9 });
  });

  it('turns an integer into an external id or mapping id string', () => {
    expect(check({ ...session, external_id: 42 }).command).toEqual({ ...session, external_id: '42' });
    const map = check({ name: 'MapUserCommand', mapping_id: 7, external_id: 8 });
    expect(map).toMatchObject({ valid: true, coerced: ['mapping_id', 'external_id'], command: { mapping_id: '7', external_id: '8' } });
  });

  it('leaves the input list untouched', () => {
    const input = { ...session, internal_id: '42' };
    check(input);
    expect(input.internal_id).toBe('42');
  });

  it.each([
    ['a leading zero', { internal_id: '042' }, 'internal_id'],
    ['a decimal string', { internal_id: '4.2' }, 'internal_id'],
    ['padding', { internal_id: ' 42' }, 'internal_id'],
    ['a string beyond 2^53', { internal_id: '9007199254740993' }, 'internal_id'],
    ['zero', { internal_id: '0' }, 'internal_id'],
    ['a boolean', { course_id: true }, 'course_id'],
    ['a fractional number as an external id', { external_id: 4.2 }, 'external_id'],
    ['a boolean as an external id', { external_id: false }, 'external_id'],
    ['an integer beyond 2^53 as an external id', { external_id: 2 ** 53 + 2 }, 'external_id'],
  ])('refuses %s, naming the field', (_, patch, field) => {
    const result = check({ ...session, ...patch });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.field)).toEqual([field]);
  });

  it('reports the other problems of a command judged after coercion', () => {
    const result = check({ ...session, internal_id: '42', course_id: 'nine' });
    expect(result).toMatchObject({ coerced: ['internal_id'] });
    expect(result.errors).toEqual([{ field: 'course_id', message: 'course_id must be a positive integer, got a string' }]);
  });

  it('is off for the strict check the service makes', () => {
    const result = check({ ...session, internal_id: '42' }, false);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ field: 'internal_id', message: 'internal_id must be a positive integer, got a string' }]);
  });
});
