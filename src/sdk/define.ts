/**
 * The typed helpers a connector author declares with. An action is declared by the JSON Schemas of
 * its input and output; `execute`, where given, gets its input typed from the input schema.
 */
import type { OperationId } from '../../connector/operations';
import type { FromSchema, JsonSchema } from './json-schema';
import type { ConnectorDefinition } from './workato';

export type { PollClosure, PollResult } from './poll';

/**
 * How an action talks to the service, as data: the TypeScript runtime interprets it, and the Ruby
 * generator specializes it into that action's own Workato `execute` (src/compile/ruby/execute.ts).
 */
export interface RequestSpec {
  /**
   * The operation called (connector/operations.ts): its method, its path (each `{field}` filled
   * from the input) and its authentication (`integration`: the uuid and PSK from the
   * `integration_uuid` and `integration_psk` inputs).
   */
  operation: OperationId;
  /** Input fields sent as the JSON body, each when given. */
  body: readonly string[];
  /** Whether a failed attempt may be retried automatically (never for calls that must run once). */
  retry: boolean;
  /** Input fields that are instants: sent as ISO 8601 UTC, whatever offset they came with. */
  dateTimes?: readonly string[];
  /** A multiselect of entity types folded into `entities`: a chosen type with no ids means all of it. */
  entityTypes?: { field: string; into: string };
  /** A list input validated against the command table and sent in chunks, each with an idempotency key. */
  chunk?: { field: string; size: number; validate: 'commands' };
  /** Optionally poll each accepted batch until it is processed. */
  wait?: {
    when: string;
    timeout: string;
    /** The operation that answers a batch's status, its `{batch_id}` filled with each batch's id. */
    operation: OperationId;
    done: readonly string[];
    /** How often to ask (ms): the first interval, its growth after each unfinished answer, the longest; it restarts after each finished batch. */
    poll: { firstMs: number; growth: number; maxMs: number };
    /**
     * Where an action may not wait in one go (Workato: 180 s per invocation): poll this long, then
     * checkpoint and resume after `resumeAfterSeconds` (Workato's multistep actions: at least 60 s
     * apart, at most `maxResumes` times). The total wait is bounded by the `timeout` input alone.
     */
    stretch: { seconds: number; resumeAfterSeconds: number; maxResumes: number };
  };
  /**
   * Bounds a list output (Workato stores at most 1 MB per job): every item whose status is in
   * `always` (rejected, failed) is listed; the others only up to `maxOtherItems`, in input order;
   * `omitted` counts those left out. The counts always cover every item.
   */
  report?: { field: string; always: readonly string[]; maxOtherItems: number; omitted: string };
  /** Optionally follow pages. */
  paging?: { when: string; max: string; page: string; items: string; more: string };
}

/** What an action and a trigger both declare: their key, their words for recipe builders, their schemas. */
export interface OperationDeclaration<IS extends JsonSchema = JsonSchema, OS extends JsonSchema = JsonSchema, N extends string = string> {
  /** The key, such as `run_commands`; part of the public interface. */
  name: N;
  title: string;
  subtitle: string;
  /** Workato's `description`: one line, HTML allowed. */
  description: string;
  help: string;
  input: IS;
  /** An action's output; a trigger's one event. */
  output: OS;
}

export interface ActionDeclaration<IS extends JsonSchema = JsonSchema, OS extends JsonSchema = JsonSchema, C = unknown, N extends string = string>
  extends OperationDeclaration<IS, OS, N> {
  request: RequestSpec;
  // Method syntax: an action with a typed input still fits where any action is expected.
  execute?(connection: C, input: FromSchema<IS>): Promise<FromSchema<OS>>;
}

/**
 * How a polling trigger asks for what changed, as data: both runtimes interpret it (the Node
 * runtime, and the generated Workato `poll:` and `dedup:`), so they ask and answer alike.
 */
export interface PollSpec {
  /** The operation asked (connector/operations.ts), as an action's request names it. */
  operation: OperationId;
  /** Input fields sent as the JSON body, each when given. */
  body: readonly string[];
  /** Sent with every request: the order that gives the cursor its meaning. */
  fixed: Readonly<Record<string, string>>;
  entityTypes?: { field: string; into: string };
  /**
   * Where the first poll starts: the `field` input (an instant), else `defaultSecondsBefore` the
   * first poll; sent as the lower bound `bound`, and kept in the closure as `since` until a cursor exists.
   */
  start: { field: string; bound: string; defaultSecondsBefore: number };
  /**
   * Keyset paging: the cursor is sent as `request`, read from the page's `response`, kept in the
   * closure as `after`. A page with items and no cursor comes from a service without keyset paging:
   * the poll fails with `missing`, rather than deliver the same page again and again.
   */
  cursor: { request: string; response: string; missing: string };
  /** The page size: the `field` input, at most (and by default) `max`, sent as `param`. */
  pageSize: { field: string; param: string; max: number };
  items: string;
  more: string;
  /** Only items whose `on` field is one of the `field` input's values become events (none chosen: all). */
  filter?: { field: string; on: string };
  /**
   * Workato's dedup key of an event: `<by>:<keys[by] values joined by ':'>@<at>`, nulls as ''
   * (for a mapping: its entity type, its entity key, its updated_at).
   */
  dedup: { by: string; keys: Readonly<Record<string, readonly string[]>>; at: string };
  retry: boolean;
}

export interface TriggerDeclaration<IS extends JsonSchema = JsonSchema, OS extends JsonSchema = JsonSchema, N extends string = string>
  extends OperationDeclaration<IS, OS, N> {
  poll: PollSpec;
}

/** Declares a trigger; the `const` parameters keep the schemas literal so `FromSchema` can read them. */
export const defineTrigger = <const IS extends JsonSchema, const OS extends JsonSchema, const N extends string = string>(
  trigger: TriggerDeclaration<IS, OS, N>,
): TriggerDeclaration<IS, OS, N> => trigger;

export type InputOf<A> = A extends { input: infer IS } ? FromSchema<IS> : never;
export type OutputOf<A> = A extends { output: infer OS } ? FromSchema<OS> : never;

/** Declares an action; the `const` parameters keep the schemas literal so `FromSchema` can read them. */
export const defineAction = <const IS extends JsonSchema, const OS extends JsonSchema, C = unknown, const N extends string = string>(
  action: ActionDeclaration<IS, OS, C, N>,
): ActionDeclaration<IS, OS, C, N> => action;

/** Declares a connector in Workato's shape. */
export const defineConnector = <C>(connector: ConnectorDefinition<C>): ConnectorDefinition<C> => connector;
