/**
 * The open domain databases, created with a domain's first integration and reopened at start. A
 * domain whose database turns out damaged — at start, in the consumer, in a request — is out of
 * service alone: closed, its requests answered 503, one log line naming the file; the other
 * domains keep serving.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiError } from '../errors';
import type { WallClock } from './clock';
import { describeFailure, inspectDataDir, isDamage, RegistryDamageError } from './integrity';
import type { Durability } from './options';
import { apiError } from './problems';
import { Registry, REGISTRY_FILE, type DomainEntry } from './registry';
import { DomainStore } from './store';

export interface DomainsOptions {
  /** What the domains' write clocks read (`EmulatorOptions.now`). */
  wall?: WallClock;
  durability?: Durability;
  /** Where a domain taken out of service is told of. */
  log?: (line: string) => void;
}

export class Domains {
  readonly registry: Registry;
  private readonly open = new Map<string, DomainStore>();
  /** Each opened domain's entry: its file is named without asking the registry, which may be the damaged one. */
  private readonly entries = new Map<string, DomainEntry>();
  /** The answer each domain out of service gets. */
  private readonly outOfService = new Map<string, ApiError>();
  /** The last batch seq the registry was told of, by domain. */
  private readonly acknowledged = new Map<string, number>();
  private registryDamage: ApiError | undefined;
  private readonly log: (line: string) => void;

  constructor(
    private readonly dataDir: string,
    private readonly options: DomainsOptions = {},
  ) {
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
    mkdirSync(dataDir, { recursive: true });
    // Before anything is opened for writing: a refused directory is left as it was.
    const inspection = inspectDataDir(dataDir);
    this.registry = new Registry(dataDir, options.durability);
    try {
      // Every known domain is opened at once, so that the consumer resumes their queues.
      for (const entry of this.registry.domains()) {
        const damage = inspection.damaged.get(entry.file);
        if (damage !== undefined) this.takeOutOfService(entry, damage);
        else this.openStore(entry);
      }
      const record = () => {
        for (const { domain, uuid } of inspection.unregistered) this.registry.recordIntegration(domain, uuid);
      };
      if (this.registry.recordsIntegrity) record();
      else this.registry.startRecording(record);
      for (const store of this.open.values()) this.acknowledge(store);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** The domain's database; undefined when the domain has none yet, or is out of service. */
  get(domain: string): DomainStore | undefined {
    return this.open.get(domain);
  }

  /** The domain's database, created on first use. */
  create(domain: string): DomainStore {
    this.assertServing(domain);
    const known = this.open.get(domain);
    if (known) return known;
    const entry = this.inRegistry(() => this.registry.domain(domain) ?? this.registry.addDomain(domain));
    const store = this.openStore(entry);
    if (!store) throw this.outOfService.get(domain)!;
    return store;
  }

  /** The domains in service. */
  stores(): DomainStore[] {
    return [...this.open.values()];
  }

  /** Throws the 503 a domain out of service answers. */
  assertServing(domain: string): void {
    const refusal = this.outOfService.get(domain);
    if (refusal) throw refusal;
  }

  /**
   * The answer for a request of `domain` that failed with `error`, when the failure is storage's:
   * damage to the domain's database takes the domain out of service (and damage to the registry,
   * met before any domain is known, is told once); undefined for any other failure.
   */
  failure(error: unknown, domain: string | undefined): ApiError | undefined {
    if (error instanceof RegistryDamageError || (domain === undefined && isDamage(error))) {
      if (!this.registryDamage) {
        this.log(`extids emulator: its registry ${join(this.dataDir, REGISTRY_FILE)} is damaged (${describeFailure(error)}); requests are answered 503 until it is restored from a backup and the emulator restarted`);
        this.registryDamage = apiError('unavailable', `the emulator's registry (${REGISTRY_FILE}) is damaged; it cannot serve until the file is restored and the emulator restarted`);
      }
      return this.registryDamage;
    }
    if (domain === undefined) return undefined;
    if (isDamage(error)) {
      const entry = this.entries.get(domain);
      if (entry) this.takeOutOfService(entry, describeFailure(error));
    }
    return this.outOfService.get(domain);
  }

  /**
   * Takes the domain out of service after a failure of its database that was not a request's
   * fault (the consumer's: it could not go on applying the queue).
   */
  fail(domain: string, error: unknown): void {
    const entry = this.entries.get(domain);
    if (entry) this.takeOutOfService(entry, describeFailure(error), isDamage(error) ? 'is damaged' : 'failed');
  }

  /**
   * Records in the registry the batches the domain's database has committed, before they are
   * acknowledged, so that a start notices when they are gone. Cheap when nothing is new.
   */
  acknowledge(store: DomainStore): void {
    const seq = store.lastBatchSeq();
    if (seq <= (this.acknowledged.get(store.domain) ?? 0)) return;
    this.inRegistry(() => this.registry.acknowledgeBatches(store.domain, seq));
    this.acknowledged.set(store.domain, seq);
  }

  close(): void {
    for (const store of this.open.values()) store.close();
    this.open.clear();
    this.registry.close();
  }

  /** Opens a domain's database; a damaged one takes the domain out of service instead (undefined). */
  private openStore(entry: DomainEntry): DomainStore | undefined {
    this.entries.set(entry.domain, entry);
    try {
      const store = new DomainStore(entry.domain, join(this.dataDir, entry.file), this.options.wall, {
        durability: this.options.durability,
        integrationAdded: (uuid) => this.inRegistry(() => this.registry.recordIntegration(entry.domain, uuid)),
      });
      this.open.set(entry.domain, store);
      return store;
    } catch (e) {
      if (!isDamage(e)) throw e;
      this.takeOutOfService(entry, describeFailure(e));
      return undefined;
    }
  }

  private takeOutOfService(entry: DomainEntry, reason: string, state = 'is damaged'): void {
    if (this.outOfService.has(entry.domain)) return;
    this.open.get(entry.domain)?.close();
    this.open.delete(entry.domain);
    this.outOfService.set(
      entry.domain,
      apiError('unavailable', `the database of domain ${entry.domain} (${entry.file}) ${state}; the domain is out of service until the file is restored and the emulator restarted`),
    );
    this.log(
      `extids emulator: domain ${entry.domain} is out of service: its database ${join(this.dataDir, entry.file)} ${state} (${reason}); its requests are answered 503 until the file is restored from a backup and the emulator restarted; the other domains keep serving`,
    );
  }

  /** Runs a registry call of a request, telling its damage apart from the domain database's. */
  private inRegistry<T>(call: () => T): T {
    try {
      return call();
    } catch (e) {
      throw isDamage(e) ? new RegistryDamageError(e) : e;
    }
  }
}
