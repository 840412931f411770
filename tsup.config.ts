import { defineConfig } from 'tsup';
import { studioPageBuild } from './src/studio/page-build';

export default defineConfig([
  {
    // The library: ESM, CommonJS and type declarations. The emulator and the recorded fixtures are
    // subpaths of their own, so that client users load neither fastify and SQLite nor nock.
    entry: { index: 'src/index.ts', emulator: 'src/emulator/index.ts', fixtures: 'src/record/index.ts' },
    format: ['esm', 'cjs'],
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.js' }),
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // The extids command.
    entry: { cli: 'src/cli/index.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    banner: { js: '#!/usr/bin/env node' },
    // A dependency, but loaded only by `extids record` (the CLI must start fast): never bundled.
    external: ['nock'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  },
  {
    // The studio's page (`extids studio`): one script and its style sheet, for the browser, beside the CLI.
    entry: { 'studio/app': 'src/studio/page/main.ts' },
    format: [studioPageBuild.format],
    outExtension: () => ({ js: '.js' }),
    platform: studioPageBuild.platform,
    target: studioPageBuild.target,
    minify: studioPageBuild.minify,
    esbuildOptions: (options) => {
      options.legalComments = studioPageBuild.legalComments;
    },
    sourcemap: false,
    tsconfig: 'src/studio/page/tsconfig.json',
  },
]);
