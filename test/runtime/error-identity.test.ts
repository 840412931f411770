/**
 * `instanceof ValidationError` / `ApiError` hold across two copies of the errors module, as when
 * the CommonJS build throws and the ESM build's class is asked (or the other way round).
 */
import * as here from '../../src/errors';

const otherCopy = (): typeof here => {
  let copy: typeof here | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof here>('../../src/errors');
  });
  return copy!;
};

describe('error identity across builds', () => {
  const there = otherCopy();

  it('loads a second, distinct copy of the classes (the premise of the test)', () => {
    expect(there.ValidationError).not.toBe(here.ValidationError);
  });

  it('recognises a ValidationError thrown by the other copy', () => {
    const e = new there.ValidationError('bad', [{ path: 'input.x', message: 'bad' }]);
    expect(e instanceof here.ValidationError).toBe(true);
    expect(e instanceof here.ApiError).toBe(false);
    expect(e instanceof Error).toBe(true);
  });

  it('recognises an ApiError thrown by the other copy, with its status and code', () => {
    const e = new there.ApiError(503, 'unavailable', 'try later');
    expect(e instanceof here.ApiError).toBe(true);
    expect(e instanceof here.ValidationError).toBe(false);
    expect([e.status, e.code]).toEqual([503, 'unavailable']);
  });

  it('does not take a look-alike for one of them', () => {
    const fake = Object.assign(new Error('x'), { name: 'ApiError', status: 500, code: 'internal' });
    expect(fake instanceof here.ApiError).toBe(false);
    expect({ code: 'invalid_request' } instanceof here.ValidationError).toBe(false);
    expect((null as unknown as object) instanceof here.ValidationError).toBe(false);
  });
});
