/**
 * The consumer of the durable command queue: applies accepted batches in the order accepted, in
 * batched transactions, yielding to the HTTP server between them. A batch is marked applied in the
 * same transaction as its effects, so after a crash every accepted command is applied exactly once.
 */
import { isDamage } from './integrity';
import type { DomainStore } from './store';
import { MappingWriter, type Command, type CommandFailure } from './mappings';

/** [index in the request, command table row id, the command] */
export type QueuedCommand = [number, string, Command];

/** About this many commands per transaction: large enough to amortize a commit, small enough to keep answering. */
const COMMANDS_PER_TRANSACTION = 4000;
const BATCHES_PER_READ = 16;

export interface ConsumerOptions {
  /** For tests: nothing is applied, commands stay queued. */
  paused?: boolean;
  /** For tests: each batch stays queued at least this long (ms) after it was accepted. */
  applyDelayMs?: number;
  /**
   * A store whose queue cannot be read or applied (a damaged file): told here, for its domain to
   * be taken out of service, and left alone while the others go on. Without it, the error is thrown.
   */
  onFailure?: (store: DomainStore, error: unknown) => void;
}

export class Consumer {
  private readonly steps = new WeakMap<DomainStore, () => number>();
  private readonly paused: boolean;
  private readonly applyDelayMs: number;
  private readonly onFailure: (store: DomainStore, error: unknown) => void;
  private scheduled = false;
  private stopped = false;
  private waiting: (() => void)[] = [];
  /** Set while the next batch is too young to apply (`applyDelayMs`). */
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stores: () => DomainStore[],
    options: ConsumerOptions = {},
  ) {
    this.paused = options.paused ?? false;
    this.applyDelayMs = options.applyDelayMs ?? 0;
    this.onFailure =
      options.onFailure ??
      ((_store, error) => {
        throw error;
      });
  }

  /** There may be new work. */
  kick(): void {
    if (this.scheduled || this.stopped || this.paused) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Resolves when no accepted command waits (at once when stopped or paused). */
  idle(): Promise<void> {
    if (this.stopped || this.paused || !this.stores().some((s) => this.guarded(s, () => s.hasPending(), false))) return Promise.resolve();
    this.kick();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
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
    let soonest = Infinity;
    for (const store of this.stores()) {
      if (!store.db.open) continue;
      this.guarded(store, () => {
        if (this.step(store)) more = true;
        else soonest = Math.min(soonest, this.untilDue(store));
      }, undefined);
    }
    if (more) this.kick();
    else if (soonest < Infinity) this.later(soonest);
    else this.release();
  }

  /** Ms until the first pending batch of a store may be applied; Infinity when none waits. */
  private untilDue(store: DomainStore): number {
    if (this.applyDelayMs === 0) return Infinity;
    const [next] = store.pendingBatches(1);
    return next ? next.created_at + this.applyDelayMs - Date.now() : Infinity;
  }

  private later(ms: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, Math.max(1, ms));
  }

  /** `work` on one store; a failure that escapes it goes to `onFailure`, and `otherwise` is returned. */
  private guarded<T>(store: DomainStore, work: () => T, otherwise: T): T {
    try {
      return work();
    } catch (e) {
      this.onFailure(store, e);
      return otherwise;
    }
  }

  /** One transaction's worth of one domain's queue; whether more may wait. */
  private step(store: DomainStore): boolean {
    try {
      return this.stepper(store)() > 0;
    } catch (e) {
      // A damaged file fails again however carefully it is tried.
      if (isDamage(e)) throw e;
      // A command that throws (a bug, not a conflict) must neither stop the queue nor take its
      // batch down with it: the first batch goes again, each command in a savepoint of its own.
      return this.carefully(store);
    }
  }

  private carefully(store: DomainStore): boolean {
    const writer = new MappingWriter(store.db);
    const one = store.db.transaction((integrationId: number, rowId: string, command: Command, now: number) => writer.apply(integrationId, rowId, command, now));
    store.db.transaction(() => {
      const [batch] = store.pendingBatches(1);
      if (!batch) return;
      const now = store.clock.next();
      for (const [index, rowId, command] of JSON.parse(batch.queued) as QueuedCommand[]) {
        let failure: CommandFailure | null;
        try {
          failure = one(batch.integration_id, rowId, command, now);
        } catch {
          failure = { field: null, message: 'the command could not be applied (internal error)' };
        }
        if (failure !== null) store.addFailure(batch.seq, index, failure);
      }
      store.markApplied(batch.seq, now);
      store.unapplied.delete(batch.seq);
    }).immediate();
    return true;
  }

  private stepper(store: DomainStore): () => number {
    let step = this.steps.get(store);
    if (!step) {
      const writer = new MappingWriter(store.db);
      // The pending batches are read inside the write transaction (BEGIN IMMEDIATE), so that two
      // emulators pointed at one data dir by mistake still apply each batch once.
      const apply = store.db.transaction((): number => {
        const pending = store.pendingBatches(BATCHES_PER_READ);
        let commands = 0;
        let taken = 0;
        const wall = Date.now();
        // The transaction's one time, taken once it writes (the store's clock: later than any before).
        let now = 0;
        for (const batch of pending) {
          if (taken > 0 && commands + batch.total > COMMANDS_PER_TRANSACTION) break;
          // Batches apply in order: when one is too young, so are the ones after it.
          if (wall - batch.created_at < this.applyDelayMs) break;
          if (taken === 0) now = store.clock.next();
          commands += batch.total;
          taken++;
          // Whatever the integration's status is now: "active" was judged when the batch was
          // committed, and an accepted command is durable (a deactivation stops later batches only).
          const queued = (store.unapplied.get(batch.seq) ?? JSON.parse(batch.queued)) as QueuedCommand[];
          for (const [index, rowId, command] of queued) {
            const failure = writer.apply(batch.integration_id, rowId, command, now);
            if (failure !== null) store.addFailure(batch.seq, index, failure);
          }
          store.markApplied(batch.seq, now);
        }
        // Forgotten only once committed: a transaction that throws is tried again from the database copy.
        for (let k = 0; k < taken; k++) store.unapplied.delete(pending[k].seq);
        return taken;
      });
      step = () => apply.immediate();
      this.steps.set(store, step);
    }
    return step;
  }
}
