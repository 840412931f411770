/**
 * Writes every generated file (`npm run generate`), or with `--check` fails when a committed one is
 * stale or missing (`npm run generate:check`).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from '../src/compile/generated-files';

const root = join(__dirname, '..');

const main = async () => {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const f of await generatedFiles()) {
    const path = join(root, f.path);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === f.content) continue;
    if (check) stale.push(f.path);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
      console.log(`wrote ${f.path}`);
    }
  }
  if (stale.length) {
    console.error(`stale generated files (run npm run generate): ${stale.join(', ')}`);
    process.exit(1);
  }
};

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
