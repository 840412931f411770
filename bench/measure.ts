/** Timing helpers shared by the benchmarks. */
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  name: string;
  /** The one line the benchmark prints. */
  summary: string;
  /** Measured numbers, and the names of what they measured (the worst shape, say). */
  figures: Record<string, number | string>;
  /** Whether the figure meets its target. */
  pass: boolean;
}

/** The median wall time in milliseconds of `runs` calls of `fn`. */
export const median = (runs: number, fn: () => unknown): number => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
};
