/**
 * `npm run bench [name…]`: runs the benchmarks (all, or those named), prints one summary line each
 * and writes their figures to bench/results.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './measure';
import { benchCliStart } from './cli-start';
import { benchEndToEnd } from './end-to-end';
import { benchQueryAll } from './query-all';
import { benchQueryMemory } from './query-memory';
import { benchQueryShapes } from './query-shapes';
import { benchEmulator } from './emulator';
import { benchValidate } from './validate';
import { benchWorkato } from './workato';

const benchmarks: Record<string, () => BenchResult | Promise<BenchResult>> = {
  validate: benchValidate,
  emulator: benchEmulator,
  'end-to-end': benchEndToEnd,
  'query-all': benchQueryAll,
  'query-shapes': benchQueryShapes,
  'query-memory': benchQueryMemory,
  'cli-start': benchCliStart,
  workato: benchWorkato,
};

const main = async () => {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in benchmarks));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  const file = join(__dirname, 'results.json');
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first run
  }
  for (const name of wanted.length ? wanted : Object.keys(benchmarks)) {
    const result = await benchmarks[name]();
    console.log(`${result.pass ? 'PASS' : 'MISS'} ${result.summary}`);
    results[name] = { ...result.figures, pass: result.pass, at: new Date().toISOString(), node: process.version };
  }
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
};

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
