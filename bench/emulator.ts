/**
 * The emulator's throughput: 100,000 mixed commands (every Match type, MapUserCommand pairs in
 * both orders, resets) sent through HTTP in requests of 1000, queued and applied until all are
 * processed — against the storage limit: the same rows upserted directly with better-sqlite3 in one
 * process, into the very table and indexes the emulator uses, in transactions of 1000. Target: the
 * HTTP path at least 20% of the direct one. Also times a 1000-row query page over 100,000 mappings.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/emulator/store';
import type { BenchResult } from './measure';
import { built } from './built';

const N = 100_000;
const PER_REQUEST = 1000;

const uuid = (n: number) => `7f3c2a10-5b1e-4c2d-9a4f-${n.toString(16).padStart(12, '0')}`;

/** The nth command of the mix: mostly matches of every type, some MapUserCommand pairs, a few resets. */
const commandAt = (n: number): Record<string, unknown> => {
  const metadata = n % 3 === 0 ? { source: 'hris', dept: { code: `D${n % 7}` }, active: n % 2 === 0 } : undefined;
  const m = metadata ? { metadata } : {};
  switch (n % 20) {
    case 0:
    case 1:
    case 2:
      return { name: 'MatchUserCommand', internal_id: n + 1, internal_uuid: uuid(n + 1), external_id: `U${n}`, ...m };
    case 3:
    case 4:
      return { name: 'MatchCourseCommand', internal_id: n + 1, external_id: `C${n}`, ...m };
    case 5:
    case 6:
      return { name: 'MatchSessionCommand', internal_id: n + 1, course_id: (n % 500) + 1, external_id: `S${n}`, ...m };
    case 7:
      return { name: 'MatchLearningPlanCommand', internal_id: n + 1, external_id: `L${n}`, ...m };
    case 8:
    case 9:
    case 10:
      return { name: 'MatchCourseEnrollmentCommand', internal_id: (n % 5000) + 1, course_id: n + 1, external_id: `CE${n}`, ...m };
    case 11:
    case 12:
      return { name: 'MatchSessionEnrollmentCommand', internal_id: (n % 5000) + 1, session_id: n + 1, external_id: `SE${n}`, ...m };
    case 13:
    case 14:
      return { name: 'MatchLearningPlanEnrollmentCommand', internal_id: (n % 5000) + 1, learning_plan_id: n + 1, external_id: `LE${n}`, ...m };
    case 15:
      return { name: 'MapUserCommand', mapping_id: `user${n}@example.com`, internal_id: 10_000_000 + n, internal_uuid: uuid(10_000_000 + n) };
    case 16:
      return { name: 'MapUserCommand', mapping_id: `user${n - 1}@example.com`, external_id: `M${n - 1}`, ...m };
    case 17:
      return { name: 'MapUserCommand', mapping_id: `user${n + 1}@example.com`, external_id: `M${n + 1}` };
    case 18:
      return { name: 'MapUserCommand', mapping_id: `user${n}@example.com`, internal_id: 10_000_000 + n, internal_uuid: uuid(10_000_000 + n) };
    default:
      return { name: 'ResetCourseMatchCommand', internal_id: n - 15 };
  }
};

/** The row each command writes, as a direct upsert would: [entity_type, ekey, external_id, internal_id, user_id, course_id, session_id, learning_plan_id, metadata]. */
const rowOf = (c: Record<string, unknown>): unknown[] => {
  const id = (c.internal_id as number | undefined) ?? null;
  const ext = (c.external_id as string | undefined) ?? null;
  const meta = c.metadata === undefined ? null : JSON.stringify(c.metadata);
  switch (c.name) {
    case 'MatchUserCommand':
      return ['user', String(id), ext, id, id, null, null, null, meta, c.internal_uuid, null];
    case 'MatchCourseCommand':
    case 'ResetCourseMatchCommand':
      return ['course', String(id), ext, id, null, id, null, null, meta, null, null];
    case 'MatchSessionCommand':
      return ['session', String(id), ext, id, null, c.course_id, id, null, meta, null, null];
    case 'MatchLearningPlanCommand':
      return ['learning_plan', String(id), ext, id, null, null, null, id, meta, null, null];
    case 'MatchCourseEnrollmentCommand':
      return ['course_enrollment', `${id}:${c.course_id}`, ext, id, id, c.course_id, null, null, meta, null, null];
    case 'MatchSessionEnrollmentCommand':
      return ['session_enrollment', `${id}:${c.session_id}`, ext, id, id, null, c.session_id, null, meta, null, null];
    case 'MatchLearningPlanEnrollmentCommand':
      return ['learning_plan_enrollment', `${id}:${c.learning_plan_id}`, ext, id, id, null, null, c.learning_plan_id, meta, null, null];
    default:
      // MapUserCommand: keyed by its mapping id here, which is what it shares.
      return ['user', `m:${c.mapping_id}`, ext, id, id, null, null, null, meta, c.internal_uuid ?? null, c.mapping_id];
  }
};

