/** The document's paths, one operation each of connector/operations.ts. */
import { answersOf, operations, pathParameterNames, pathParameters, type Operation } from '../../../connector/operations';
import type { Json } from './components';
import { answerIn, schemaIn, successResponse } from './responses';

/** The token endpoint is at the origin, not under the service's base path. */
const ORIGIN_SERVERS = [{ url: '{domain}', variables: { domain: { default: 'http://127.0.0.1:4010' } } }];

export const parameterRef = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });

const security: Record<Operation['auth'], Json[]> = {
  none: [],
  token: [{ platformToken: [] }],
  integration: [{ platformToken: [], integrationPsk: [] }],
};

const pathParameter = (name: string): Json => {
  const declared = pathParameters[name];
  if (!declared) throw new Error(`path parameter {${name}} is not declared in connector/operations.ts`);
  return declared.name ? parameterRef(declared.name) : { name, in: 'path', required: true, schema: declared.schema };
};

const operationObject = (op: Operation): Json => ({
  operationId: op.id,
  summary: op.summary,
  ...(op.description ? { description: op.description } : {}),
  security: security[op.auth],
  ...(op.request?.headers?.length ? { parameters: op.request.headers.map((h) => parameterRef(h.name)) } : {}),
  ...(op.request
    ? { requestBody: { required: op.request.required, content: Object.fromEntries(op.request.contentTypes.map((type) => [type, { schema: schemaIn(op.request!.schema) }])) } }
    : {}),
  responses: {
    [String(op.success.status)]: successResponse(op.success),
    ...Object.fromEntries(answersOf(op).map((a) => [String(a.status), answerIn(a)])),
  },
});

export const openApiPaths = (): Record<string, Json> => {
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {
      ...(op.atOrigin ? { servers: ORIGIN_SERVERS } : {}),
      ...(pathParameterNames(op.path).length ? { parameters: pathParameterNames(op.path).map(pathParameter) } : {}),
    });
    const method = op.method.toLowerCase();
    if (method in item) throw new Error(`${op.method} ${op.path} is declared twice`);
    item[method] = operationObject(op);
  }
  return paths;
};
