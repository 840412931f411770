/** The declared answers (connector/answers.ts) and successes as OpenAPI responses. */
import type { Answer, DeclaredHeader } from '../../../connector/answers';
import type { Success } from '../../../connector/operations';
import type { JsonSchema } from '../../sdk/json-schema';
import { schemaRef, type Json } from './components';

/** A declared schema in the document: a published or titled one by reference to its component, any other as it is. */
export const schemaIn = (schema: JsonSchema): Json => (schema.title ? schemaRef(schema.title) : (schema as Json));

const headersOf = (headers: Readonly<Record<string, DeclaredHeader>> | undefined): Json =>
  headers ? { headers: Object.fromEntries(Object.entries(headers).map(([name, h]) => [name, { description: h.description, required: h.required, schema: h.schema }])) } : {};

export const responseRef = (name: string): Json => ({ $ref: `#/components/responses/${name}` });

/** An answer as a response object. */
export const answerResponse = (answer: Answer): Json => ({
  description: answer.description,
  ...headersOf(answer.headers),
  content: { 'application/json': { schema: schemaIn(answer.schema) } },
});

/** An operation's answer where it is used: a shared one by reference. */
export const answerIn = (answer: Answer): Json => (answer.name ? responseRef(answer.name) : answerResponse(answer));

const envelope = (schema: Json): Json => ({ type: 'object', additionalProperties: false, required: ['data'], properties: { data: schema } });

export const successResponse = (success: Success): Json => ({
  description: success.description,
  content: { 'application/json': { schema: success.envelope ? envelope(schemaIn(success.schema)) : schemaIn(success.schema) } },
});
