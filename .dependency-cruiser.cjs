/**
 * The layers of this package, and the one direction imports may take between them. The list is
 * the rule: a module may import from its own layer and from the layers before it, never after.
 * Checked by test/architecture/layers.test.ts with dependency-cruiser.
 */
const layers = [
  // The definition: declarations as data, the types to declare them, the schemas derived from them,
  // the wire's value formats (instants, UUIDs, canonical JSON).
  { name: 'definition', path: '^(connector/|src/(sdk|types|schemas|values)/|src/errors\\.ts$)' },
  // Checking values against the definition, in every runtime.
  { name: 'validate', path: '^src/validate/' },
  // Generating files (connector.rb, manifest, OpenAPI, types): never the HTTP client.
  { name: 'compile', path: '^src/compile/' },
  // Talking to the service: the client, the runnable connector.
  { name: 'runtime', path: '^src/runtime/' },
  // The local service, recording fixtures against a service.
  { name: 'service', path: '^src/(emulator|record)/' },
  // The command line (with the studio's server and page), the package's entry points, the build scripts.
  { name: 'cli', path: '^(src/cli/|src/studio/|src/index\\.ts$|scripts/)' },
];

const later = (i) => layers.slice(i + 1).map((l) => `(${l.path})`).join('|');

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'a cycle of modules', severity: 'error', from: {}, to: { circular: true } },
    ...layers.slice(0, -1).map((layer, i) => ({
      name: `${layer.name}-imports-a-later-layer`,
      comment: `${layer.name} may import only itself and ${layers.slice(0, i).map((l) => l.name).join(', ') || 'nothing else'}`,
      severity: 'error',
      from: { path: layer.path },
      to: { path: later(i) },
    })),
    {
      name: 'generators-load-no-http-client',
      comment: 'generating files must not load the HTTP client',
      severity: 'error',
      from: { path: '^(src/compile/|scripts/)' },
      to: { path: 'node_modules/(axios|nock)/', reachable: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
