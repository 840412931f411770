/**
 * The property test's scenario through connector.rb under Workato's SDK gem: a history drawn at
 * random (with a fixed seed, so a failure replays) of command batches, bulk batches sharing one
 * updated_at and platform events, then the whole backlog polled 3 at a time by the gem's `poll` and
 * by the Node runtime: the same events, in the same order, and the same closure to go on from.
 */
import fc from 'fast-check';
import { mappingChangesTrigger } from '../../connector/triggers';
import { dedupKey, pollTrigger } from '../../src/runtime/trigger';
import type { PollClosure, PollResult } from '../../src/sdk/define';
import { Harness } from '../emulator/harness';
import { applyStep, historyStep, SUBSCRIBED } from '../support/mapping-history';
import { describeWithWorkato, ok, rubyFailures, secretsPrinted, workatoExec } from './support';

const SECRET = 'extids-local-secret';
const SEED = 20261201;
type Polled = PollResult<Record<string, unknown>>;

describeWithWorkato('a random history polled by connector.rb under Workato’s SDK gem and by the Node runtime', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('delivers the same events in the same order, each change once, and ends on the same closure', async () => {
    const steps = fc.sample(fc.array(historyStep, { minLength: 25, maxLength: 25 }), { seed: SEED, numRuns: 1 })[0];
    const integration = await h.createIntegration({ name: 'HISTORY', events: SUBSCRIBED });
    for (const step of steps) await applyStep(h, integration, step);
    const mappings = await h.mappings(integration, { sort_by: 'updated_at' });
    // A history worth the name: many mappings, several of them sharing an updated_at.
    expect(mappings.length).toBeGreaterThan(30);
    expect(new Set(mappings.map((m) => m.updated_at)).size).toBeLessThan(mappings.length);

    const connection = { domain: h.url, client_id: 'extids-local', client_secret: SECRET };
    const input = { integration_uuid: integration.uuid, integration_psk: integration.psk, since: '2000-01-01T00:00:00Z', page_size: 3 };
    const gem = workatoExec('triggers.mapping_changes.poll', { settings: { ...connection, access_token: h.token }, input });

    const node: Polled[] = [];
    for (let closure: PollClosure | undefined; ; ) {
      const page = await pollTrigger<Record<string, unknown>>(mappingChangesTrigger, connection, input, closure);
      node.push(page);
      closure = page.next_poll;
      if (!page.can_poll_more) break;
    }
    const delivered = node.flatMap((p) => p.events);
    expect(delivered.map((m) => dedupKey(mappingChangesTrigger, m))).toEqual(mappings.map((m) => dedupKey(mappingChangesTrigger, m)));

    const result = await gem;
    const polled = ok(result) as Polled;
    // The gem reverses each page and puts later pages first: reversed, a whole poll is in delivery order.
    expect([...polled.events].reverse()).toEqual(delivered);
    expect(polled.next_poll).toEqual(node[node.length - 1].next_poll);
    expect(rubyFailures(result.transcript.text)).toEqual([]);
    expect(secretsPrinted([SECRET, integration.psk, h.token])).toEqual([]);
  }, 120_000);
});
