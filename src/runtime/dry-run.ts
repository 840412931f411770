/**
 * A dry run of an action: its input checked, and the exact requests it would send, sending none.
 *
 * The action runs as it always does, in a session whose transport answers instead of the network
 * (plausibly, where the action needs an answer to go on: a chunk accepted, an empty page) and
 * whose `onExchange` observer collects what left, so that the requests shown are those a real run
 * sends — built by the same code — not a second rendering of them. No token is requested (a real
 * run first asks for one, `POST /oauth2/token`); Authorization and X-Integration-PSK are masked.
 */
import { randomUUID } from 'node:crypto';
import { operation, type OperationId } from '../../connector/operations';
import { wire } from '../../connector/wire';
import type { ActionDeclaration } from '../sdk/define';
import { resolveConnection } from './connection';
import { executeWith, prepareInput } from './execute';
import { Session, type Exchange, type SentRequest, type Transport, type TransportRequest, type TransportResponse } from './session';

export interface DryRun {
  dry_run: true;
  action: string;
  /** Run commands: the execution id the Idempotency-Keys derive from; a real run given the same one sends the same keys. */
  execution_id?: string;
  /** In the order a real run sends them; the token request left out. */
  requests: SentRequest[];
  /** What a real run does that this list does not show. */
  notes: string[];
}

export interface DryRunOptions {
  /** Run commands: the execution id to derive the chunks' Idempotency-Keys from; default a new one, as a real run. */
  executionId?: string;
}

/** Placeholders in the plausible answers: nothing real. */
const DRY_UUID = '00000000-0000-4000-8000-000000000000';
const DRY_TOKEN = 'dry-run-token-not-sent';
const NOW = '1970-01-01T00:00:00.000Z';

const pattern = (basePath: string, template: string): RegExp =>
  new RegExp(`^${(basePath + template).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`);

/** A plausible answer to each request of the contract, by the operation its method and path name. */
const answerer = (basePath: string): Transport => {
  let batches = 0;
  const is = (request: TransportRequest, id: OperationId) => request.method === operation[id].method && pattern(basePath, operation[id].path).test(request.path);
  return async (request): Promise<TransportResponse> => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.path === wire.tokenPath) return { status: 200, body: { access_token: DRY_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: wire.scope } };
    const integration = { uuid: DRY_UUID, name: body.name ?? 'dry run', status: body.status ?? 'active', events: body.events ?? [], created_at: NOW, updated_at: NOW };
    if (is(request, 'createIntegration')) return { status: 201, body: { data: { ...integration, psk: 'dry-run' } } };
    if (is(request, 'updateIntegration')) return { status: 200, body: { data: integration } };
    if (is(request, 'runCommands')) {
      const commands = Array.isArray(body.commands) ? body.commands : [];
      return {
        status: 202,
        body: { data: { batch_id: `dry-run-batch-${++batches}`, items: commands.map((_, index) => ({ index, status: 'queued', command_id: null })) } },
      };
    }
    if (is(request, 'queryEntities')) {
      const page = Number(body.page ?? 1);
      return { status: 200, body: { data: { items: [], current_page: page, page_size: Number(body.page_size ?? 0), total_count: 0, total_page_count: 0, has_more_data: false } } };
    }
    if (is(request, 'publishEvent')) return { status: 202, body: { data: { event_id: DRY_UUID, delivered_to: 0 } } };
    if (is(request, 'health')) return { status: 200, body: { data: { status: 'ok', domain: 'dry-run' } } };
    return { status: 200, body: { data: {} } };
  };
};

/**
 * Checks the input as a real run does (throwing the same `ValidationError`), then returns the
 * requests the action would send, having sent nothing: no backend needs to be reachable.
 */
export const dryRunAction = async (action: ActionDeclaration, connection: unknown, raw: unknown, options: DryRunOptions = {}): Promise<DryRun> => {
  const resolved = resolveConnection(connection);
  const input = prepareInput(action, raw);
  const spec = action.request;
  const exchanges: Exchange[] = [];
  const session = new Session(resolved, { transport: answerer(resolved.basePath), onExchange: (e) => exchanges.push(e), retry: { maxRetries: 0 } });
  const notes = ['nothing was sent; a real run first gets a platform token (POST /oauth2/token), not shown; Authorization and X-Integration-PSK are masked'];
  const executionId = spec.chunk ? (options.executionId ?? randomUUID()) : undefined;
  let run: unknown = raw;
  if (spec.wait && input[spec.wait.when] === true) {
    // Nothing was queued, so there is nothing to wait for.
    run = { ...(raw as Record<string, unknown>), [spec.wait.when]: false };
    notes.push(`${spec.wait.when}: waiting is skipped in a dry run; a real run then asks ${operation[spec.wait.operation].method} ${operation[spec.wait.operation].path} until every batch is processed or ${spec.wait.timeout} is over`);
  }
  if (spec.paging && input[spec.paging.when] === true) {
    notes.push(`${spec.paging.when}: only the first page's request is shown; a real run asks for the next pages (${spec.paging.page} + 1, …) while ${spec.paging.more}, up to ${spec.paging.max}`);
  }
  const result = (await executeWith(session, action, run, { executionId })) as { total?: number; rejected?: number };
  if (spec.chunk) {
    notes.push(`Idempotency-Key: derived from the execution id ${executionId}; a real run given the same one (--execution-id) sends the same keys`);
    if (result.rejected) notes.push(`${result.rejected} of ${result.total} commands are invalid and are not sent; a real run reports them rejected`);
  }
  if (spec.operation === 'createIntegration') notes.push("the integration's uuid and psk exist only once a real run has created it");
  return {
    dry_run: true,
    action: action.name,
    ...(executionId ? { execution_id: executionId } : {}),
    requests: exchanges.filter((e) => e.path !== wire.tokenPath).map((e) => e.request),
    notes,
  };
};
