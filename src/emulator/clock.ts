/**
 * A domain's write clock (docs/contract-extensions.md): every write transaction on the mappings
 * takes its time from here, strictly later than the previous one's, whatever the wall clock does.
 */

export type WallClock = () => number;

export class WriteClock {
  private last: number;

  /** `last`: the latest time the database already holds, so that a restart never goes back. */
  constructor(
    private readonly wall: WallClock,
    last: number,
  ) {
    this.last = Number.isFinite(last) ? last : -Infinity;
  }

  /**
   * The time of a new write transaction. Strictly increasing, so that the rows sharing one
   * updated_at were all written by one transaction: keyset cursors and (key, updated_at) are exact.
   */
  next(): number {
    this.last = Math.max(Math.floor(this.wall()), this.last + 1);
    return this.last;
  }
}
