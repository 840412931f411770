/** Creating, reading and updating integrations (docs/contract.md §3). */
import { randomUUID } from 'node:crypto';
import type { ErrorDetail } from '../errors';
import { checkEvents } from '../validate/events';
import type { Domains } from './domains';
import type { HashPool } from './hash-pool';
import { hashPsk, newPsk } from './psk';
import type { DomainStore, IntegrationRow } from './store';
import type { CreateIntegrationRequest, UpdateIntegrationRequest } from '../types/generated';
import { iso } from './time';

export const integrationJson = (row: IntegrationRow) => ({
  uuid: row.uuid,
  name: row.name,
  status: row.status,
  events: JSON.parse(row.events) as string[],
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});

/**
 * The schema checks names against the accepted event names; `checkEvents` says more about the
 * events list (a suggestion for a misspelling, duplicates after the alias is made canonical), so
 * its problems replace the schema's for that field.
 */
export const eventsProblems = (body: unknown) => (details: ErrorDetail[]): ErrorDetail[] => {
  const events = (body as { events?: unknown } | null)?.events;
  if (events === undefined || typeof body !== 'object') return details;
  return [...details.filter((d) => d.path !== 'events' && !d.path.startsWith('events[')), ...checkEvents(events).problems];
};

/**
 * `input` has been checked against the operation's request schema by its route. The new key is
 * hashed in the pool the PSK checks use, in `clientId`'s turn: a flood of creates waits behind its
 * own client's hashes, not in front of another client's login.
 */
export const createIntegration = async (domains: Domains, domain: string, input: CreateIntegrationRequest, hashing: HashPool, clientId: string) => {
  const events = checkEvents(input.events ?? []).events;
  const psk = newPsk();
  const { salt, hash } = await hashing.run(clientId, () => hashPsk(psk));
  const now = Date.now();
  const row = domains.create(domain).addIntegration({
    uuid: randomUUID(),
    name: input.name,
    status: 'active',
    events: JSON.stringify(events),
    psk_salt: salt,
    psk_hash: hash,
    created_at: now,
    updated_at: now,
  });
  return { ...integrationJson(row), psk };
};

/**
 * PATCH: only the fields sent change, applied to the row as it is once the body is read, not as
 * the credentials check saw it when the headers arrived (a slow body would otherwise write back a
 * stale copy and undo whatever another request changed meanwhile). One transaction reads and writes.
 */
export const updateIntegration = (store: DomainStore, id: number, input: UpdateIntegrationRequest) => {
  const events = input.events ? JSON.stringify(checkEvents(input.events).events) : undefined;
  const row = store.db
    .transaction((): IntegrationRow => {
      const current = store.integrationById(id);
      // Integrations are never deleted: a row that the credentials check found stays.
      if (!current) throw new Error(`integration ${id} is gone`);
      const next: IntegrationRow = { ...current, name: input.name ?? current.name, status: input.status ?? current.status, events: events ?? current.events };
      if (next.name === current.name && next.status === current.status && next.events === current.events) return current;
      next.updated_at = Math.max(Date.now(), current.updated_at);
      store.updateIntegration(next);
      return next;
    })
    .immediate();
  return integrationJson(row);
};
