/**
 * Recording the scenarios as nock back fixtures, with every secret redacted. Replay matches
 * because a test's connection uses the placeholders themselves as its secrets, and the PSKs and
 * tokens it then uses come from the redacted answers.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Connection } from '../../connector/connection';
import { wire } from '../../connector/wire';
import { createClient } from '../runtime/client';
import type { SessionOptions } from '../runtime/session';
import { ContractChecker, describeMismatch } from './contract-check';
import { scenarioNames, unknownScenarios } from './scenario-names';
import { scenarios, type FixtureScenario } from './scenarios';

/** Where recorded requests appear to go, whatever backend they were recorded against. */
export const FIXTURE_ORIGIN = 'http://127.0.0.1:4010';

export const PLACEHOLDERS = {
  clientSecret: 'redacted-client-secret',
  password: 'redacted-password',
  psk: 'redacted-psk',
  token: 'redacted-token',
} as const;

/** The connection a replay uses: the placeholders are its secrets. */
export const FIXTURE_CONNECTION: Connection = { domain: FIXTURE_ORIGIN, client_id: 'extids-local', client_secret: PLACEHOLDERS.clientSecret };

type Definition = { scope: string | RegExp; response?: unknown; body?: unknown; path: string | RegExp; method?: string; status?: number; rawHeaders?: Record<string, unknown> | unknown[] };

/** Redacting changes lengths, and dates differ: replay computes the one and needs not the other. */
const replayableHeaders = (headers: Record<string, unknown> | undefined) =>
  headers && Object.fromEntries(Object.entries(headers).filter(([k]) => !['content-length', 'date'].includes(k.toLowerCase())));

/** Secrets the answers carry: PSKs and access tokens. */
const secretsIn = (defs: Definition[]): { psks: string[]; tokens: string[] } => {
  const psks: string[] = [];
  const tokens: string[] = [];
  for (const def of defs) {
    const response = def.response as { data?: { psk?: unknown }; access_token?: unknown } | undefined;
    if (typeof response?.data?.psk === 'string') psks.push(response.data.psk);
    if (typeof response?.access_token === 'string') tokens.push(response.access_token);
  }
  return { psks, tokens };
};

/**
 * The definitions as a replay with FIXTURE_CONNECTION will ask for them: every secret replaced by
 * its placeholder, the scope fixed, and the client id and base path made the fixture's own.
 */
export const redactDefinitions = (defs: Definition[], connection: Connection): Definition[] => {
  const { psks, tokens } = secretsIn(defs);
  const replacements: [string | undefined, string][] = [
    [connection.client_secret, PLACEHOLDERS.clientSecret],
    [connection.password, PLACEHOLDERS.password],
    ...psks.map((p): [string, string] => [p, PLACEHOLDERS.psk]),
    ...tokens.map((t): [string, string] => [t, PLACEHOLDERS.token]),
  ];
  const basePath = (connection.base_path ?? wire.defaultBasePath).replace(/\/+$/, '');
  const fixed = defs.map((d) => {
    const path = typeof d.path === 'string' && d.path.startsWith(basePath + '/') ? wire.defaultBasePath + d.path.slice(basePath.length) : d.path;
    // The token request names the client; a replay names the fixture's.
    const body =
      d.path === wire.tokenPath && typeof d.body === 'string'
        ? d.body.replace(`client_id=${encodeURIComponent(connection.client_id)}`, `client_id=${encodeURIComponent(FIXTURE_CONNECTION.client_id)}`)
        : d.body;
    return { ...d, scope: FIXTURE_ORIGIN, path, body, rawHeaders: replayableHeaders((d as { rawHeaders?: Record<string, unknown> }).rawHeaders) };
  });
  let text = JSON.stringify(fixed);
  for (const [secret, placeholder] of replacements) {
    if (!secret) continue;
    // Secrets may appear JSON-escaped, URL-encoded (form bodies, paths) or as they are.
    const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
    for (const form of new Set(forms)) text = text.split(form).join(placeholder);
  }
  return JSON.parse(text);
};

export interface RecordOptions {
  fixturesDir: string;
  /** Record against this backend; default: an emulator started for the purpose. */
  connection?: Connection;
  /** Your own scenarios (a connector author's recipe calls); default the package's, `scenarios.ts`. */
  scenarios?: readonly FixtureScenario[];
  /** Scenario names; default all. */
  only?: string[];
  log?: (line: string) => void;
  /** The scenarios' session settings, such as an `onExchange` observer (`extids record --verbose`). */
  session?: SessionOptions;
  /**
   * Where each difference between a recorded exchange and the contract (the OpenAPI document) is
   * reported, one line each, and a count at the end; default standard error. Recording goes on.
   */
  warn?: (line: string) => void;
}

