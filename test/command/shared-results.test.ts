/**
 * A batch with thousands of commands failing the same way keeps one result for them, however many
 * different problems the process has seen before (the cache of shared results is bounded, and
 * keeps working once full).
 */
import { checkCommand } from '../../src/validate/commands';

const bad = (field: string) => ({ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1, [field]: true });

it('shares the result of a repeated problem even after 10,000 different problems were seen', () => {
  for (let i = 0; i < 10_000; i++) checkCommand(bad(`unknown_${i}`));
  const first = checkCommand(bad('colour'));
  expect(first.valid).toBe(false);
  expect(checkCommand(bad('colour'))).toBe(first);
});

it('gives the same answer for a problem whose shared result was let go', () => {
  const early = checkCommand(bad('early'));
  for (let i = 0; i < 10_000; i++) checkCommand(bad(`later_${i}`));
  const again = checkCommand(bad('early'));
  expect(again.errors).toEqual(early.errors);
});
