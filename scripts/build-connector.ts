/**
 * The part of `npm run build` after tsup: writes `dist/connector.rb` (the Workato connector) and
 * `dist/manifest.json`, both generated from the connector definition.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderManifest } from '../src/compile/manifest';
import { renderConnectorRb } from '../src/compile/ruby';

const dist = join(__dirname, '..', 'dist');
mkdirSync(dist, { recursive: true });
for (const [file, content] of [
  ['connector.rb', renderConnectorRb()],
  ['manifest.json', renderManifest()],
] as const) {
  writeFileSync(join(dist, file), content);
  console.log(`wrote dist/${file} (${Buffer.byteLength(content)} bytes)`);
}
