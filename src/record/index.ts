/**
 * Recorded fixtures for connector authors (`docebo-external-ids-connector/fixtures`): record your
 * own scenario against the emulator or a tenant, every secret redacted, and replay it in your
 * tests without a network. A subpath of its own: it loads nock, and recording may start the emulator.
 */
export { recordFixtures, redactDefinitions, UnknownScenarioError, FIXTURE_CONNECTION, FIXTURE_ORIGIN, PLACEHOLDERS, type RecordOptions } from './fixtures';
export { replayFixture, MissingFixtureError, type ReplayOptions } from './replay';
export { scenarios, type FixtureScenario, type Scenario } from './scenarios';
export { scenarioNames, type ScenarioName } from './scenario-names';
