/**
 * Replaying a recorded scenario in lockdown: the client talks to FIXTURE_CONNECTION, nock answers
 * from the fixture file, a request that was not recorded fails (the network is never reached), and
 * a recorded request the scenario did not make fails the replay too.
 */
import { createClient } from '../runtime/client';
import type { SessionOptions } from '../runtime/session';
import { FIXTURE_CONNECTION } from './fixtures';
import type { FixtureScenario } from './scenarios';

export interface ReplayOptions {
  /** The folder of the fixture files (`<scenario name>.json`). */
  fixturesDir: string;
  /** Session settings; default retries without waiting, since nothing is really busy. */
  session?: SessionOptions;
}

/** A fixture file that does not exist: nothing to replay. */
export class MissingFixtureError extends Error {
  constructor(readonly file: string) {
    super(`no fixture ${file}: record it first (recordFixtures, or extids record)`);
    this.name = 'MissingFixtureError';
  }
}

/** Runs `scenario` against its recording and resolves to what it returns. */
export const replayFixture = async <R>(scenario: FixtureScenario<R>, { fixturesDir, session = { retry: { baseDelayMs: 1, maxDelayMs: 1 } } }: ReplayOptions): Promise<R> => {
  // Loaded here: only fixtures need nock.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nock = require('nock') as typeof import('nock');
  const previous = { fixtures: nock.back.fixtures, mode: nock.back.currentMode, active: nock.isActive() };
  // A recording earlier in this process restores nock when it ends: intercept again.
  if (!previous.active) nock.activate();
  nock.back.fixtures = fixturesDir;
  nock.back.setMode('lockdown');
  const { nockDone, context } = await nock.back(`${scenario.name}.json`);
  try {
    if (!context.isLoaded) throw new MissingFixtureError(`${fixturesDir}/${scenario.name}.json`);
    const result = await scenario.run(createClient(FIXTURE_CONNECTION, session));
    context.assertScopesFinished();
    return result;
  } finally {
    nockDone();
    nock.cleanAll();
    nock.back.fixtures = previous.fixtures;
    nock.back.setMode(previous.mode ?? 'dryrun');
    if (!previous.active) nock.restore();
  }
};
