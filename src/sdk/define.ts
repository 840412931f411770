/**
 * The typed helpers a connector author declares with. An action is declared by the JSON Schemas of
 * its input and output; `execute`, where given, gets its input typed from the input schema.
 */
import type { FromSchema, JsonSchema } from './json-schema';
import type { ConnectorDefinition } from './workato';

export interface ActionDeclaration<IS extends JsonSchema = JsonSchema, OS extends JsonSchema = JsonSchema, C = unknown> {
  /** The action's key, such as `run_commands`; part of the public interface. */
  name: string;
  title: string;
  subtitle: string;
  /** Workato's `description`: one line, HTML allowed. */
  description: string;
  help: string;
  input: IS;
  output: OS;
  execute?: (connection: C, input: FromSchema<IS>) => Promise<FromSchema<OS>>;
}

export type InputOf<A> = A extends { input: infer IS } ? FromSchema<IS> : never;
export type OutputOf<A> = A extends { output: infer OS } ? FromSchema<OS> : never;

/** Declares an action; the `const` parameters keep the schemas literal so `FromSchema` can read them. */
export const defineAction = <const IS extends JsonSchema, const OS extends JsonSchema, C = unknown>(
  action: ActionDeclaration<IS, OS, C>,
): ActionDeclaration<IS, OS, C> => action;

/** Declares a connector in Workato's shape. */
export const defineConnector = <C>(connector: ConnectorDefinition<C>): ConnectorDefinition<C> => connector;
