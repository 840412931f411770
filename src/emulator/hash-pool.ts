/**
 * PSK hashing, bounded: scrypt costs tens of milliseconds and 16 MiB a call, so at most
 * `concurrency` run at a time, and the callers waiting take turns by client — a client that
 * sends hundreds of guesses at once waits behind its own guesses, not in front of everyone else's.
 */
/** Told, in order, of each hash queued and each started, with its owner: what tests and measurements watch. */
export interface HashPoolObserver {
  queued?(owner: string): void;
  started?(owner: string): void;
}

export class HashPool {
  private running = 0;
  private observer: HashPoolObserver = {};
  private highest = 0;
  /** Waiting starts by client; the Map's order is the order of turns. */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly concurrency: number) {}

  /** Hashes running now. */
  get active(): number {
    return this.running;
  }

  /** The most hashes that ever ran at once: never more than `concurrency`. */
  get peak(): number {
    return this.highest;
  }

  /** Watches the pool from now on, in place of any observer before. */
  observe(observer: HashPoolObserver): void {
    this.observer = observer;
  }

  /** Runs `work` once a slot is free and it is `owner`'s turn. */
  async run<T>(owner: string, work: () => Promise<T>): Promise<T> {
    const turn = new Promise<void>((go) => {
      const queue = this.waiting.get(owner);
      if (queue) queue.push(go);
      else this.waiting.set(owner, [go]);
    });
    this.observer.queued?.(owner);
    this.next();
    await turn;
    try {
      return await work();
    } finally {
      this.running--;
      this.next();
    }
  }

  /** While a slot is free, the first client in turn starts one hash and goes to the back of the line. */
  private next(): void {
    while (this.running < this.concurrency) {
      const first = this.waiting.entries().next();
      if (first.done) return;
      const [owner, queue] = first.value;
      this.waiting.delete(owner);
      const go = queue.shift()!;
      if (queue.length > 0) this.waiting.set(owner, queue);
      this.running++;
      this.highest = Math.max(this.highest, this.running);
      this.observer.started?.(owner);
      go();
    }
  }
}
