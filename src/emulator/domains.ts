/** The open domain databases, created with a domain's first integration and reopened at start. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WallClock } from './clock';
import { Registry } from './registry';
import { DomainStore } from './store';

export class Domains {
  readonly registry: Registry;
  private readonly open = new Map<string, DomainStore>();

  constructor(
    private readonly dataDir: string,
    /** What the domains' write clocks read (`EmulatorOptions.now`). */
    private readonly wall: WallClock = Date.now,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.registry = new Registry(dataDir);
    // Every known domain is opened at once, so that the consumer resumes their queues.
    for (const entry of this.registry.domains()) this.open.set(entry.domain, new DomainStore(entry.domain, join(dataDir, entry.file), wall));
  }

  /** The domain's database; undefined when the domain has none yet. */
  get(domain: string): DomainStore | undefined {
    return this.open.get(domain);
  }

  /** The domain's database, created on first use. */
  create(domain: string): DomainStore {
    const known = this.open.get(domain);
    if (known) return known;
    const entry = this.registry.domain(domain) ?? this.registry.addDomain(domain);
    const store = new DomainStore(domain, join(this.dataDir, entry.file), this.wall);
    this.open.set(domain, store);
    return store;
  }

  stores(): DomainStore[] {
    return [...this.open.values()];
  }

  close(): void {
    for (const store of this.open.values()) store.close();
    this.open.clear();
    this.registry.close();
  }
}
