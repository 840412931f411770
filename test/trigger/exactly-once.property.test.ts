/**
 * The trigger's promise, by property: whatever the interleaving of commands, events and polls,
 * whatever the page size (down to 1) and however many changes share one updated_at, each version
 * of a mapping present when the trigger catches up has been delivered exactly once, as it was, in
 * updated_at order, before Workato's dedup even has to act.
 */
import fc from 'fast-check';
import { mappingChangesTrigger } from '../../connector/triggers';
import type { PollClosure } from '../../src/sdk/define';
import { dedupKey, pollTrigger } from '../../src/runtime/trigger';
import { Harness, type Integration } from '../emulator/harness';
import { applyStep, historyStep, SUBSCRIBED } from '../support/mapping-history';

type Mapping = Record<string, unknown> & { updated_at: string };

const step = fc.oneof({ weight: 5, arbitrary: historyStep }, { weight: 4, arbitrary: fc.constant({ kind: 'poll' as const }) });

/** A version of a mapping: every field but touched_at, which moves without making one. */
const version = (m: Mapping | undefined) => {
  if (!m) return m;
  const { touched_at: _, ...rest } = m;
  return rest;
};
const SINCE = '2000-01-01T00:00:00.000Z';

let backwards = Date.parse('2030-01-01T00:00:00.000Z');
/** The service's wall clock: as it is, stuck (every write in one millisecond), or running backwards. */
const clocks: [string, (() => number) | undefined][] = [
  ['the wall clock', undefined],
  ['a wall clock stuck at one millisecond', () => Date.parse('2030-01-01T00:00:00.000Z')],
  ['a wall clock running backwards', () => (backwards -= 7)],
];

describe.each(clocks)('the trigger New or updated mappings, by property, under %s', (_, now) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(now ? { now } : {});
  });
  afterAll(() => h.close());

  const connection = () => ({ domain: h.url, client_id: 'extids-local', client_secret: 'extids-local-secret' });
  const key = (m: Mapping) => dedupKey(mappingChangesTrigger, m);

  it('delivers every change exactly once, as it was and in updated_at order, whatever the interleaving and the page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 9 }), fc.constant(1000)), fc.array(step, { minLength: 1, maxLength: 30 }), async (pageSize, steps) => {
        const integration: Integration = await h.createIntegration({ name: 'PROPERTY', events: SUBSCRIBED });
        const input = { integration_uuid: integration.uuid, integration_psk: integration.psk, since: SINCE, page_size: pageSize };
        const delivered = new Map<string, Mapping>();
        let closure: PollClosure | undefined;
        let last = '';

        const poll = async (): Promise<boolean> => {
          // Nothing changes between this snapshot and the poll: every event must be one of its versions.
          const now = new Map((await h.mappings(integration, { sort_by: 'updated_at' })).map((m: Mapping) => [key(m), m]));
          const result = await pollTrigger(mappingChangesTrigger, connection(), input, closure);
          expect(result.events.length).toBeLessThanOrEqual(pageSize);
          for (const e of result.events as Mapping[]) {
            const k = key(e);
            expect(delivered.has(k)).toBe(false);
            expect(e).toEqual(now.get(k));
            expect(e.updated_at >= last).toBe(true);
            last = e.updated_at;
            delivered.set(k, e);
          }
          closure = result.next_poll;
          // Caught up: each mapping's current version was delivered, as it is now (one key, one version).
          if (!result.can_poll_more) for (const [k, m] of now) expect(version(delivered.get(k))).toEqual(version(m));
          return result.can_poll_more;
        };

        for (const s of steps) {
          if (s.kind === 'poll') await poll();
          else await applyStep(h, integration, s);
        }
        // Drained: the final state of every mapping has been delivered.
        let rounds = 0;
        while (await poll()) expect(++rounds).toBeLessThan(500);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
