/**
 * Ctrl+C while a progress bar is drawn (issue 11, bug 6): the terminal is given back (cursor shown,
 * line wrapping on, the line ended), the batches already queued are named in one line, and the
 * exit code is 130. Once in a real process under a pseudo-terminal, once on a fake terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from '../../src/runtime/client';
import { interruptedLine, RESTORE_TERMINAL } from '../../src/cli/interrupt';
import { progressBar } from '../../src/cli/progress';
import { acceptedBatches } from '../support/database';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { buildCli, quote, type BuiltCli } from './built-cli';

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const WRAP_OFF = '\x1b[?7l';
const WRAP_ON = '\x1b[?7h';

/** A stream that says it is a terminal, keeping what is written to it. */
const fakeTerminal = () => {
  let written = '';
  const stream = new Writable({ write: (chunk, _encoding, done) => ((written += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 80, rows: 24 });
  return { stream, written: () => written };
};

describe('Ctrl+C during a progress bar, on a fake terminal', () => {
  it('stops the bar, gives the terminal back, names the batches queued and exits 130', () => {
    const terminal = fakeTerminal();
    const exits: number[] = [];
    const listeners = process.listenerCount('SIGINT');
    const bar = progressBar(true, { stream: terminal.stream, exit: (code) => exits.push(code) });
    bar.batches({ phase: 'sending', done: 1000, total: 3000, commands: 3000, batchIds: ['b-1'] });
    bar.batches({ phase: 'sending', done: 2000, total: 3000, commands: 3000, batchIds: ['b-1', 'b-2'] });
    expect(terminal.written()).toContain(HIDE_CURSOR);
    expect(terminal.written()).toContain(WRAP_OFF);
    expect(process.listenerCount('SIGINT')).toBe(listeners + 1);

    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
    expect(terminal.written().endsWith(`${RESTORE_TERMINAL}extids: interrupted; 2 batches already queued: b-1, b-2; the request under way may have been queued as well\n`)).toBe(true);
  });

  it('installs its handler only while the bar is drawn', () => {
    const terminal = fakeTerminal();
    const listeners = process.listenerCount('SIGINT');
    const bar = progressBar(true, { stream: terminal.stream, exit: () => undefined });
    expect(process.listenerCount('SIGINT')).toBe(listeners);
    bar.update(1, 3, 'pages');
    expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
    bar.stop();
    expect(process.listenerCount('SIGINT')).toBe(listeners);
    // Not a terminal: no bar, no handler.
    const piped = Object.assign(fakeTerminal().stream, { isTTY: false });
    progressBar(true, { stream: piped }).update(1, 3);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('says one line: the batches, none yet, or nothing of batches for a run that sends none', () => {
    expect(interruptedLine({ batchIds: ['b-1'], sending: false })).toBe('extids: interrupted; batch already queued: b-1');
    expect(interruptedLine({ batchIds: [], sending: true })).toBe('extids: interrupted; no batch queued yet; the request under way may have been queued as well');
    expect(interruptedLine({})).toBe('extids: interrupted');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript ? describe : describe.skip)('Ctrl+C during a progress bar, in a real process under a pseudo-terminal (script)', () => {
  let cli: BuiltCli;
  let emulator: LiveEmulator;
  let dir: string;
  beforeAll(async () => {
    // Batches stay queued for a minute, so that the run is still waiting, its bar drawn, at Ctrl+C.
    [cli, emulator] = await Promise.all([buildCli(), liveEmulator({ applyDelayMs: 60000 })]);
    dir = mkdtempSync(join(tmpdir(), 'extids-interrupt-'));
  }, 60000);
  afterAll(async () => {
    await emulator?.close();
    cli?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores the terminal, names the batches queued (and no secret) and exits 130', async () => {
    const integration = await createClient(emulator.connection).createIntegration({ name: 'CTRL-C' });
    const connectionFile = join(dir, 'connection.json');
    const inputFile = join(dir, 'run.json');
    writeFileSync(connectionFile, JSON.stringify(emulator.connection));
    const commands = Array.from({ length: 2500 }, (_, i) => ({ name: 'MatchCourseCommand', external_id: `C-${i}`, internal_id: i + 1 }));
    writeFileSync(inputFile, JSON.stringify({ integration_uuid: integration.uuid, integration_psk: integration.psk, wait_for_processing: true, commands }));

    // script runs the CLI on a pseudo-terminal (stderr a TTY) and passes our ^C to it as the terminal would: SIGINT.
    const line = `node ${quote(cli.file)} exec run_commands --connection ${quote(connectionFile)} --input ${quote(inputFile)}`;
    const child = spawn('script', ['-qfec', line, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let interrupted = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      screen += s;
      if (!interrupted && screen.includes('waiting')) {
        interrupted = true;
        child.stdin.write('\x03');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));

    expect(interrupted).toBe(true);
    expect(code).toBe(130);
    // After the bar last hid the cursor and turned wrapping off, both come back.
    const afterBar = screen.slice(Math.max(screen.lastIndexOf(HIDE_CURSOR), screen.lastIndexOf(WRAP_OFF)));
    expect(afterBar).toContain(SHOW_CURSOR);
    expect(afterBar).toContain(WRAP_ON);
    const queued = acceptedBatches(emulator.dataDir, integration.uuid);
    expect(queued.batches).toBe(3);
    const said = screen.match(/extids: interrupted; 3 batches already queued: ([0-9a-f-]{36}), ([0-9a-f-]{36}), ([0-9a-f-]{36})\r?\n$/);
    expect(said).not.toBeNull();
    expect(screen).not.toContain(integration.psk);
    expect(screen).not.toContain(emulator.connection.client_secret);
  });
});