/** `only` names a scenario that does not exist: nothing was recorded. */
export class UnknownScenarioError extends Error {
  constructor(
    readonly unknown: string[],
    known: readonly string[] = scenarioNames,
  ) {
    super(`no such scenario: ${unknown.join(', ')} (the scenarios are ${known.join(', ')})`);
    this.name = 'UnknownScenarioError';
  }
}

/** A path as the user would write it: relative when under the working directory, else absolute. */
const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
};

/** Resolves to the fixture files written (absolute paths), in the scenarios' order. */
export const recordFixtures = async ({
  fixturesDir,
  connection,
  scenarios: own,
  only,
  log = () => undefined,
  session,
  warn = (line) => void process.stderr.write(line + '\n'),
}: RecordOptions): Promise<string[]> => {
  const known: readonly string[] = own ? own.map((s) => s.name) : scenarioNames;
  const unknown = own ? (only ?? []).filter((n) => !known.includes(n)) : unknownScenarios(only ?? []);
  // Checked before anything starts, so that a typo records nothing rather than silently less.
  if (unknown.length) throw new UnknownScenarioError(unknown, known);
  // Loaded here, not at the top: only recording needs nock, and the CLI must start fast.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nock = require('nock') as typeof import('nock');
  const dir = resolve(fixturesDir);
  const dataDir = connection ? undefined : mkdtempSync(join(tmpdir(), 'extids-record-'));
  // Loaded only to record against one: replaying and recording against a tenant need no emulator.
  const emulator = dataDir ? await (await import('../emulator')).startEmulator({ port: 0, dataDir }) : undefined;
  const target: Connection = connection ?? (await import('../emulator/options')).builtInConnection(emulator!.url);
  const written: string[] = [];
  // The drift alarm: a tenant that answers otherwise than the contract is found the first time anyone records.
  let checker: ContractChecker | undefined;
  const drift = { exchanges: 0, differing: 0, differences: 0 };
  const checkAgainstContract = (scenario: string, defs: Definition[]): void => {
    checker ??= new ContractChecker();
    for (const d of defs) {
      if (typeof d.path !== 'string' || !d.method || d.status === undefined) continue;
      drift.exchanges++;
      const mismatches = checker.check({ method: d.method, path: d.path, body: d.body, status: d.status, response: d.response, headers: d.rawHeaders });
      if (mismatches.length) drift.differing++;
      drift.differences += mismatches.length;
      for (const m of mismatches) warn(`warning: ${scenario}: ${describeMismatch(m)}`);
    }
  };
  try {
    nock.back.fixtures = dir;
    nock.back.setMode('update');
    for (const scenario of (own ?? scenarios).filter((s) => !only?.length || only.includes(s.name))) {
      const file = join(dir, `${scenario.name}.json`);
      // nock back writes whatever it saw, even when the scenario failed (an empty list, at worst):
      // it writes beside the fixture, which is replaced only once the scenario has succeeded.
      const partial = `.${scenario.name}.json.recording-${process.pid}`;
      const { nockDone } = await nock.back(partial, {
        afterRecord: (defs) => {
          const redacted = redactDefinitions(defs as Definition[], target);
          checkAgainstContract(scenario.name, redacted);
          return redacted as never;
        },
      });
      let ok = false;
      try {
        await scenario.run(createClient(target, session));
        ok = true;
      } finally {
        try {
          nockDone();
          if (ok) renameSync(join(dir, partial), file);
        } finally {
          rmSync(join(dir, partial), { force: true });
        }
        if (!ok) log(`${scenario.name} failed: ${shown(file)} left as it was`);
      }
      written.push(file);
      log(`recorded ${shown(file)}`);
    }
  } finally {
    if (drift.differences) {
      warn(
        `warning: ${drift.differences} difference${drift.differences === 1 ? '' : 's'} from the contract (schemas/external-ids.openapi.json) in ${drift.differing} of ${drift.exchanges} recorded exchanges`,
      );
    }
    nock.back.setMode('dryrun');
    nock.restore();
    await emulator?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return written;
};
