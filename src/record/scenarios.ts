/**
 * The scenarios recorded as HTTP fixtures (`extids record`) and replayed by the tests: each drives
 * the typed client through one part of the contract and returns what a test checks.
 */
import { commandTable } from '../../connector/commands';
import { exampleCommand } from '../compile/examples';
import type { Client } from '../runtime/client';
import type { ScenarioName } from './scenario-names';

/**
 * A scenario recorded as one fixture file, `<name>.json`: calls made through the client it is
 * given — against the recording's backend when recording, against the fixture when replaying —
 * resolving to what a test checks.
 */
export interface FixtureScenario<R = unknown> {
  name: string;
  run(client: Client): Promise<R>;
}

export interface Scenario extends FixtureScenario<Record<string, unknown>> {
  name: ScenarioName;
}

const failure = (e: unknown) => {
  const err = e as { status?: number; code?: string; message?: string };
  return { status: err.status, code: err.code, message: err.message };
};

const users = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: 'MatchUserCommand',
    external_id: `U-${i + 1}`,
    internal_id: i + 1,
    internal_uuid: `7f3c2a10-5b1e-4c2d-9a4f-${String(i + 1).padStart(12, '0')}`,
    metadata: { dept: { code: i % 3 === 0 ? 'ENG' : 'OPS' }, rank: i },
  }));

export const scenarios: Scenario[] = [
  {
    name: 'integrations',
    async run(client) {
      const health = await client.health();
      const created = await client.createIntegration({ name: 'FIXTURE', events: ['platfrom.events.orgchart.UserRemovedFromBranch'] });
      const integration = client.integration({ uuid: created.uuid, psk: created.psk });
      const updated = await integration.update({ name: 'FIXTURE 2', status: 'inactive', events: ['platform.events.user.UserDeleted'] });
      const wrong = await client
        .integration({ uuid: created.uuid, psk: 'not-the-psk' })
        .update({ name: 'X' })
        .catch(failure);
      return { health, created: { ...created, psk: created.psk.length > 0 }, updated, wrong };
    },
  },
  {
    name: 'run-commands',
    async run(client) {
      const created = await client.createIntegration({ name: 'COMMANDS' });
      const integration = client.integration({ uuid: created.uuid, psk: created.psk });
      const commands: unknown[] = commandTable.map((row, i) => exampleCommand(row, i));
      commands.push({ name: 'MatchSessionCommand', external_id: 'S-X', internal_id: 5 });
      const first = await integration.runLooseCommands(commands, { wait_for_processing: true, executionId: 'fixture-run-1' });
      // The course matched again, then its external id claimed by another course: a conflict.
      const again = await integration.runLooseCommands([commands[1], { name: 'MatchCourseCommand', external_id: 'EXT-1', internal_id: 999 }], {
        wait_for_processing: true,
        executionId: 'fixture-run-2',
      });
      await integration.update({ status: 'inactive' });
      const inactive = await integration.runLooseCommands(commands.slice(0, 2), { executionId: 'fixture-run-3' });
      return { first, again, inactive };
    },
  },
  {
    name: 'query-entities',
    async run(client) {
      const created = await client.createIntegration({ name: 'QUERIES' });
      const integration = client.integration({ uuid: created.uuid, psk: created.psk });
      await integration.runLooseCommands([...users(23), { name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 1 }], { wait_for_processing: true, executionId: 'fixture-query' });
      const eng = await integration.query({ entity_types: ['users'], metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'ENG' }], sort_by: 'created_at', sort_direction: 'desc' });
      const page2 = await integration.query({ entities: { users: {} }, page: 2, page_size: 5 });
      const all = await integration.query({ fetch_all_pages: true, page_size: 10 });
      const future = await integration.query({ created_at_from: '2999-01-01T00:00:00+01:00' });
      return { eng, page2, all, future };
    },
  },
  {
    name: 'events',
    async run(client) {
      const created = await client.createIntegration({ name: 'EVENTS', events: ['platform.events.user.UserDeleted'] });
      const integration = client.integration({ uuid: created.uuid, psk: created.psk });
      await integration.runLooseCommands(
        [...users(2), { name: 'MatchCourseEnrollmentCommand', external_id: 'E-1', internal_id: 1, course_id: 3 }],
        { wait_for_processing: true, executionId: 'fixture-events' },
      );
      const deleted = await client.emit('platform.events.user.UserDeleted', { user_id: 1 }, '2026-11-27T12:00:00Z');
      const unsubscribed = await client.emit('platform.events.course.CourseDeleted', { course_id: 3 });
      const marked = await integration.query({ deleted_at_from: '2026-11-27T12:00:00Z', deleted_at_to: '2026-11-27T12:00:00.001Z' });
      return { deleted, unsubscribed, marked };
    },
  },
];
