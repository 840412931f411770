/** The built package (`npm run build`), so that benchmarks measure what users run. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type Package = typeof import('../src/index');

export const built = (): Package => {
  const entry = join(__dirname, '..', 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error('dist/index.js is missing: run npm run build first (npm run bench does)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(entry) as Package;
};
