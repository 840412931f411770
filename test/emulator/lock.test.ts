/** One emulator per data directory: a second refuses to start, naming the process that holds it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirInUseError, startEmulator } from '../../src/emulator';
import { LOCK_FILE } from '../../src/emulator/lock';
import { http, tempDir } from './harness';

const health = async (url: string) => {
  const token = JSON.parse(
    (await http(`${url}/oauth2/token`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }))).text,
  ).access_token;
  return (await http(`${url}/external-ids/v1/health`, 'GET', { authorization: `Bearer ${token}` })).status;
};

/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the data directory lock', () => {
  it('refuses a second emulator on the same directory, naming it and the holding process; the first keeps serving', async () => {
    const first = await startEmulator({ port: 0, dataDir: dir });
    try {
      const second = startEmulator({ port: 0, dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(second).rejects.toMatchObject({ dataDir: dir, pid: process.pid });
      await expect(second).rejects.toThrow(`the data directory ${dir} is in use by another emulator (process ${process.pid})`);
      expect(await health(first.url)).toBe(200);
    } finally {
      await first.close();
    }
  });

  it('is released on close, so that the directory can be used again', async () => {
    const first = await startEmulator({ port: 0, dataDir: dir });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await startEmulator({ port: 0, dataDir: dir });
    try {
      expect(await health(again.url)).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('is released when the emulator cannot listen', async () => {
    const otherDir = tempDir();
    const first = await startEmulator({ port: 0, dataDir: otherDir });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startEmulator({ port, dataDir: dir })).rejects.toThrow(/EADDRINUSE|address already in use/);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    } finally {
      await first.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a process that has exited', () => `${deadPid()}\n`],
    ['no pid at all', () => ''],
  ])('takes over a stale lock holding %s', async (_what, content) => {
    writeFileSync(join(dir, LOCK_FILE), content());
    const e = await startEmulator({ port: 0, dataDir: dir });
    try {
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
      expect(await health(e.url)).toBe(200);
    } finally {
      await e.close();
    }
  });
});

describe('extids serve on a directory in use', () => {
  const serve = (dataDir: string): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../src/cli/index.ts'), 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });

  it('refuses to start, in one line naming the directory and the pid of the serve holding it, with exit code 1', async () => {
    const first = serve(dir);
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        first.stdout!.on('data', (c: Buffer) => (out += c.toString()).includes('Ctrl+C') && resolve());
        first.on('exit', (code) => reject(new Error(`the first serve exited with ${code}`)));
      });
      const second = serve(dir);
      let stdout = '';
      let stderr = '';
      second.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
      second.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((r) => second.once('close', (c) => r(c)));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(`extids: the data directory ${dir} is in use by another emulator (process ${first.pid}); stop that one, or use another data directory\n`);
      expect(first.exitCode).toBeNull();
    } finally {
      if (first.exitCode === null) first.kill('SIGTERM');
      await new Promise((r) => (first.exitCode === null ? first.once('exit', r) : r(undefined)));
      first.stdout!.destroy();
      first.stderr!.destroy();
    }
  });
});
