/**
 * Broken disks (issue 13, items 3 and 4): a damaged domain database is taken out of service alone
 * — its requests answered 503, one log line naming the file — while the other domains keep
 * serving; a data directory whose registry and domain databases disagree (acknowledged batches
 * gone with a truncated WAL, a registry deleted, a domain database emptied or missing) is refused
 * at start, saying which file, what was expected and what was found.
 *
 * A process killed while idle leaves its files as they are on disk: copying the data directory
 * of a live, idle emulator (its -wal files included, not checkpointed) is that crash image,
 * without a child process to kill.
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, cpSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirDamagedError } from '../../src/emulator';
import { isDamage } from '../../src/emulator/integrity';
import { createEmulatorServer } from '../../src/emulator/server';
import { extids } from '../support/cli';
import { Harness, tempDir, type Integration } from '../emulator/harness';

const ACME = { domain: 'acme.example', clientId: 'acme', clientSecret: 'acme-secret' };

const courses = (from: number, count: number) =>
  Array.from({ length: count }, (_, n) => ({ name: 'MatchCourseCommand', internal_id: from + n, external_id: `C${from + n}` }));

const domainFile = (dataDir: string, domain: string): string => {
  const name = readdirSync(dataDir).find((f) => f.startsWith(`domain-${domain}-`) && f.endsWith('.sqlite'));
  if (!name) throw new Error(`no database of ${domain} in ${dataDir}`);
  return join(dataDir, name);
};

const removeWithSidecars = (file: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

/** Flips the header bytes of the mappings table's root page: every read or write of a mapping goes through it. */
const corruptMappingsRoot = (file: string): void => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const { rootpage } = db.prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'mappings'").get()!;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const at = (rootpage - 1) * pageSize;
  const fd = openSync(file, 'r+');
  try {
    const bytes = Buffer.alloc(8);
    readSync(fd, bytes, 0, bytes.length, at);
    for (let k = 0; k < bytes.length; k++) bytes[k] ^= 0xff;
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
};

/** Copies what a kill of the (idle) emulator would leave on disk: the databases and their -wal files. */
const crashImage = (dataDir: string): string => {
  const image = tempDir();
  for (const f of readdirSync(dataDir)) if (/\.sqlite(-wal)?$/.test(f)) copyFileSync(join(dataDir, f), join(image, f));
  return image;
};

/** Two domains, each with an integration and some mappings; the emulator closed, everything checkpointed. */
const makeTwoDomains = async (): Promise<{ dataDir: string; local: Integration; acme: Integration }> => {
  const h = await Harness.start({ clients: [ACME] });
  const local = await h.createIntegration({ name: 'LOCAL' });
  await h.run(local, courses(1, 50));
  const acmeToken = await h.tokenFor(ACME.clientId, ACME.clientSecret);
  const acme = await h.createIntegration({ name: 'ACME' }, acmeToken);
  h.token = acmeToken;
  await h.run(acme, courses(1, 50));
  await h.server.close();
  return { dataDir: h.dataDir, local, acme };
};

let template: Awaited<ReturnType<typeof makeTwoDomains>>;
beforeAll(async () => {
  template = await makeTwoDomains();
});

/** A fresh copy of the two-domain data directory, for a test to damage. */
const twoDomains = async (): Promise<{ dataDir: string; local: Integration; acme: Integration }> => {
  const dataDir = tempDir();
  cpSync(template.dataDir, dataDir, { recursive: true });
  return { ...template, dataDir };
};

/** Starts on `dataDir` with both clients, capturing the log; the harness's token is the default client's. */
const restart = async (dataDir: string, lines: string[]) => Harness.start({ clients: [ACME], log: (line) => lines.push(line) }, {}, dataDir);

