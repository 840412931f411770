import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { startEmulator } from '../../src/emulator';
import { registerServeCommand } from '../../src/cli/serve';
import { http, tempDir } from './harness';

describe('startEmulator', () => {
  it('listens on a free port of 127.0.0.1, tells its URL without the base path, waits for the queue, and closes', async () => {
    const dataDir = tempDir();
    try {
      const e = await startEmulator({ port: 0, dataDir });
      expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(e.basePath).toBe('/external-ids/v1');
      const token = JSON.parse(
        (await http(`${e.url}/oauth2/token`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }))).text,
      ).access_token;
      const health = await http(`${e.url}${e.basePath}/health`, 'GET', { authorization: `Bearer ${token}` });
      expect(JSON.parse(health.text)).toEqual({ data: { status: 'ok', domain: 'localhost' } });
      await e.idle();
      await e.close();
      await expect(http(`${e.url}${e.basePath}/health`, 'GET', { authorization: `Bearer ${token}`, connection: 'close' })).rejects.toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('honours a base path of its own', async () => {
    const dataDir = tempDir();
    const e = await startEmulator({ port: 0, dataDir, basePath: '/custom/v9/' });
    try {
      expect(e.basePath).toBe('/custom/v9');
      const r = await http(`${e.url}/custom/v9/health`, 'GET', {});
      expect(r.status).toBe(401);
    } finally {
      await e.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses options that cannot work', async () => {
    const never = join(tmpdir(), 'extids-never-created');
    await expect(startEmulator({ port: 0, dataDir: never, faultRate: 2 })).rejects.toThrow(/faultRate/);
    await expect(startEmulator({ port: 0, dataDir: never, rateLimit: -1 })).rejects.toThrow(/rateLimit/);
  });
});

describe('extids serve', () => {
  it('takes exactly the flags of the contract', () => {
    const program = new Command();
    registerServeCommand(program);
    const serve = program.commands.find((c) => c.name() === 'serve')!;
    expect(serve.options.map((o) => o.long).sort()).toEqual(
      ['--port', '--host', '--allow-host', '--data-dir', '--domain', '--client-id', '--client-secret', '--client-secret-file', '--username', '--password', '--password-file', '--client', '--clients-file', '--rate-limit', '--fault-rate', '--durability', '--json'].sort(),
    );
  });

  it('prints the base URL and the credentials it accepts, hides a given secret, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '../../src/cli/index.ts'), 'serve', '--port', '0', '--data-dir', dataDir, '--client-secret', 'my-own-secret', '--client', 'acme.example:acme:acme-secret'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', () => out.includes('Ctrl+C') && resolve());
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(out)![1];
      expect(out).toContain(`Connection domain: ${url}`);
      expect(out).toContain('client_id extids-local');
      expect(out).toContain('client_id acme');
      expect(out).toContain('extids-local-password');
      expect(out).not.toContain('my-own-secret');
      expect(out).not.toContain('acme-secret');
      const token = await http(`${url}/oauth2/token`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'my-own-secret' }));
      expect(token.status).toBe(200);
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(out).toContain('Stopped.');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      child.stdout!.destroy();
      child.stderr!.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