const direct = (commands: Record<string, unknown>[]): number => {
  const dir = mkdtempSync(join(tmpdir(), 'extids-bench-direct-'));
  try {
    const db = openDatabase(join(dir, 'direct.sqlite'));
    const upsert = db.prepare(
      `INSERT INTO mappings (integration_id, entity_type, ekey, external_id, internal_id, user_id, course_id, session_id, learning_plan_id, metadata,
         internal_uuid, mapping_id, created_at, updated_at, matched_at, touched_at, change)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'created')
       ON CONFLICT (integration_id, entity_type, ekey) DO UPDATE SET external_id = excluded.external_id, metadata = coalesce(excluded.metadata, metadata),
         matched_at = excluded.matched_at, updated_at = excluded.updated_at, touched_at = excluded.touched_at`,
    );
    const chunk = db.transaction((rows: unknown[][]) => {
      const now = Date.now();
      for (const r of rows) upsert.run(...r, now, now, now, now);
    });
    const rows = commands.map(rowOf);
    const start = performance.now();
    for (let i = 0; i < rows.length; i += PER_REQUEST) chunk(rows.slice(i, i + PER_REQUEST));
    const ms = performance.now() - start;
    db.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const call = (url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });

export const benchEmulator = async (): Promise<BenchResult> => {
  const { startEmulator } = built();
  const commands = Array.from({ length: N }, (_, n) => commandAt(n));
  const bodies: string[] = [];
  for (let i = 0; i < N; i += PER_REQUEST) bodies.push(JSON.stringify({ commands: commands.slice(i, i + PER_REQUEST) }));

  const dataDir = mkdtempSync(join(tmpdir(), 'extids-bench-'));
  const emulator = await startEmulator({ port: 0, dataDir });
  try {
    const base = emulator.url + emulator.basePath;
    const token = JSON.parse(
      (await call(`${emulator.url}/oauth2/token`, 'POST', {}, JSON.stringify({ grant_type: 'client_credentials', client_id: 'extids-local', client_secret: 'extids-local-secret' }))).text,
    ).access_token as string;
    const auth = { authorization: `Bearer ${token}` };
    const integration = JSON.parse((await call(`${base}/integrations`, 'POST', auth, JSON.stringify({ name: 'BENCH' }))).text).data as { uuid: string; psk: string };
    const headers = { ...auth, 'x-integration-psk': integration.psk };
    // Warm-up: the PSK check (scrypt, once), compiled validators, prepared statements.
    await call(`${base}/integrations/${integration.uuid}/commands`, 'POST', headers, JSON.stringify({ commands: [{ name: 'MatchCourseCommand', internal_id: 999_999_999, external_id: 'WARM' }] }));
    await emulator.idle();

    // The HTTP path: requests one after another, as a connector sends them, then until all are applied.
    let accepted = 0;
    const start = performance.now();
    for (let r = 0; r < bodies.length; r++) {
      const answer = await call(`${base}/integrations/${integration.uuid}/commands`, 'POST', { ...headers, 'idempotency-key': `bench:${r}` }, bodies[r]);
      if (answer.status !== 202) throw new Error(`request ${r}: ${answer.status} ${answer.text.slice(0, 200)}`);
      accepted += JSON.parse(answer.text).data.accepted as number;
    }
    const acceptedMs = performance.now() - start;
    await emulator.idle();
    const httpMs = performance.now() - start;
    if (accepted !== N) throw new Error(`accepted ${accepted} of ${N}`);

    const directMs = direct(commands);

    // Top up to 100,000 mappings (untimed), then time 1000-row pages.
    const query = async (body: unknown) => JSON.parse((await call(`${base}/integrations/${integration.uuid}/entities/query`, 'POST', headers, JSON.stringify(body))).text).data;
    let total = (await query({ page_size: 1 })).total_count as number;
    for (let n = 0; total < 100_000; n += PER_REQUEST) {
      const more = Array.from({ length: Math.min(PER_REQUEST, 100_000 - total) }, (_, k) => ({ name: 'MatchCourseCommand', internal_id: 50_000_000 + n + k, external_id: `TOP${n + k}` }));
      await call(`${base}/integrations/${integration.uuid}/commands`, 'POST', headers, JSON.stringify({ commands: more }));
      await emulator.idle();
      total = (await query({ page_size: 1 })).total_count;
    }
    const timePage = async (body: Record<string, unknown>) => {
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const t = performance.now();
        const page = await query({ page_size: 1000, ...body });
        times.push(performance.now() - t);
        if (page.items.length === 0) throw new Error('empty page');
      }
      return times.sort((a, b) => a - b)[2];
    };
    const firstPageMs = await timePage({});
    const deepPageMs = await timePage({ page: 90 });
    const filteredMs = await timePage({ sort_by: 'matched_at', sort_direction: 'desc', metadata_filters: [{ key: 'dept.code', operator: 'neq', value: 'D3' }] });

    const httpPerSecond = Math.round(N / (httpMs / 1000));
    const directPerSecond = Math.round(N / (directMs / 1000));
    const ratio = httpPerSecond / directPerSecond;
    return {
      name: 'emulator',
      summary:
        `emulator: HTTP ${httpPerSecond.toLocaleString('en')} commands/s (${N.toLocaleString('en')} accepted in ${(acceptedMs / 1000).toFixed(2)} s, all applied in ${(httpMs / 1000).toFixed(2)} s) ` +
        `vs direct better-sqlite3 ${directPerSecond.toLocaleString('en')} rows/s: ratio ${ratio.toFixed(2)} (target >= 0.20); ` +
        `1000-row query page over ${total.toLocaleString('en')} mappings: ${firstPageMs.toFixed(1)} ms (page 90: ${deepPageMs.toFixed(1)} ms, metadata filter + matched_at desc: ${filteredMs.toFixed(1)} ms)`,
      figures: {
        commands: N,
        http_commands_per_second: httpPerSecond,
        http_accept_ms: acceptedMs,
        http_total_ms: httpMs,
        direct_rows_per_second: directPerSecond,
        direct_ms: directMs,
        ratio,
        mappings: total,
        query_page_ms: firstPageMs,
        query_deep_page_ms: deepPageMs,
        query_filtered_page_ms: filteredMs,
      },
      pass: ratio >= 0.2,
    };
  } finally {
    await emulator.close();
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
