/**
 * The layers of .dependency-cruiser.cjs hold: definition → validate → compile → runtime → service →
 * cli, each importing only itself and the layers before it, no cycle anywhere, and nothing that
 * generates files loading the HTTP client. Checked by dependency-cruiser itself, not by our reading
 * of the imports.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const cruiser = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The violations dependency-cruiser finds in `dirs` of `cwd`, with this repository's rules. */
const violations = (cwd: string, dirs: string[]): Violation[] => {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cruiser, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', ...dirs], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    // It exits non-zero when it finds violations; the report is still on stdout.
    out = (e as { stdout?: string }).stdout ?? '';
    if (!out) throw e;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
};

const readable = (list: Violation[]): string[] => list.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);

it('no module imports a later layer, none is in a cycle, and generating files never loads the HTTP client', () => {
  expect(readable(violations(root, ['connector', 'src', 'scripts']))).toEqual([]);
});

describe('the rule itself', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'extids-layers-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    copyFileSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    write('connector/index.ts', "import { send } from '../src/runtime/send';\nexport const x = send;\n");
    write('src/runtime/send.ts', "export const send = 1;\n");
    write('src/validate/a.ts', "import { b } from './b';\nexport const a = b;\n");
    write('src/validate/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a definition that imports the runtime, and a cycle', () => {
    const names = violations(dir, ['connector', 'src']).map((v) => v.rule.name);
    expect(names).toContain('definition-imports-a-later-layer');
    expect(names).toContain('no-circular');
  });
});
