/** `extids record`: what it writes, where it says it wrote it, and what a failure leaves alone. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extids } from '../support/cli';
import { scenarioNames } from '../../src/record/scenario-names';
import { scenarios } from '../../src/record/scenarios';
import { liveEmulator, type LiveEmulator } from '../support/emulator';

const GOOD = '[{"a recording":"that must survive"}]\n';

let emulator: LiveEmulator;
let dir: string;
let wrongSecret: string;
beforeAll(async () => {
  emulator = await liveEmulator();
  dir = mkdtempSync(join(tmpdir(), 'extids-record-test-'));
  wrongSecret = join(dir, 'wrong-secret.json');
  writeFileSync(wrongSecret, JSON.stringify({ ...emulator.connection, client_secret: 'not-the-secret' }));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.EXTIDS_CONNECTION;
});

/** A fixtures folder holding one good recording of `integrations`. */
const folderWithFixture = (): string => {
  const fixtures = mkdtempSync(join(dir, 'fixtures-'));
  writeFileSync(join(fixtures, 'integrations.json'), GOOD);
  return fixtures;
};

describe('extids record', () => {
  it('has one scenario for each name it lists, in order', () => {
    expect(scenarios.map((s) => s.name)).toEqual([...scenarioNames]);
  });

  it('lists the scenarios in --help', async () => {
    const { code, stdout } = await extids('record', '--help');
    expect(code).toBe(0);
    for (const name of scenarioNames) expect(stdout).toContain(name);
  });

  it('refuses an unknown --only name with exit 2 and one line naming the known ones, recording nothing', async () => {
    const fixtures = folderWithFixture();
    const { code, stdout, stderr } = await extids('record', '--fixtures', fixtures, '--only', 'integrations', 'bogus');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('bogus');
    for (const name of scenarioNames) expect(stderr).toContain(name);
    expect(readdirSync(fixtures)).toEqual(['integrations.json']);
    expect(readFileSync(join(fixtures, 'integrations.json'), 'utf8')).toBe(GOOD);
  });

  it('writes into --fixtures, says so with the real path, and leaves no temporary file', async () => {
    const fixtures = folderWithFixture();
    const { code, stdout, stderr } = await extids('record', '--fixtures', fixtures, '--only', 'integrations');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(`recorded ${join(fixtures, 'integrations.json')}\n`);
    expect(readdirSync(fixtures)).toEqual(['integrations.json']);
    const recorded = JSON.parse(readFileSync(join(fixtures, 'integrations.json'), 'utf8'));
    expect(recorded.length).toBeGreaterThan(2);
  });

  it('keeps an existing fixture byte for byte when the backend fails', async () => {
    const fixtures = folderWithFixture();
    const { code, stdout, stderr } = await extids('record', '--fixtures', fixtures, '--connection', wrongSecret, '--only', 'integrations');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^extids: .+\n$/);
    expect(stdout).toBe(`integrations failed: ${join(fixtures, 'integrations.json')} left as it was\n`);
    expect(readdirSync(fixtures)).toEqual(['integrations.json']);
    expect(readFileSync(join(fixtures, 'integrations.json'), 'utf8')).toBe(GOOD);
  });

  it('records against the backend of EXTIDS_CONNECTION when --connection is not given', async () => {
    const fixtures = folderWithFixture();
    // Against a fresh emulator this would succeed: failing shows the variable's backend was used.
    process.env.EXTIDS_CONNECTION = wrongSecret;
    const { code } = await extids('record', '--fixtures', fixtures, '--only', 'integrations');
    expect(code).toBe(1);
    expect(readFileSync(join(fixtures, 'integrations.json'), 'utf8')).toBe(GOOD);
  });

  it('blames EXTIDS_CONNECTION, not --connection, for a missing file named there', async () => {
    const missing = join(dir, 'no-such-connection.json');
    process.env.EXTIDS_CONNECTION = missing;
    for (const argv of [
      ['record', '--fixtures', folderWithFixture()],
      ['exec', 'create_integration', '--input', '{"name":"X"}'],
    ]) {
      const { code, stderr } = await extids(...argv);
      expect([argv[0], code, stderr]).toEqual([argv[0], 2, `extids: EXTIDS_CONNECTION: cannot read file ${missing}\n`]);
    }
    // A flag given still names the flag.
    const flagged = await extids('record', '--connection', missing);
    expect(flagged.stderr).toBe(`extids: --connection: cannot read file ${missing}\n`);
  });
});
