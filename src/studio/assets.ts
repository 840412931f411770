/**
 * What the studio serves besides its API: the page's script and style sheet, and the manifest the
 * page is built from. From a build (`dist/cli.js`) they are the files `npm run build` wrote beside
 * it: `dist/studio/app.js`, `dist/studio/app.css`, `dist/manifest.json`. Run from the sources (tsx,
 * the tests), the page is bundled in memory with esbuild and the manifest rendered from the
 * definition, so that neither can be stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StudioAssets {
  'app.js': string;
  'app.css': string;
  'manifest.json': string;
}

/** Where the page's sources are, from this module (src/studio). */
const PAGE_ENTRY = join(__dirname, 'page', 'main.ts');
/** Where a build puts the bundle, from dist/cli.js. */
const BUILT = join(__dirname, 'studio');

export class StudioNotBuiltError extends Error {
  readonly code = 'studio_not_built';
}

const fromBuild = (): StudioAssets => ({
  'app.js': readFileSync(join(BUILT, 'app.js'), 'utf8'),
  'app.css': readFileSync(join(BUILT, 'app.css'), 'utf8'),
  'manifest.json': readFileSync(join(__dirname, 'manifest.json'), 'utf8'),
});

const bundleSources = async (): Promise<StudioAssets> => {
  // Development only: esbuild comes with tsup, a dev dependency; a build never reaches this.
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const { studioPageBuild } = await import('./page-build');
  try {
    const result = await esbuild.build({ ...studioPageBuild, entryPoints: { app: PAGE_ENTRY }, write: false, outdir: '/studio' });
    const text = (ext: string) => (result.outputFiles ?? []).find((f) => f.path.endsWith(ext))?.text ?? '';
    const { renderManifest } = await import('../compile/manifest');
    return { 'app.js': text('.js'), 'app.css': text('.css'), 'manifest.json': renderManifest() };
  } finally {
    // esbuild's service process would outlive the bundle, and keep a test worker from exiting.
    await esbuild.stop();
  }
};

/** Bundled once per process: every studio a process starts serves the same sources. */
let bundled: Promise<StudioAssets> | undefined;
const fromSources = (): Promise<StudioAssets> => (bundled ??= bundleSources());

/** The files a build must hold for the studio, beside dist/cli.js. */
const BUILT_FILES = [join(BUILT, 'app.js'), join(BUILT, 'app.css'), join(__dirname, 'manifest.json')];

export const loadStudioAssets = async (): Promise<StudioAssets> => {
  const missing = BUILT_FILES.filter((f) => !existsSync(f));
  if (missing.length === 0) return fromBuild();
  // A build with part of the studio: say what is missing rather than fall back to sources that are not there.
  if (missing.length < BUILT_FILES.length) throw new StudioNotBuiltError(`the studio page is not wholly built (no ${missing.join(', ')}): run npm run build`);
  if (existsSync(PAGE_ENTRY)) return fromSources();
  throw new StudioNotBuiltError(`the studio page is not built (no ${join(BUILT, 'app.js')}): run npm run build`);
};
