/**
 * The consumer of the durable command queue: applies accepted batches in the order accepted, in
 * batched transactions, yielding to the HTTP server between them. A batch is marked applied in the
 * same transaction as its effects, so after a crash every accepted command is applied exactly once.
 */
import type { DomainStore, BatchRow } from './store';
import { MappingWriter, type Command } from './mappings';

/** [index in the request, command table row id, the command] */
export type QueuedCommand = [number, string, Command];

/** About this many commands per transaction: large enough to amortize a commit, small enough to keep answering. */
const COMMANDS_PER_TRANSACTION = 4000;
const BATCHES_PER_READ = 16;

export class Consumer {
  private readonly writers = new WeakMap<DomainStore, { writer: MappingWriter; step: (batches: BatchRow[]) => void }>();
  private scheduled = false;
  private stopped = false;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly stores: () => DomainStore[],
    private readonly paused = false,
  ) {}

  /** There may be new work. */
  kick(): void {
    if (this.scheduled || this.stopped || this.paused) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Resolves when no accepted command waits (at once when stopped or paused). */
  idle(): Promise<void> {
    if (this.stopped || this.paused || !this.stores().some((s) => s.hasPending())) return Promise.resolve();
    this.kick();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.release();
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }

  private run(): void {
    this.scheduled = false;
    if (this.stopped) return;
    let more = false;
    for (const store of this.stores()) {
      if (!store.db.open) continue;
      if (this.step(store)) more = true;
    }
    if (more) this.kick();
    else this.release();
  }

  /** One transaction's worth of one domain's queue; whether more may wait. */
  private step(store: DomainStore): boolean {
    const pending = store.pendingBatches(BATCHES_PER_READ);
    if (pending.length === 0) return false;
    let commands = 0;
    let take = 0;
    while (take < pending.length && (take === 0 || commands + pending[take].total <= COMMANDS_PER_TRANSACTION)) commands += pending[take++].total;
    this.stepper(store)(pending.slice(0, take));
    return true;
  }

  private stepper(store: DomainStore): (batches: BatchRow[]) => void {
    let known = this.writers.get(store);
    if (!known) {
      const writer = new MappingWriter(store.db);
      const step = store.db.transaction((batches: BatchRow[]) => {
        const now = Date.now();
        for (const batch of batches) {
          const queued = JSON.parse(batch.queued) as QueuedCommand[];
          for (const [index, rowId, command] of queued) {
            const failure = writer.apply(batch.integration_id, rowId, command, now);
            if (failure !== null) store.addFailure(batch.seq, index, failure);
          }
          store.markApplied(batch.seq, now);
        }
      });
      known = { writer, step };
      this.writers.set(store, known);
    }
    return known.step;
  }
}
