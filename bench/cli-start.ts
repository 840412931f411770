/** CLI start: `extids --help` wall time against `node -e 0`, in the same run. Target ≤ 3×. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from './measure';

const RUNS = 15;

const medianWall = (args: string[]): number => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - start);
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
};

export const benchCliStart = (): BenchResult => {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  const nodeMs = medianWall(['-e', '0']);
  const helpMs = medianWall([cli, '--help']);
  const ratio = helpMs / nodeMs;
  return {
    name: 'cli-start',
    summary: `cli-start: extids --help ${helpMs.toFixed(0)} ms vs node -e 0 ${nodeMs.toFixed(0)} ms: ratio ${ratio.toFixed(2)} (target <= 3)`,
    figures: { help_ms: helpMs, node_ms: nodeMs, ratio },
    pass: ratio <= 3,
  };
};
