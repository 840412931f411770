/**
 * What the page's buttons do: Test connection, Test action, Test trigger. Each runs through the
 * Node runtime, as `extids exec` and `extids poll` do, and answers with the output or the failure
 * (in the CLI's words, `--json`'s shape) and every HTTP exchange made, secrets masked.
 */
import { actions } from '../../connector/actions';
import { triggers } from '../../connector/triggers';
import { asJson } from '../cli/explain';
import { configChoice } from '../cli/describe';
import { withConfigFields } from '../cli/config-fields';
import { executeAction, testConnection } from '../runtime/execute';
import type { Exchange } from '../runtime/session';
import { pollTrigger, readClosure } from '../runtime/trigger';
import type { StudioConnection } from './connection';
import type { StudioRequest, StudioResult } from './protocol';

export class UnknownOperationError extends Error {
  readonly code = 'not_found';
}

const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const run = async (work: (onExchange: (e: Exchange) => void) => Promise<unknown>): Promise<StudioResult> => {
  const exchanges: Exchange[] = [];
  try {
    const output = await work((e) => exchanges.push(e));
    return { ok: true, output, exchanges };
  } catch (e) {
    return { ok: false, error: asJson(e).error, exchanges };
  }
};

export const studioApi = (connection: StudioConnection) => ({
  testConnection: (request: StudioRequest) =>
    run((onExchange) => testConnection(connection.complete(request.connection), { onExchange })),

  runAction: (name: string, request: StudioRequest) => {
    const action = actions.find((a) => a.name === name);
    if (!action) throw new UnknownOperationError(`no action ${name}`);
    return run((onExchange) => {
      const config = request.config && Object.keys(request.config).length ? request.config : undefined;
      const input = withConfigFields(name, objectOr(request.input), config, configChoice(name, config));
      return executeAction(action, connection.complete(request.connection), input, { session: { onExchange } });
    });
  },

  pollTrigger: (name: string, request: StudioRequest) => {
    const trigger = triggers.find((t) => t.name === name);
    if (!trigger) throw new UnknownOperationError(`no trigger ${name}`);
    return run((onExchange) => {
      // The closure a Poll again sends back, checked as `extids poll --closure` checks it.
      const closure = request.closure === undefined || request.closure === null ? null : readClosure(request.closure);
      return pollTrigger(trigger, connection.complete(request.connection), objectOr(request.input), closure, { session: { onExchange } });
    });
  },
});

export type StudioApi = ReturnType<typeof studioApi>;
