/** `npm run build` writes connector.rb and manifest.json next to the bundle, from the definition. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { version, scripts } from '../../package.json';
import { renderManifest } from '../../src/compile/manifest';
import { renderConnectorRb } from '../../src/compile/ruby';

describe('the connector build step', () => {
  it('runs after tsup in npm run build', () => expect(scripts.build).toBe('tsup && tsx scripts/build-connector.ts'));

  it('writes connector.rb and manifest.json as the generators render them', () => {
    const out = mkdtempSync(join(tmpdir(), 'extids-build-'));
    try {
      const run = spawnSync(join(__dirname, '../../node_modules/.bin/tsx'), [join(__dirname, '../../scripts/build-connector.ts'), out], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(readFileSync(join(out, 'connector.rb'), 'utf8')).toBe(renderConnectorRb());
      expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(renderManifest());
      expect(JSON.parse(renderManifest()).version).toBe(version);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
