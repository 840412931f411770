/** How the studio page is bundled, by tsup at build time and by esbuild from the sources: one script and one style sheet, for browsers of the last few years, nothing fetched at run time. */
export const studioPageBuild = {
  bundle: true,
  format: 'iife' as const,
  platform: 'browser' as const,
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'none' as const,
};
