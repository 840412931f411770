/**
 * The part of `npm run build` after tsup: writes `dist/connector.rb` (the Workato connector) and
 * `dist/manifest.json`, both generated from the connector definition. An optional argument names
 * another output directory (tests use a temporary one).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderManifest } from '../src/compile/manifest';
import { renderConnectorRb } from '../src/compile/ruby';

const out = resolve(process.argv[2] ?? join(__dirname, '..', 'dist'));
mkdirSync(out, { recursive: true });
for (const [file, content] of [
  ['connector.rb', renderConnectorRb()],
  ['manifest.json', renderManifest()],
] as const) {
  writeFileSync(join(out, file), content);
  console.log(`wrote ${join(out, file)} (${Buffer.byteLength(content)} bytes)`);
}
