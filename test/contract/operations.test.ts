/**
 * One source for the operations: the OpenAPI document, the emulator's routes and the actions'
 * requests are each exactly what connector/operations.ts declares, and every error code an
 * operation can answer is documented for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actions } from '../../connector/actions';
import { errorBodySchema, errorCodes } from '../../connector/model/errors';
import { oauthErrorSchema } from '../../connector/model/oauth';
import { answersOf, errorCodesOf, operation, operations, type Operation } from '../../connector/operations';
import { triggers } from '../../connector/triggers';
import { openApiDocument } from '../../src/compile/openapi';
import { apiError } from '../../src/emulator/problems';
import { createEmulatorServer, routeOf, type EmulatorServer } from '../../src/emulator/server';
import { resolveSchema } from '../../src/schemas/resolve';

type Json = Record<string, any>;

const document = openApiDocument() as Json;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** `#/components/responses/X` → the response it names. */
const resolve = (value: Json): Json => (typeof value.$ref === 'string' ? value.$ref.slice(2).split('/').reduce((at: Json, key: string) => at[key], document) : value);

const declared = (op: Operation) => `${op.method} ${op.path} ${op.id}`;

describe('the operations, declared once', () => {
  it('are the OpenAPI paths, methods and operationIds, and nothing else', () => {
    const documented = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([key]) => METHODS.includes(key))
        .map(([method, op]) => `${method.toUpperCase()} ${path} ${(op as Json).operationId}`),
    );
    expect(documented.sort()).toEqual(operations.map(declared).sort());
  });

  describe('are the routes of the emulator, and nothing else', () => {
    let dataDir: string;
    let server: EmulatorServer;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'extids-operations-'));
      server = createEmulatorServer({ dataDir });
      await server.app.ready();
    });
    afterAll(async () => {
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it.each(operations.map((op) => [declared(op), op] as const))('%s is routed', (_, op) => {
      expect(server.app.hasRoute({ method: op.method, url: routeOf(op, server.options.basePath) })).toBe(true);
    });

    it('routes no method of its own beyond them (HEAD aside, which fastify adds to every GET)', () => {
      const methods = [...server.app.printRoutes({ commonPrefix: false }).matchAll(/\(([A-Z, ]+)\)/g)].flatMap((m) => m[1].split(', ')).filter((m) => m !== 'HEAD');
      expect(methods).toHaveLength(operations.length);
    });

    it('refuses to start when an operation has no handler, naming it', () => {
      const list = operations as Operation[];
      list.push({ ...operation.health, id: 'ping', path: '/ping' } as Operation);
      const other = mkdtempSync(join(tmpdir(), 'extids-operations-'));
      try {
        expect(() => createEmulatorServer({ dataDir: other })).toThrow('the emulator has no handler for the operation ping (connector/operations.ts)');
      } finally {
        list.pop();
        rmSync(other, { recursive: true, force: true });
      }
    });
  });

  describe("are what the actions' and the trigger's requests call", () => {
    const requests = [
      ...actions.map((a) => ({ name: a.name, input: a.input, operation: a.request.operation, body: a.request.body })),
      ...triggers.map((t) => ({ name: t.name, input: t.input, operation: t.poll.operation, body: [...t.poll.body, ...Object.keys(t.poll.fixed)] })),
    ];

    it.each(requests.map((r) => [r.name, r] as const))('%s sends only fields of its operation\'s request body', (_, r) => {
      const op = operation[r.operation];
      expect(op).toBeDefined();
      const fields = Object.keys(resolveSchema(op.request!.schema).properties ?? {});
      expect(r.body.filter((f) => !fields.includes(f))).toEqual([]);
    });

    it.each(requests.map((r) => [r.name, r] as const))('%s takes the integration credentials exactly when its operation needs them', (_, r) => {
      const credentials = ['integration_uuid', 'integration_psk'].every((f) => f in (r.input.properties ?? {}));
      expect([r.operation, credentials]).toEqual([r.operation, operation[r.operation].auth === 'integration']);
    });

    it('a waiting action polls an operation that reads a batch by its id', () => {
      for (const a of actions.filter((x) => x.request.wait)) expect(operation[a.request.wait!.operation].path).toContain('{batch_id}');
    });
  });

  describe('document every error code an operation can answer', () => {
    const cases = operations.flatMap((op) => errorCodesOf(op).map((code) => [op.id, code, op] as const));

    it.each(cases)('%s can answer %s, and its OpenAPI responses say so at its status', (_, code, op) => {
      const item = document.paths[op.path][op.method.toLowerCase()];
      const status = answersOf(op).find((a) => a.codes.includes(code as never))!.status;
      const response = resolve(item.responses[String(status)] ?? {});
      expect([code, response.description]).toEqual([code, expect.stringContaining(code)]);
    });

    it('in the shape the answer has: the service\'s codes in ErrorBody with their status, OAuth\'s in OAuthError', () => {
      for (const op of operations) {
        for (const answer of answersOf(op)) {
          if (answer.schema === errorBodySchema) {
            for (const code of answer.codes) {
              expect([op.id, code, (errorCodes as readonly string[]).includes(code)]).toEqual([op.id, code, true]);
              expect([op.id, code, apiError(code as (typeof errorCodes)[number], '').status]).toEqual([op.id, code, answer.status]);
            }
          } else {
            expect(answer.schema).toBe(oauthErrorSchema);
            for (const code of answer.codes) expect([op.id, code, oauthErrorSchema.properties.error.enum.includes(code as never)]).toEqual([op.id, code, true]);
          }
        }
      }
    });
  });
});
