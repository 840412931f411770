/**
 * Running the generated connector.rb in Ruby: one Ruby process runs a whole list of cases through
 * the harness (test/ruby/harness), so that a test file pays Ruby's start-up once or twice.
 * Where `ruby` is missing, Ruby tests are skipped with a notice, except under CI, where they fail.
 */
import { spawn, spawnSync } from 'node:child_process';
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
const dir = (): string => (workDir ??= mkdtempSync(join(tmpdir(), 'extids-rb-')));
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
});

let connectorPath: string | undefined;
/** A freshly generated connector.rb in a temporary file (tests do not depend on a build). */
export const generatedConnector = (): string => {
  if (!connectorPath) {
    connectorPath = join(dir(), 'connector.rb');
    writeFileSync(connectorPath, renderConnectorRb());
  }
  return connectorPath;
};

export interface RubyCase {
  kind: 'test' | 'execute' | 'input_fields' | 'output_fields' | 'config_fields' | 'pick_list' | 'connection_fields' | 'method' | 'prepare' | 'action_keys';
  action?: string;
  connection?: Record<string, unknown>;
  input?: unknown;
  config_fields?: Record<string, unknown>;
  name?: string;
  args?: unknown[];
  execution_context?: Record<string, unknown>;
}

export type RubyResult = { ok: unknown } | { error: string; class: string; backtrace?: string[] };

let run = 0;
/** Runs the cases in one Ruby process, asynchronously (an emulator in this process must keep answering). */
export const runRuby = async (cases: RubyCase[], connector = generatedConnector()): Promise<RubyResult[]> => {
  const file = join(dir(), `cases-${++run}.json`);
  writeFileSync(file, JSON.stringify(cases));
  const child = spawn('ruby', [join(__dirname, 'harness', 'run.rb'), connector, file]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`ruby failed (${status}): ${stderr}`);
  const results = JSON.parse(stdout) as RubyResult[];
  for (const r of results) if ('class' in r && r.class === 'crash') throw new Error(`the Ruby crashed: ${r.error}\n${r.backtrace?.join('\n')}`);
  return results;
};

/** The value of a case that must succeed. */
export const ok = (result: RubyResult): unknown => {
  if ('error' in result) throw new Error(`expected success, got: ${result.error}`);
  return result.ok;
};

/** The message of a case that must fail. */
export const failure = (result: RubyResult): string => {
  if (!('error' in result)) throw new Error(`expected an error, got: ${JSON.stringify(result.ok).slice(0, 300)}`);
  return result.error;
};
