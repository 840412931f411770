/**
 * End to end: 100,000 commands through the client's runCommands against the emulator, waiting for
 * processing, against the emulator's own ingest of the same commands in the same run (chunks of
 * 1000 posted straight over HTTP, each with an idempotency key as the client sends, then each
 * batch's status read until it is completed). The ratio is the client's own overhead: validation, coercion, deriving
 * the keys, merging per-item results, polling. Target ≥ 0.8.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import { built } from './built';
import type { BenchResult } from './measure';

const N = 100_000;
const DEV = { client_id: 'extids-local', client_secret: 'extids-local-secret' };

/** Mixed commands of every shape but the reset-alls (each of which touches every mapping of its type). */
export const mixedCommands = (n: number, offset = 0): Record<string, unknown>[] => {
  const { commandTable, exampleCommand } = built();
  const rows = commandTable.filter((r) => r.operation !== 'reset_all');
  return Array.from({ length: n }, (_, i) => exampleCommand(rows[i % rows.length], offset + i));
};

const rawIngest = async (url: string, uuid: string, psk: string, commands: Record<string, unknown>[]): Promise<void> => {
  const token = (await axios.post(`${url}/oauth2/token`, new URLSearchParams({ grant_type: 'client_credentials', ...DEV, scope: 'api' }).toString())).data.access_token;
  const base = `${url}/external-ids/v1/integrations/${uuid}`;
  const batches: string[] = [];
  for (let start = 0; start < commands.length; start += 1000) {
    // With an idempotency key, as the client sends: the service's work is the same on both paths.
    const headers = { Authorization: `Bearer ${token}`, 'X-Integration-PSK': psk, 'Idempotency-Key': randomUUID() };
    batches.push((await axios.post(`${base}/commands`, { commands: commands.slice(start, start + 1000) }, { headers })).data.data.batch_id);
  }
  // Until all are processed, as seen over HTTP: each batch's status, until it is completed.
  const headers = { Authorization: `Bearer ${token}`, 'X-Integration-PSK': psk };
  for (const id of batches) {
    while ((await axios.get(`${base}/batches/${id}`, { headers })).data.data.status !== 'completed') await new Promise((r) => setTimeout(r, 50));
  }
};

export const benchEndToEnd = async (): Promise<BenchResult> => {
  const { startEmulator, createClient } = built();
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-bench-e2e-'));
  const emulator = await startEmulator({ port: 0, dataDir });
  try {
    const client = createClient({ domain: emulator.url, ...DEV });
    const a = await client.createIntegration({ name: 'RAW' });
    const b = await client.createIntegration({ name: 'CLIENT' });
    const commands = mixedCommands(N);

    let start = performance.now();
    await rawIngest(emulator.url, a.uuid, a.psk, commands);
    const rawMs = performance.now() - start;

    start = performance.now();
    const run = await client.integration({ uuid: b.uuid, psk: b.psk }).runLooseCommands(commands, { wait_for_processing: true, wait_timeout_seconds: 600, pollIntervalMs: 50 });
    const clientMs = performance.now() - start;
    if (run.processed! + run.failed! !== N) throw new Error(`only ${run.processed! + run.failed!} of ${N} commands were applied`);

    const raw = Math.round(N / (rawMs / 1000));
    const viaClient = Math.round(N / (clientMs / 1000));
    const ratio = viaClient / raw;
    return {
      name: 'end-to-end',
      summary: `end-to-end: ${viaClient.toLocaleString('en')} commands/s through runCommands (waiting for processing) vs ${raw.toLocaleString('en')} commands/s straight into the emulator: ratio ${ratio.toFixed(2)} (target >= 0.8)`,
      figures: { commands: N, client_commands_per_second: viaClient, raw_commands_per_second: raw, client_ms: clientMs, raw_ms: rawMs, ratio },
      pass: ratio >= 0.8,
    };
  } finally {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
