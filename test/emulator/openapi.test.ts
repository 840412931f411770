import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wire } from '../../connector/wire';
import { openApiDocument, renderOpenApi } from '../../src/compile/openapi';
import { Harness, matchUser } from './harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const doc = openApiDocument() as any;

const refsIn = (value: unknown, found: string[] = []): string[] => {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
};

const resolvePointer = (pointer: string): unknown =>
  pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);

describe('the OpenAPI document', () => {
  it('is committed as generated', () => {
    expect(readFileSync(join(__dirname, '../../schemas/external-ids.openapi.json'), 'utf8')).toBe(renderOpenApi());
  });

  it('is OpenAPI 3.1 with every endpoint of the contract', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).filter((k) => ['get', 'post', 'patch'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        `POST ${wire.tokenPath}`,
        `GET ${wire.paths.health}`,
        `POST ${wire.paths.integrations}`,
        `GET ${wire.paths.integration}`,
        `PATCH ${wire.paths.integration}`,
        `POST ${wire.paths.commands}`,
        `GET ${wire.paths.batch}`,
        `POST ${wire.paths.query}`,
        `POST ${wire.paths.events}`,
      ].sort(),
    );
  });

  it('resolves every reference inside itself', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect([ref, ref.startsWith('#/')]).toEqual([ref, true]);
      expect([ref, resolvePointer(ref) !== undefined]).toEqual([ref, true]);
    }
  });

  it('describes exactly what the emulator answers', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: 'https://extids.local/openapi.json' });
    const check = (name: string, value: unknown) => {
      const validate = ajv.getSchema(`https://extids.local/openapi.json#/components/schemas/${name}`)!;
      expect([name, validate(value), validate.errors]).toEqual([name, true, null]);
    };
    const h = await Harness.start();
    try {
      const created = await h.createIntegration({ name: 'OA', events: ['platform.events.user.UserUpdated'] });
      check('CreatedIntegration', created);
      const { psk: _, ...integration } = created;
      check('Integration', integration);
      const accepted = await h.send(created, [matchUser(1, 'A', { metadata: { a: { b: [1, null] } } }), matchUser(2, 'A'), { name: 'Nope' }]);
      check('BatchAccepted', accepted.body.data);
      await h.idle();
      check('BatchStatus', await h.batch(created, accepted.body.data.batch_id));
      await h.event('platform.events.user.UserUpdated', { user_id: 1 });
      check('QueryPage', (await h.query(created, {})).body.data);
      check('ErrorBody', (await h.query(created, { page: 0 })).body);
      check('QueryRequest', { entities: { users: { user_ids: [1] } }, sort_by: 'matched_at', created_at_from: '2026-01-01T00:00:00Z' });
      check('Command', matchUser(1, 'A'));
    } finally {
      await h.close();
    }
  });
});
