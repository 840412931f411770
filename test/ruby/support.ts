/**
 * The static checks of the generated connector.rb need only `ruby` (the Workato-engine tests, in
 * test/workato, need Workato's SDK gem). Where `ruby` is missing, they are skipped with a notice,
 * except under CI, where they fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConnectorRb } from '../../src/compile/ruby';

const probe = spawnSync('ruby', ['-v'], { encoding: 'utf8' });
export const HAVE_RUBY = probe.status === 0;

/** `describe` for tests that need Ruby. */
export const describeWithRuby = (name: string, body: () => void): void => {
  if (HAVE_RUBY) return describe(name, body);
  if (process.env.CI) {
    return describe(name, () => {
      it('has ruby installed (.ci/run installs it)', () => {
        throw new Error('ruby is not installed; .ci/run installs Debian\'s ruby before npm ci');
      });
    });
  }
  console.warn(`[test/ruby] ruby not found: skipping "${name}". Install it (apt-get install ruby); CI does.`);
  describe.skip(name, body);
};

let workDir: string | undefined;
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
  connectorPath = undefined;
});

let connectorPath: string | undefined;
/** A freshly generated connector.rb in a temporary file (tests do not depend on a build). */
export const generatedConnector = (): string => {
  if (!connectorPath) {
    workDir ??= mkdtempSync(join(tmpdir(), 'extids-rb-'));
    connectorPath = join(workDir, 'connector.rb');
    writeFileSync(connectorPath, renderConnectorRb());
  }
  return connectorPath;
};
