/**
 * The studio's connection: the one it was started with (`--connection`, or the embedded
 * emulator's). The page is shown its fields but never its secrets: a secret field left empty on
 * the page means "the one the studio was started with", as long as the domain is its own.
 */
import { ValidationError } from '../errors';
import { resolveConnection } from '../runtime/connection';
import type { SchemaField } from '../sdk/workato';

export interface StudioConnection {
  /** The fields the page fills its form with: the secrets left out. */
  shown: Record<string, unknown>;
  /** The names of the secret fields the studio holds a value for. */
  held: string[];
  /** The connection the page sent, completed with the secrets the studio holds. */
  complete(sent: unknown): Record<string, unknown>;
}

const isSecret = (f: SchemaField): boolean => f.control_type === 'password';

export const studioConnection = (fields: readonly SchemaField[], connection: Record<string, unknown>): StudioConnection => {
  const secrets = fields.filter(isSecret).map((f) => f.name);
  const given = (v: unknown) => v !== undefined && v !== null && v !== '';
  return {
    // The form's own fields only: any other key of the connection stays with the studio too.
    shown: Object.fromEntries(Object.entries(connection).filter(([k]) => fields.some((f) => f.name === k) && !secrets.includes(k))),
    held: secrets.filter((k) => given(connection[k])),
    complete: (sent) => {
      const out: Record<string, unknown> = typeof sent === 'object' && sent !== null && !Array.isArray(sent) ? { ...sent } : {};
      // Only towards the service they belong to: a domain typed on the page gets only secrets typed there too.
      const sameService = out.domain === connection.domain;
      for (const k of secrets) if (sameService && !given(out[k]) && given(connection[k])) out[k] = connection[k];
      // Workato leaves an empty field out; so does the studio.
      for (const [k, v] of Object.entries(out)) if (!given(v)) delete out[k];
      return out;
    },
  };
};

/**
 * A connection that could never work is told at start, in the runtime's words, not at every Test.
 * Its secrets may be left out: they can be typed on the page instead of the command line.
 */
export const checkStudioConnection = (fields: readonly SchemaField[], connection: Record<string, unknown>): void => {
  const secrets = fields.filter(isSecret).map((f) => `connection.${f.name}`);
  try {
    resolveConnection(connection);
  } catch (e) {
    if (e instanceof ValidationError && e.details.every((d) => secrets.includes(d.path) && d.message.startsWith('missing required field'))) return;
    throw e;
  }
};
