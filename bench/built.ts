/** The built package (`npm run build`), so that benchmarks measure what users run. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type Package = typeof import('../src/index') & typeof import('../src/emulator');

/** The package and its `emulator` subpath, as users load them. */
export const built = (): Package => {
  const load = (name: string) => {
    // BENCH_DIST: a build elsewhere (`npx tsup --out-dir …`), so that a benchmark leaves dist/ alone.
    const entry = join(process.env.BENCH_DIST ?? join(__dirname, '..', 'dist'), `${name}.js`);
    if (!existsSync(entry)) throw new Error(`dist/${name}.js is missing: run npm run build first (npm run bench does)`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(entry);
  };
  return { ...load('index'), ...load('emulator') } as Package;
};
