/** What the studio page hands the runtime from its controls (src/studio/page/values.ts, DOM-free), as Workato hands values to an action. */
import { booleanFrom, compact, instantFromLocal, joinedSelection, localFromInstant, numberFrom, pillText, scalarFrom } from '../../src/studio/page/values';

describe("the page's values", () => {
  it('makes a whole number of an integer field a number, and leaves anything else as typed for the runtime to refuse', () => {
    expect(numberFrom('42', 'integer')).toBe(42);
    expect(numberFrom(' 7 ', 'integer')).toBe(7);
    expect(numberFrom('-3', 'integer')).toBe(-3);
    for (const text of ['4.5', 'abc', '007', '1e3', '9007199254740993']) expect([text, numberFrom(text, 'integer')]).toEqual([text, text]);
  });

  it('makes a finite number of a number field a number', () => {
    expect(numberFrom('4.5', 'number')).toBe(4.5);
    expect(numberFrom('-1e3', 'number')).toBe(-1000);
    for (const text of ['abc', 'Infinity', 'NaN']) expect([text, numberFrom(text, 'number')]).toEqual([text, text]);
  });

  it('leaves a field left empty out', () => {
    for (const type of ['integer', 'number', 'string', undefined]) expect([type, numberFrom('  ', type), scalarFrom('', type)]).toEqual([type, undefined, undefined]);
  });

  it("reads a list's item by the list's type", () => {
    expect(scalarFrom('12', 'integer')).toBe(12);
    expect(scalarFrom('12', 'string')).toBe('12');
  });

  it('reads a date-time picked on the page as an instant in UTC, and shows an instant back in UTC to the millisecond', () => {
    expect(instantFromLocal('2026-12-01T10:00')).toBe('2026-12-01T10:00:00Z');
    expect(instantFromLocal('2026-12-01T10:00:30')).toBe('2026-12-01T10:00:30Z');
    expect(instantFromLocal('')).toBeUndefined();
    expect(instantFromLocal('2026-12-01T10:00:30.529')).toBe('2026-12-01T10:00:30.529Z');
    expect(localFromInstant('2026-12-01T10:00:00.123Z')).toBe('2026-12-01T10:00:00.123');
    expect(localFromInstant('2026-12-01T10:00:00.000Z')).toBe('2026-12-01T10:00:00');
    expect(localFromInstant('2026-12-01T12:00:00+02:00')).toBe('2026-12-01T10:00:00');
    for (const text of ['2026-12-01', 'soon', '']) expect([text, localFromInstant(text)]).toEqual([text, undefined]);
    expect(localFromInstant(instantFromLocal('2026-12-01T23:59:59')!)).toBe('2026-12-01T23:59:59');
    expect(localFromInstant(instantFromLocal('2026-12-01T23:59:59.001')!)).toBe('2026-12-01T23:59:59.001');
  });

  it('puts a nil pill into a field as an empty field, and any other value as its text', () => {
    expect([pillText(null), pillText(undefined), pillText('a'), pillText(42), pillText(false), pillText({ a: 1 })]).toEqual(['', '', 'a', '42', 'false', '{"a":1}']);
  });

  it('makes booleans of a toggle picked from its list, and sends a custom value as typed', () => {
    expect([booleanFrom('true', false), booleanFrom('false', false), booleanFrom('', false)]).toEqual([true, false, undefined]);
    expect(booleanFrom('{{pill}}', true)).toBe('{{pill}}');
  });

  it("joins a multiselect's values by its delimiter, or keeps them a list without one", () => {
    expect(joinedSelection(['a', 'b'], ',')).toBe('a,b');
    expect(joinedSelection(['a', 'b'], undefined)).toEqual(['a', 'b']);
    expect(joinedSelection([], ',')).toBeUndefined();
  });

  it('leaves out the empty fields of an object, and the object when all are', () => {
    expect(compact([['a', 1], ['b', undefined], ['c', '']])).toEqual({ a: 1, c: '' });
    expect(compact([['a', undefined]])).toBeUndefined();
  });
});
