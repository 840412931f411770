/**
 * The sliding windows behind `--rate-limit` and the bounds on guessing: what they admit, the wait
 * they tell (the Retry-After a client is given), and the memory they keep. A clock is passed in.
 */
import { SlidingWindows, waitAll } from '../../src/emulator/throttle';

describe('sliding windows', () => {
  it('take `limit` events in any window and tell truthfully when the next one will be taken', () => {
    const w = new SlidingWindows(3, 10_000);
    expect([w.take('k', 0), w.take('k', 1_000), w.take('k', 2_500)]).toEqual([0, 0, 0]);
    // The oldest leaves at 10 s: at 4 s that is 6 s away, and a refused event does not count.
    expect(w.take('k', 4_000)).toBe(6);
    expect(w.take('k', 9_999)).toBe(1);
    expect(w.take('k', 10_000)).toBe(0);
    // Now 1 s, 2.5 s and 10 s are in the window: the next leaves at 11 s.
    expect(w.take('k', 10_500)).toBe(1);
    expect(w.take('k', 11_000)).toBe(0);
    // Other keys count apart.
    expect(w.take('other', 11_000)).toBe(0);
  });

  it('count attempts held until they are released, asking a second when those alone fill the limit', () => {
    const w = new SlidingWindows(2, 60_000);
    w.hold('k', 0);
    w.hold('k', 0);
    expect(w.wait('k', 0)).toBe(1);
    w.release('k');
    expect(w.wait('k', 0)).toBe(0);
    w.record('k', 0);
    w.release('k');
    w.record('k', 5_000);
    // Two failures recorded: the first leaves the window at 60 s.
    expect(w.wait('k', 30_000)).toBe(30);
    expect(waitAll([[w, 'k'], [new SlidingWindows(1, 1_000), 'free']], 30_000)).toBe(30);
  });

  it('remember at most `maxKeys` keys: idle ones are forgotten first, then the longest unheard', () => {
    const w = new SlidingWindows(1, 60_000, 2);
    w.take('busy', 0);
    w.take('idle', 0);
    // At 60 s 'idle' has nothing left in its window; 'busy' is taken again and keeps counting.
    expect(w.take('busy', 60_000)).toBe(0);
    w.take('new', 60_000);
    expect(w.take('busy', 60_001)).toBeGreaterThan(0);
    // Both remembered keys count: the longest unheard ('new') goes to make room.
    w.take('newer', 60_002);
    expect(w.take('busy', 60_003)).toBeGreaterThan(0);
    expect(w.take('new', 60_004)).toBe(0);
  });

  it('keep no more than `limit` event times a key, however many are recorded', () => {
    const w = new SlidingWindows(3, 60_000);
    for (let t = 0; t < 1_000; t++) w.record('k', t);
    // Only the last three matter: the wait is until the third newest (997 ms) leaves.
    expect(w.wait('k', 1_000)).toBe(Math.ceil((997 + 60_000 - 1_000) / 1000));
  });
});
