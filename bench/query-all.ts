/**
 * Query all: 100,000 mappings streamed through queryAll in pages of 1000; rows per second and the
 * peak growth of the process's resident memory while streaming. Target: under 64 MiB — memory
 * does not grow with the result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { built } from './built';
import { mixedCommands } from './end-to-end';
import type { BenchResult } from './measure';

const N = 100_000;
const MiB = 1024 * 1024;

export const benchQueryAll = async (): Promise<BenchResult> => {
  const { startEmulator, createClient } = built();
  const dataDir = mkdtempSync(join(tmpdir(), 'extids-bench-query-'));
  const emulator = await startEmulator({ port: 0, dataDir });
  try {
    const client = createClient({ domain: emulator.url, client_id: 'extids-local', client_secret: 'extids-local-secret' });
    const created = await client.createIntegration({ name: 'QUERY-ALL' });
    const integration = client.integration({ uuid: created.uuid, psk: created.psk });
    // Only commands that create mappings: every one of them a row.
    const { commandTable } = built();
    const matchRows = new Set(commandTable.filter((r) => r.operation === 'match').map((r) => r.name));
    const commands = mixedCommands(N * 3).filter((c) => matchRows.has(c.name as string)).slice(0, N);
    await integration.runLooseCommands(commands, { wait_for_processing: true, wait_timeout_seconds: 600, pollIntervalMs: 50 });

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let rows = 0;
    const start = performance.now();
    for await (const mapping of integration.queryAll({ page_size: 1000 })) {
      if (mapping.integration_id) rows++;
      if (rows % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const ms = performance.now() - start;
    if (rows !== N) throw new Error(`streamed ${rows} rows, expected ${N}`);
    const growth = (peak - baseline) / MiB;
    const perSecond = Math.round(rows / (ms / 1000));
    return {
      name: 'query-all',
      summary: `query-all: ${perSecond.toLocaleString('en')} rows/s (${rows.toLocaleString('en')} mappings in pages of 1000, ${(ms / 1000).toFixed(1)} s); peak RSS growth ${growth.toFixed(1)} MiB (target < 64 MiB)`,
      figures: { rows, rows_per_second: perSecond, ms, rss_growth_mib: growth },
      pass: growth < 64,
    };
  } finally {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
