/**
 * `extids demo` on a terminal (issue 11): its progress bar counts every command sent to Run
 * commands, rejected ones included; interrupted (Ctrl+C, SIGTERM), it removes its temporary data
 * directory and exits 130 or 143. The built CLI, under a pseudo-terminal (script) where a terminal
 * is what matters; the bar's arithmetic on a fake terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { demoCommands } from '../../src/cli/demo-data';
import { progressBar } from '../../src/cli/progress';
import { buildCli, quote, type BuiltCli } from './built-cli';

let cli: BuiltCli;
let dir: string;
beforeAll(async () => {
  cli = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'extids-demo-terminal-'));
}, 60000);
afterAll(() => {
  cli?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder for one run's TMPDIR, to see what the demo leaves there. */
const tmpFor = (name: string): string => mkdtempSync(join(dir, `${name}-`));
const leftIn = (tmp: string): string[] => readdirSync(tmp).filter((f) => f.startsWith('extids-demo-'));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  screen: string;
}

/** Runs the demo, under `script` when `terminal`; `interrupt` sees what it printed so far and may signal it. */
const demo = (tmp: string, terminal: boolean, interrupt?: (screen: string, child: ReturnType<typeof spawn>) => void): Promise<Run> =>
  new Promise((done) => {
    const line = `node ${quote(cli.file)} demo`;
    const child = terminal
      ? spawn('script', ['-qfec', line, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } })
      : spawn('node', [cli.file, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
    let screen = '';
    const seen = (s: string) => {
      screen += s;
      interrupt?.(screen, child);
    };
    child.stdout!.setEncoding('utf8').on('data', seen);
    child.stderr!.setEncoding('utf8').on('data', seen);
    child.on('close', (code, signal) => done({ code, signal, screen }));
  });

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('the demo interrupted', () => {
  it('by SIGTERM, removes its temporary data directory and exits 143', async () => {
    const tmp = tmpFor('term');
    let sent = false;
    const run = await demo(tmp, false, (screen, child) => {
      if (!sent && screen.includes('== Emulator at')) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    expect(sent).toBe(true);
    expect([run.code, run.signal]).toEqual([143, null]);
    expect(run.screen).not.toContain('Done:');
    expect(leftIn(tmp)).toEqual([]);
  });

  (hasScript ? it : it.skip)('by Ctrl+C on a terminal, while its progress bar is drawn, removes it as well and exits 130', async () => {
    const tmp = tmpFor('int');
    let sent = false;
    const run = await demo(tmp, true, (screen, child) => {
      if (!sent && screen.includes('sending')) {
        sent = true;
        child.stdin!.write('\x03');
      }
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.screen).not.toContain('Done:');
    expect(run.screen).toMatch(/extids: interrupted; /);
    expect(leftIn(tmp)).toEqual([]);
  });

  it('not at all, removes it too', async () => {
    const tmp = tmpFor('whole');
    const run = await demo(tmp, false);
    expect(run.code).toBe(0);
    expect(run.screen).toContain('Done:');
    expect(leftIn(tmp)).toEqual([]);
  });
});

(hasScript ? describe : describe.skip)('the demo on a terminal', () => {
  it('counts every command sent to Run commands in its progress bar, rejected ones included', async () => {
    const commands = demoCommands().length;
    const run = await demo(tmpFor('bar'), true);
    expect(run.code).toBe(0);
    const counts = [...run.screen.matchAll(/ (\d+)\/(\d+) (sending|waiting)/g)].map(([, done, total, phase]) => ({ done: Number(done), total: Number(total), phase }));
    expect(counts.length).toBeGreaterThan(1);
    expect(new Set(counts.map((c) => c.total))).toEqual(new Set([commands]));
    expect(counts.at(-1)).toEqual({ done: commands, total: commands, phase: 'waiting' });
    // The summary agrees: every command, some of them rejected.
    expect(run.screen).toMatch(new RegExp(`${commands} commands in \\d+ requests, [\\d.]+ s: \\d+ accepted, [1-9]\\d* rejected`));
  });
});

describe("Run commands' progress bar", () => {
  const fakeTerminal = () => {
    let written = '';
    const stream = new Writable({ write: (chunk, _encoding, done) => ((written += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
    Object.assign(stream, { isTTY: true, columns: 80, rows: 24 });
    return { stream, written: () => written };
  };

  it('counts the rejected commands as settled from the start, in either phase', () => {
    // 10 commands: 2 rejected before sending, 8 sent; then 1 more rejected by the service, 7 accepted.
    const shown = [
      { phase: 'sending', done: 5, total: 8 },
      { phase: 'sending', done: 8, total: 8 },
      { phase: 'waiting', done: 0, total: 7 },
      { phase: 'waiting', done: 7, total: 7 },
    ].map(({ phase, done, total }) => {
      // A bar of its own for each, stopped at once: the bar draws at most a few frames a second.
      const terminal = fakeTerminal();
      const bar = progressBar(true, { stream: terminal.stream, exit: () => undefined });
      bar.batches({ phase: phase as 'sending' | 'waiting', done, total, commands: 10, batchIds: ['b-1'] });
      bar.stop();
      return [...terminal.written().matchAll(/ (\d+\/\d+) (sending|waiting)/g)].map(([, count, p]) => `${count} ${p}`).at(-1);
    });
    expect(shown).toEqual(['7/10 sending', '10/10 sending', '3/10 waiting', '10/10 waiting']);
  });
});
