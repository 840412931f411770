/**
 * One grammar of instants (src/values/instant.ts) for the Node runtime, the emulator and the
 * generated connector.rb: the same text gives the same UTC instant, or is refused, in all three.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { toUtcInstant } from '../../src/values/instant';
import { Harness, matchUser, type Integration } from '../emulator/harness';
import { describeWithRuby, generatedConnector } from '../ruby/support';

const table = [
  '2026-11-27T21:38:36Z',
  '2026-11-27 21:38Z',
  '2026-11-27T23:38:36.5+02:00',
  '2026-11-27T16:08:36.123-0530',
  '2026-11-27T21:38:36,25+01',
  '2026-11-27T21:38:36.1230001Z',
  '2026-12-31T23:59:60Z',
  '0050-06-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2024-02-29T12:00:00Z',
  '2026-02-29T12:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-11-27T21:38:36',
  '2026-11-27',
  '2026-13-01T00:00:00Z',
  '2026-11-27T24:00:00Z',
  'yesterday',
];

/** Strings near the grammar: valid and invalid fields, offsets, fractions and separators. */
const nearInstant = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.option(fc.tuple(fc.integer({ min: 0, max: 61 }), fc.option(fc.stringMatching(/^[0-9]{1,9}$/)))),
    fc.constantFrom('T', 't', ' '),
    fc.constantFrom('Z', 'z', '', '+02:00', '-05:30', '+0130', '-11', '+14:00'),
  )
  .map(([y, mo, d, h, mi, sec, sep, zone]) => {
    const two = (n: number) => String(n).padStart(2, '0');
    const seconds = sec ? `:${two(sec[0])}${sec[1] ? `.${sec[1]}` : ''}` : '';
    return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}${sep}${two(h)}:${two(mi)}${seconds}${zone}`;
  });

const samples = [...table, ...fc.sample(nearInstant, { numRuns: 400, seed: 20261201 })];

describeWithRuby("connector.rb's utc_instant", () => {
  it('reads every instant as the Node runtime does, and refuses the same texts', () => {
    const script = `
      require 'json'; require 'time'; require 'date'
      c = eval(File.read(ARGV[0]))
      puts JSON.dump(JSON.parse(STDIN.read).map { |v| c[:methods][:utc_instant].call(v) })
    `;
    const run = spawnSync('ruby', ['-e', script, generatedConnector()], { input: JSON.stringify(samples), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const ruby = JSON.parse(run.stdout) as (string | null)[];
    const differences = samples.flatMap((text, i) => ((toUtcInstant(text) ?? null) === ruby[i] ? [] : [{ text, node: toUtcInstant(text) ?? null, ruby: ruby[i] }]));
    expect(differences).toEqual([]);
    // Not a vacuous agreement: both accept and refuse many.
    expect(ruby.filter((r) => r !== null).length).toBeGreaterThan(50);
    expect(ruby.filter((r) => r === null).length).toBeGreaterThan(50);
  });
});

describe('the emulator', () => {
  let h: Harness;
  let i: Integration;
  beforeAll(async () => {
    h = await Harness.start();
    i = await h.createIntegration({ name: 'INSTANTS', events: ['platform.events.user.UserDeleted'] });
    await h.run(i, [matchUser(7, 'U7')]);
  });
  afterAll(() => h.close());

  it('keeps a year below 100 as it is given, not as 19xx', async () => {
    const r = await h.event('platform.events.user.UserDeleted', { user_id: 7 }, '0050-06-01T00:00:00Z');
    expect(r.status).toBe(202);
    const [mapping] = await h.mappings(i);
    expect(mapping.deleted_at).toBe('0050-06-01T00:00:00.000Z');
  });

  it('takes a query bound in any form the runtime takes, and refuses what it refuses', async () => {
    const accepted = await h.query(i, { deleted_at_from: '0050-06-01 00:00Z', deleted_at_to: '0050-06-01T01:00+01' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.items).toHaveLength(0);
    const within = await h.query(i, { deleted_at_from: '0050-06-01 00:00Z', deleted_at_to: '0050-06-01T00:00:00,001Z' });
    expect(within.body.data.items).toHaveLength(1);
    const refused = await h.query(i, { deleted_at_from: '2026-02-29T00:00:00Z' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('deleted_at_from');
  });
});
