import { connector } from '../../src/runtime/connector';
import { boundItems } from '../../src/runtime/report';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

let emulator: LiveEmulator;
beforeAll(async () => {
  emulator = await liveEmulator();
});
afterAll(() => emulator.close());

const { create_integration, run_commands } = connector.actions;
const report = run_commands.request.report!;
const newIntegration = async () => {
  const created = await create_integration.execute(emulator.connection, { name: `R-${Math.random().toString(36).slice(2, 8)}` });
  return { integration_uuid: created.uuid, integration_psk: created.psk };
};
const courses = (n: number): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
const indexes = (items: { index: number }[]) => items.map((i) => i.index);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('the output bound of run_commands, as declared', () => {
  it('is 1000 other items at most, every rejected and failed item always, counted in items_omitted', () => {
    expect(report).toEqual({ field: 'items', always: ['rejected', 'failed'], maxOtherItems: 1000, omitted: 'items_omitted' });
  });

  it('keeps the first others in the order given and every item that must be listed', () => {
    const items = ['queued', 'failed', 'queued', 'processed', 'rejected', 'ignored', 'failed'].map((status, index) => ({ index, status }));
    expect(boundItems(items, { ...report, maxOtherItems: 2 })).toEqual({
      items: [items[0], items[1], items[2], items[4], items[6]],
      omitted: 2,
    });
  });
});

describe('run_commands bounds the items it lists', () => {
  it('lists 1000 queued items and the 3 rejected of 2,500 commands, omits 1497, sorted by index', async () => {
    const credentials = await newIntegration();
    const commands = courses(2500);
    for (const bad of [5, 1500, 2499]) commands[bad] = { name: 'MatchCourseCommand', external_id: `C-${bad}` };
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands });
    expect(result).toMatchObject({ total: 2500, accepted: 2497, rejected: 3, ignored: 0, items_omitted: 1497 });
    expect(result.items).toHaveLength(1003);
    expect(indexes(result.items)).toEqual(sorted(indexes(result.items)));
    expect(indexes(result.items.filter((i) => i.status === 'rejected'))).toEqual([5, 1500, 2499]);
    // The first 1000 valid commands, in input order: indexes 0 to 1000 but 5.
    expect(indexes(result.items.filter((i) => i.status === 'queued'))).toEqual(Array.from({ length: 1001 }, (_, i) => i).filter((i) => i !== 5));
  });

  it('lists every failed item when waiting, however far past the first 1000 it is', async () => {
    const credentials = await newIntegration();
    const commands = courses(2500);
    // External ids already matched to course 1 by the first command: these cannot apply.
    for (const conflict of [1200, 2400]) commands[conflict] = { name: 'MatchCourseCommand', external_id: 'C-0', internal_id: 90_000 + conflict };
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands, wait_for_processing: true, wait_timeout_seconds: 120 });
    expect(result).toMatchObject({ total: 2500, accepted: 2500, processed: 2498, failed: 2, pending: 0, items_omitted: 1498 });
    expect(result.items.filter((i) => i.status === 'failed').map((i) => [i.index, i.errors[0]?.field])).toEqual([
      [1200, 'external_id'],
      [2400, 'external_id'],
    ]);
    expect(result.items.filter((i) => i.status === 'processed')).toHaveLength(1000);
    expect(indexes(result.items)).toEqual(sorted(indexes(result.items)));
  });

  it('lists every item of a run whose commands are all rejected', async () => {
    const credentials = await newIntegration();
    const commands = Array.from({ length: 1500 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}` }));
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands });
    expect(result).toMatchObject({ batch_ids: [], total: 1500, accepted: 0, rejected: 1500, items_omitted: 0 });
    expect(indexes(result.items)).toEqual(commands.map((_, i) => i));
  });

  it('omits nothing under the bound', async () => {
    const credentials = await newIntegration();
    const commands = courses(1000);
    const result = await run_commands.execute(emulator.connection, { ...credentials, commands, wait_for_processing: true });
    expect(result).toMatchObject({ total: 1000, processed: 1000, items_omitted: 0 });
    expect(indexes(result.items)).toEqual(commands.map((_, i) => i));
  });
});