const refusal = (dataDir: string): DataDirDamagedError => {
  try {
    createEmulatorServer({ port: 0, dataDir, log: () => undefined }).close();
  } catch (e) {
    if (e instanceof DataDirDamagedError) return e;
    throw e;
  }
  throw new Error('the emulator started');
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of [...dirs, template?.dataDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('a damaged domain database', () => {
  it('is found at start and taken out of service alone: its requests get a 503 naming the file, one log line says so, the other domain keeps serving', async () => {
    const { dataDir, local, acme } = await twoDomains();
    dirs.push(dataDir);
    const damaged = domainFile(dataDir, 'localhost');
    corruptMappingsRoot(damaged);

    const lines: string[] = [];
    const h = await restart(dataDir, lines);
    try {
      const answer = await h.query(local);
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('unavailable');
      expect(answer.body.error.message).toContain(damaged.slice(dataDir.length + 1));
      expect(answer.body.error.message).toMatch(/damaged/);
      // Every request of the domain, not only those that read the broken page.
      expect((await h.call('GET', '/health')).status).toBe(503);
      expect((await h.call('POST', '/integrations', { body: { name: 'NEW' } })).status).toBe(503);

      h.token = await h.tokenFor(ACME.clientId, ACME.clientSecret);
      expect((await h.mappings(acme)).length).toBe(50);
      expect((await h.run(acme, courses(51, 10))).processed).toBe(10);

      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(damaged);
      expect(lines[0]).toMatch(/localhost.*out of service/);
    } finally {
      await h.close();
    }
  });

  it.each([
    ['whose first page is overwritten (not a database any more)', (file: string) => writeFileSync(file, Buffer.alloc(4096, 0x41), { flag: 'r+' })],
    [
      'with a byte deleted (no longer whole pages)',
      (file: string) => {
        const bytes = readFileSync(file);
        writeFileSync(file, Buffer.concat([bytes.subarray(0, 3 * 4096 + 17), bytes.subarray(3 * 4096 + 18)]));
      },
    ],
  ])('%s is taken out of service at start while the other domain serves', async (_, damage) => {
    const { dataDir, local, acme } = await twoDomains();
    dirs.push(dataDir);
    const damaged = domainFile(dataDir, 'localhost');
    damage(damaged);

    const lines: string[] = [];
    const h = await restart(dataDir, lines);
    try {
      expect((await h.query(local)).status).toBe(503);
      h.token = await h.tokenFor(ACME.clientId, ACME.clientSecret);
      expect((await h.mappings(acme)).length).toBe(50);
      expect(lines).toEqual([expect.stringContaining(damaged)]);
    } finally {
      await h.close();
    }
  });

  it('is told apart from other failures by its SQLite code: corrupt, not a database, or an I/O error', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB', 'SQLITE_IOERR', 'SQLITE_IOERR_SHORT_READ']) expect([code, isDamage(withCode(code))]).toEqual([code, true]);
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSY', 'SQLITE_ERROR', 'ERR_INVALID_ARG_TYPE']) expect([code, isDamage(withCode(code))]).toEqual([code, false]);
    expect(isDamage(new TypeError('x'))).toBe(false);
    expect(isDamage(undefined)).toBe(false);
  });

  /** Corrupts the local domain's mappings under a running emulator: checkpointed, a root page flipped, then a write that makes its connection drop its page cache. */
  const breakWhileRunning = (h: Harness): string => {
    const file = domainFile(h.dataDir, 'localhost');
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    corruptMappingsRoot(file);
    db.prepare('UPDATE integrations SET name = name').run();
    db.close();
    return file;
  };

  it('met by the queue consumer takes that domain out of service instead of crashing the process; the other domain keeps serving', async () => {
    const lines: string[] = [];
    const h = await Harness.start({ clients: [ACME], log: (line) => lines.push(line) });
    try {
      const local = await h.createIntegration({ name: 'LOCAL' });
      await h.run(local, courses(1, 50));
      const acmeToken = await h.tokenFor(ACME.clientId, ACME.clientSecret);
      const acme = await h.createIntegration({ name: 'ACME' }, acmeToken);
      const file = breakWhileRunning(h);

      // Accepting touches only the queue; applying meets the broken page.
      expect((await h.send(local, courses(51, 10))).status).toBe(202);
      await h.idle();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect((await h.query(local)).status).toBe(503);

      h.token = acmeToken;
      expect((await h.run(acme, courses(1, 10))).processed).toBe(10);
    } finally {
      await h.close();
    }
    // Bounded: before the fix, the consumer's uncaught error ended the test only by its timeout.
  }, 10_000);

  it('met by a request is answered 503 naming the file, not as an unexpected problem, and takes the domain out of service', async () => {
    const lines: string[] = [];
    const h = await Harness.start({ clients: [ACME], log: (line) => lines.push(line) });
    try {
      const local = await h.createIntegration({ name: 'LOCAL' });
      await h.run(local, courses(1, 50));
      const file = breakWhileRunning(h);

      const answer = await h.query(local);
      expect(answer.status).toBe(503);
      expect(answer.body.error.message).toContain(file.slice(h.dataDir.length + 1));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      // Out of service from then on, with the same answer, and still one log line.
      expect((await h.call('GET', '/health')).status).toBe(503);
      expect(lines).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe('a data directory whose databases disagree', () => {
  it('is refused when a domain lost acknowledged batches with its truncated WAL, naming the file and the batches expected and found', async () => {
    const { dataDir, local } = await twoDomains();
    dirs.push(dataDir);
    const h = await Harness.start({ clients: [ACME], log: () => undefined }, {}, dataDir);
    let image: string;
    try {
      for (let r = 0; r < 3; r++) expect((await h.send(local, courses(100 + r * 10, 10))).status).toBe(202);
      await h.idle();
      image = crashImage(dataDir);
      dirs.push(image);
    } finally {
      await h.server.close();
    }
    const file = domainFile(image, 'localhost');
    // The -wal of the domain cut back to its header: the three accepted batches are gone.
    expect(statSync(file + '-wal').size).toBeGreaterThan(32);
    truncateSync(file + '-wal', 32);

    const e = refusal(image);
    expect(e.code).toBe('data_dir_damaged');
    expect(e.message).toContain(image);
    expect(e.message).toContain(file.slice(image.length + 1));
    expect(e.message).toMatch(/expected every batch acknowledged up to #4 .*found batches up to #1/);
    expect(e.message).toMatch(/restore/i);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('is refused when the registry was deleted while domain databases hold integrations, and nothing is created', async () => {
    const { dataDir } = await twoDomains();
    dirs.push(dataDir);
    removeWithSidecars(join(dataDir, 'registry.sqlite'));

    const e = refusal(dataDir);
    expect(e.message).toMatch(/registry\.sqlite: expected .*found no file/);
    expect(e.message).toContain(domainFile(dataDir, 'localhost').slice(dataDir.length + 1));
    expect(e.message).toContain(domainFile(dataDir, 'acme.example').slice(dataDir.length + 1));
    expect(existsSync(join(dataDir, 'registry.sqlite'))).toBe(false);
  });

  it.each([
    ['emptied', (file: string) => (truncateSync(file, 0), rmSync(file + '-wal', { force: true })), /found no integrations/],
    ['deleted', (file: string) => removeWithSidecars(file), /found no file/],
  ])('is refused when a domain database the registry lists integrations for was %s', async (_, damage, found) => {
    const { dataDir, local } = await twoDomains();
    dirs.push(dataDir);
    const file = domainFile(dataDir, 'localhost');
    damage(file);

    const e = refusal(dataDir);
    expect(e.message).toContain(`${file.slice(dataDir.length + 1)}: expected the 1 integration registry.sqlite lists for domain localhost (${local.uuid})`);
    expect(e.message).toMatch(found);
    // Only the disagreeing file is named.
    expect(e.problems).toHaveLength(1);
  });

  // Bounded: before the refusal existed, serve started and waited for a signal.
  it('is refused by `extids serve` with the explanation on one line per problem, no stack trace, and exit code 1', async () => {
    const { dataDir } = await twoDomains();
    dirs.push(dataDir);
    removeWithSidecars(join(dataDir, 'registry.sqlite'));
    const { code, stdout, stderr } = await extids('serve', '--port', '0', '--data-dir', dataDir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^extids: the data directory .* is damaged/);
    expect(stderr).toMatch(/registry\.sqlite: expected/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 10_000);
});

describe('a data directory that agrees', () => {
  it('starts when a crash came between creating an integration and recording it in the registry, and records it', async () => {
    const { dataDir, local } = await twoDomains();
    dirs.push(dataDir);
    const registry = new Database(join(dataDir, 'registry.sqlite'));
    registry.prepare('DELETE FROM integrations WHERE uuid = ?').run(local.uuid);
    registry.close();

    const h = await restart(dataDir, []);
    try {
      expect((await h.mappings(local)).length).toBe(50);
    } finally {
      await h.server.close();
    }
    // Recorded again: emptying the domain now is noticed.
    truncateSync(domainFile(dataDir, 'localhost'), 0);
    expect(refusal(dataDir).message).toContain(local.uuid);
  });

  it('from before integrity records starts, and gets them from its domain databases', async () => {
    const { dataDir, local } = await twoDomains();
    dirs.push(dataDir);
    const registry = new Database(join(dataDir, 'registry.sqlite'));
    registry.exec('DROP TABLE integrations; DROP TABLE acknowledged; PRAGMA user_version = 0');
    registry.close();

    const h = await restart(dataDir, []);
    await h.server.close();
    truncateSync(domainFile(dataDir, 'localhost'), 0);
    expect(refusal(dataDir).message).toContain(local.uuid);
  });
});

describe('--durability', () => {
  it('is synchronous=NORMAL by default and FULL when asked, for the registry and every domain database', async () => {
    const { dataDir } = await twoDomains();
    dirs.push(dataDir);
    for (const [durability, level] of [[undefined, 1], ['full', 2]] as const) {
      const server = createEmulatorServer({ dataDir, clients: [ACME], durability, log: () => undefined });
      try {
        expect(server.domains.stores().map((s) => s.db.pragma('synchronous', { simple: true }))).toEqual([level, level]);
        expect(server.domains.registry.synchronous()).toBe(level);
      } finally {
        await server.close();
      }
    }
  });

  it('takes only normal or full on the command line', async () => {
    const { code, stderr } = await extids('serve', '--durability', 'always');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--durability takes normal or full/);
  });
});
