/**
 * The names of the recorded scenarios, apart from the scenarios themselves: `extids record --help`
 * lists them and `--only` checks against them without loading the client and the command table,
 * so that the CLI starts fast. `scenarios.ts` holds one scenario for each, in this order.
 */
export const scenarioNames = ['integrations', 'run-commands', 'query-entities', 'events'] as const;

export type ScenarioName = (typeof scenarioNames)[number];

/** The names among `names` that are no scenario. */
export const unknownScenarios = (names: readonly string[]): string[] => names.filter((n) => !(scenarioNames as readonly string[]).includes(n));
