/**
 * The emulator's own dependencies are optional peers of the package, so that a project that only
 * needs the client installs no web server and compiles no SQLite. Imported first by the emulator's
 * entry: a missing one is one line saying what to install, not a require stack.
 */
import { peerDependencies } from '../../package.json';

/** The emulator cannot start: `missing` are not installed. */
export class EmulatorDependencyError extends Error {
  readonly code = 'emulator_dependencies_missing';
  constructor(readonly missing: string[]) {
    super(`the emulator needs ${missing.join(' and ')}, optional dependencies of docebo-external-ids-connector: npm install ${missing.map((m) => `${m}@${(peerDependencies as Record<string, string>)[m]}`).join(' ')}`);
    this.name = 'EmulatorDependencyError';
  }
}

const installed = (name: string): boolean => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

const missing = Object.keys(peerDependencies).filter((name) => !installed(name));
if (missing.length) throw new EmulatorDependencyError(missing);
