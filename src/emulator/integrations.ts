/** Creating, reading and updating integrations (http-contract.md §3). */
import { randomUUID } from 'node:crypto';
import type { ErrorDetail } from '../errors';
import { checkEvents } from '../validate/events';
import type { Domains } from './domains';
import { hashPsk, newPsk } from './psk';
import { checkBody } from './problems';
import type { IntegrationRow } from './store';
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
const eventsProblems = (body: unknown) => (details: ErrorDetail[]): ErrorDetail[] => {
  const events = (body as { events?: unknown } | null)?.events;
  if (events === undefined || typeof body !== 'object') return details;
  return [...details.filter((d) => d.path !== 'events' && !d.path.startsWith('events[')), ...checkEvents(events).problems];
};

export const createIntegration = async (domains: Domains, domain: string, body: unknown) => {
  const input = checkBody<{ name: string; events?: string[] }>('create-integration-request.json', body, eventsProblems(body));
  const events = checkEvents(input.events ?? []).events;
  const psk = newPsk();
  const { salt, hash } = await hashPsk(psk);
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

export const updateIntegration = (row: IntegrationRow, body: unknown, save: (row: IntegrationRow) => void) => {
  const input = checkBody<{ name?: string; status?: 'active' | 'inactive'; events?: string[] }>(
    'update-integration-request.json',
    body,
    eventsProblems(body),
  );
  const next: IntegrationRow = {
    ...row,
    name: input.name ?? row.name,
    status: input.status ?? row.status,
    events: input.events ? JSON.stringify(checkEvents(input.events).events) : row.events,
  };
  if (next.name !== row.name || next.status !== row.status || next.events !== row.events) {
    next.updated_at = Math.max(Date.now(), row.updated_at);
    save(next);
  }
  return integrationJson(next);
};
