/**
 * The emulator's memory under varied query shapes: 2,000 queries over HTTP, each of a shape of its
 * own — every sort, entity selections with and without ids, time bounds, and up to 100 metadata
 * filters of random keys (nested, quoted), operators and value types — against 10,000 mappings.
 * The figure is the growth of the process's resident memory (emulator and client in one process)
 * over the run, at its peak and after a garbage collection. Target: under 64 MiB.
 */
import { mappingTimestamps } from '../connector/model/mapping';
import { entitySelectionNames, sortDirections, sortFields } from '../connector/model/query';
import { startBenchEmulator } from './emulator-client';
import type { BenchResult } from './measure';
import { commandAt, fillEvents } from './query-shapes';

const MAPPINGS = 10_000;
const QUERIES = 2_000;
const MiB = 1024 * 1024;
const TARGET_MIB = 64;

/** A seeded generator: the same shapes on every run. */
const random = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);

const keys = ['dept', 'dept.code', 'source', 'active', 'level', 'note', 'a.b.c', 'we"ird', 'back\\slash', 'sp ace', 'é'];
const values = ['D3', 'hris', '', 'x"y', 0, 1, 1.5, -3, true, false, null];

const shapeAt = (next: () => number): Record<string, unknown> => {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const body: Record<string, unknown> = { sort_by: pick(sortFields), sort_direction: pick(sortDirections), page_size: 1 + Math.floor(next() * 200) };
  const filters = Math.floor(next() * 101);
  body.metadata_filters = Array.from({ length: filters }, (_, k) => ({ key: `${pick(keys)}${next() < 0.5 ? `.k${k}` : ''}`, operator: next() < 0.5 ? 'eq' : 'neq', value: pick(values) }));
  for (const t of mappingTimestamps) {
    if (next() < 0.2) body[`${t}_from`] = '2020-01-01T00:00:00Z';
    if (next() < 0.2) body[`${t}_to`] = '2100-01-01T00:00:00Z';
  }
  if (next() < 0.6) {
    const ids = () => Array.from({ length: Math.floor(next() * 3) }, () => 1 + Math.floor(next() * MAPPINGS));
    const entities: Record<string, unknown> = {};
    for (const name of entitySelectionNames) {
      if (next() < 0.3) continue;
      if (name.endsWith('enrollments')) entities[name] = ids().map((id) => ({ user_id: id, [name.replace('_enrollments', '_id')]: id + 1 }));
      else if (name === 'users') entities[name] = { user_ids: ids() };
      else entities[name] = { [`${name.replace(/s$/, '')}_ids`]: ids() };
    }
    body.entities = entities;
  }
  if (next() < 0.2) body.page = 1 + Math.floor(next() * 5);
  return body;
};

export const benchQueryMemory = async (): Promise<BenchResult> => {
  const e = await startBenchEmulator(fillEvents);
  try {
    await e.run(Array.from({ length: MAPPINGS }, (_, n) => commandAt(n)));
    const next = random(7);
    // Warm-up: validators, the first statements, the allocator's pools.
    for (let q = 0; q < 50; q++) await e.query(shapeAt(next));
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const start = Date.now();
    for (let q = 0; q < QUERIES; q++) {
      await e.query(shapeAt(next));
      if (q % 20 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (Date.now() - start) / 1000;
    global.gc?.();
    const after = process.memoryUsage().rss;
    const peakGrowth = (peak - baseline) / MiB;
    const retained = (after - baseline) / MiB;
    return {
      name: 'query-memory',
      summary:
        `query-memory: ${QUERIES.toLocaleString('en')} queries of distinct shapes (up to 100 metadata filters) over ${MAPPINGS.toLocaleString('en')} mappings in ${seconds.toFixed(1)} s; ` +
        `RSS growth ${peakGrowth.toFixed(1)} MiB at peak, ${retained.toFixed(1)} MiB after GC (target < ${TARGET_MIB} MiB); RSS ${(after / MiB).toFixed(0)} MiB`,
      figures: { queries: QUERIES, mappings: MAPPINGS, seconds, rss_baseline_mib: baseline / MiB, rss_peak_growth_mib: peakGrowth, rss_retained_mib: retained },
      pass: peakGrowth < TARGET_MIB,
    };
  } finally {
    await e.close();
  }
};
