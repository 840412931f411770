/**
 * The demo, the main job: start the emulator in-process on a free port with a temporary data
 * dir, then walk through the four actions the way a recipe would, printing a summary of each step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator';
import { builtInConnection } from '../emulator/options';
import { createClient } from '../runtime/client';
import type { RetryEvent } from '../runtime/session';
import { demoCommands, demoSizes } from './demo-data';
import { finish } from './exit';
import { EXIT_BY_SIGNAL } from './interrupt';
import { progressBar, type Progress } from './progress';
import type { EventName } from '../types/generated';

const EVENTS: EventName[] = [
  'platform.events.user.UserDeleted',
  'platform.events.user.UserUpdated',
  'platfrom.events.orgchart.UserRemovedFromBranch',
  'platform.events.course.CourseUpdated',
];

/** The PSK is shown by Create integration's own output; a demo summary only says it came. */
const masked = (secret: string): string => `(${secret.length} characters, hidden: \`extids exec create_integration\` shows it once)`;

export interface DemoOptions {
  json?: boolean;
  log?: (line: string) => void;
  /** What ends the process on Ctrl+C or SIGTERM; tests give their own. */
  exit?: (code: number) => unknown;
}

export const runDemo = async (options: DemoOptions = {}): Promise<Record<string, unknown>> => {
  const log = options.json ? () => undefined : (options.log ?? ((line: string) => process.stdout.write(line + '\n')));
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-demo-'));
  // However the demo ends (Ctrl+C, SIGTERM, an exit on the way), its temporary data goes with it.
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  let drawn: Progress | undefined;
  const bar = (): Progress => (drawn = progressBar(!options.json));
  const onSignal = (signal: keyof typeof EXIT_BY_SIGNAL) => () => {
    // The bar gives the terminal back (on Ctrl+C its own handler also names the batches queued); the data goes
    // now, and once more at exit should the emulator write to it meanwhile.
    drawn?.stop();
    removeDataDir();
    void (options.exit ?? finish)(EXIT_BY_SIGNAL[signal]);
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  process.once('exit', removeDataDir);
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  const summary: Record<string, unknown> = {};
  try {
    emulator = await startEmulator({ port: 0, dataDir });
    const retries: RetryEvent[] = [];
    const client = createClient(
      builtInConnection(emulator.url),
      { onRetry: (r) => retries.push(r) },
    );
    const step = (title: string) => log(`\n== ${title}`);

    step(`Emulator at ${emulator.url}`);
    const health = await client.health();
    log(`connection test: ${health.status} (domain ${health.domain})`);

    step('Create integration');
    const created = await client.createIntegration({ name: 'HRIS-SYNC', events: EVENTS.slice(0, 2) });
    log(`uuid   ${created.uuid}\npsk    ${masked(created.psk)}\nstatus ${created.status}, events: ${created.events.join(', ')}`);
    summary.create_integration = { ...created, psk: masked(created.psk) };

    step('Update integration');
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    const updated = await integration.update({ name: 'HRIS-SYNC (prod)', events: EVENTS });
    log(`name   ${updated.name}\nevents ${updated.events.length} subscribed (the misspelled alias stored as ${updated.events[2]})`);
    summary.update_integration = updated;

    step('Run commands');
    const commands = demoCommands();
    const commandsBar = bar();
    const started = Date.now();
    const run = await integration.runLooseCommands(commands, {
      wait_for_processing: true,
      onProgress: (p) => commandsBar.batches(p),
    });
    commandsBar.stop();
    const seconds = (Date.now() - started) / 1000;
    log(
      `${run.total} commands in ${run.batch_ids.length} requests, ${seconds.toFixed(1)} s: ` +
        `${run.accepted} accepted, ${run.rejected} rejected, ${run.processed} processed, ${run.failed} failed` +
        // The output lists every rejected and failed command, and only the first others.
        (run.items_omitted ? `; items: ${run.items.length} listed, ${run.items_omitted} omitted` : ''),
    );
    for (const item of run.items.filter((i) => i.errors.length).slice(0, 6)) {
      log(`  [${item.index}] ${item.name ?? '(no name)'} ${item.status}: ${item.errors.map((e) => e.message).join('; ')}`);
    }
    summary.run_commands = { ...run, items: undefined, problems: run.items.filter((i) => i.errors.length) };

    step('Platform events');
    const emitted = [];
    for (const [event, payload] of [
      ['platform.events.user.UserDeleted', { user_id: 42 }],
      ['platform.events.user.UserUpdated', { user_id: 7 }],
      ['platform.events.course.CourseUpdated', { course_id: 3 }],
      ['platform.events.course.CourseDeleted', { course_id: 4 }],
    ] as const) {
      const answer = await client.emit(event, payload);
      emitted.push({ event, payload, delivered_to: answer.delivered_to });
      log(`${event} ${JSON.stringify(payload)} → delivered to ${answer.delivered_to} integration(s)${answer.delivered_to ? '' : ' (not subscribed)'}`);
    }
    summary.events = emitted;

    step('Query entities');
    const deleted = await integration.query({ deleted_at_from: '2000-01-01T00:00:00Z', sort_by: 'deleted_at', sort_direction: 'desc' });
    log(`mappings marked deleted: ${deleted.total_count} (${deleted.items.map((m) => `${m.entity_type} ${m.internal_id}`).join(', ')})`);
    const engineers = await integration.query({
      entity_types: ['users'],
      metadata_filters: [{ key: 'dept.code', operator: 'eq', value: 'ENG' }],
      page_size: 5,
    });
    log(`users in dept ENG: ${engineers.total_count}; first: ${engineers.items.map((m) => m.external_id).join(', ')}`);
    const pages = bar();
    const enrollments = await integration.query(
      { entity_types: ['course_enrollments'], fetch_all_pages: true, page_size: 100, sort_by: 'matched_at', sort_direction: 'desc' },
      { onPage: (page) => pages.update(page.current_page, page.total_page_count, 'pages') },
    );
    pages.stop();
    log(`course enrollments, every page: ${enrollments.items.length} of ${enrollments.total_count} in ${enrollments.total_page_count} pages`);
    const firstContractor = demoSizes.users + 1;
    const contractors = await integration.query({ entities: { users: { user_ids: [firstContractor, firstContractor + 1, firstContractor + 2] } } });
    log(`contractors matched by e-mail: ${contractors.items.map((m) => `${m.mapping_id} → ${m.external_id}`).join(', ')}`);
    summary.query_entities = {
      deleted: deleted.total_count,
      dept_eng_users: engineers.total_count,
      course_enrollments: enrollments.items.length,
      contractors: contractors.items.map((m) => ({ mapping_id: m.mapping_id, external_id: m.external_id, internal_id: m.internal_id })),
    };
    summary.retries = retries.length;
    log(`\nDone: ${client.session.stats.requests} requests, ${retries.length} retries.`);
    return summary;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    await emulator?.close();
    removeDataDir();
    process.off('exit', removeDataDir);
  }
};

