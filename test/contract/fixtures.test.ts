/**
 * The drift alarm on the recordings: every request and response in fixtures/ is held against the
 * OpenAPI document, so that the emulator and the document cannot part ways unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wire } from '../../connector/wire';
import { ContractChecker, describeMismatch, type RecordedExchange } from '../../src/record/contract-check';

interface Definition {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  response?: unknown;
  rawHeaders?: Record<string, unknown>;
}

const fixturesDir = join(__dirname, '../../fixtures');
const fixtureFiles = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));
const exchangesOf = (file: string): RecordedExchange[] =>
  (JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Definition[]).map((d) => ({ method: d.method, path: d.path, body: d.body, status: d.status, response: d.response, headers: d.rawHeaders }));

const checker = new ContractChecker();
const base = wire.defaultBasePath;
const uuid = '04a691fd-9d68-4913-8d66-88e12dc8b18b';

describe('the recorded fixtures', () => {
  it('are there to check', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fixtureFiles)('%s: every request and response fits the OpenAPI document', (file) => {
    const exchanges = exchangesOf(file);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.flatMap((e) => checker.check(e)).map(describeMismatch)).toEqual([]);
  });
});

describe('the contract checker', () => {
  const integration = { uuid, name: 'X', status: 'active', events: [], created_at: '2026-11-28T00:08:04.403Z', updated_at: '2026-11-28T00:08:04.403Z' };

  it('names the operation, the status and the pointer of each difference in a response', () => {
    const mismatches = checker.check({
      method: 'GET',
      path: `${base}/integrations/${uuid}`,
      status: 200,
      response: { data: { ...integration, status: 'paused', psk: 'leaked', created_at: undefined } },
    });
    expect(mismatches.map(describeMismatch)).toEqual([
      'GET /integrations/{integration_uuid} 200: response body at /data/created_at is required but missing',
      'GET /integrations/{integration_uuid} 200: response body at /data/psk is not in the contract',
      'GET /integrations/{integration_uuid} 200: response body at /data/status must be equal to one of the allowed values',
    ]);
  });

  it('reports a status the operation does not document, and a path that is no operation', () => {
    expect(checker.check({ method: 'GET', path: `${base}/health`, status: 418, response: {} }).map(describeMismatch)).toEqual(['GET /health 418: response status 418 is not documented']);
    expect(checker.check({ method: 'DELETE', path: `${base}/health`, status: 200 }).map(describeMismatch)).toEqual([`DELETE ${base}/health 200: operation is no operation of the contract`]);
  });

  it('reports a required header that is missing', () => {
    const body = { error: { code: 'rate_limited', message: 'slow down' } };
    expect(checker.check({ method: 'GET', path: `${base}/health`, status: 429, response: body, headers: { 'content-type': 'application/json' } }).map(describeMismatch)).toEqual([
      'GET /health 429: response headers at Retry-After is required but missing',
    ]);
    expect(checker.check({ method: 'GET', path: `${base}/health`, status: 429, response: body, headers: ['Retry-After', '3'] })).toEqual([]);
  });

  it('holds an accepted request to its schema, names the closest command shape, and lets a refused one be', () => {
    const created = { status: 201, response: { data: { ...integration, psk: 'redacted-psk' } } };
    expect(checker.check({ method: 'POST', path: `${base}/integrations`, body: { name: 'X', colour: 'red' }, ...created }).map(describeMismatch)).toEqual([
      'POST /integrations 201: request body at /colour is not in the contract',
    ]);
    expect(checker.check({ method: 'POST', path: `${base}/integrations`, body: { colour: 'red' }, status: 400, response: { error: { code: 'invalid_request', message: 'no' } } })).toEqual([]);
    const queued = { batch_id: 'b', status: 'queued', accepted: 1, rejected: 0, ignored: 0, items: [{ index: 0, name: 'MatchSessionCommand', status: 'queued', command_id: 'b:0' }] };
    expect(
      checker.check({ method: 'POST', path: `${base}/integrations/${uuid}/commands`, body: { commands: [{ name: 'MatchSessionCommand', external_id: 'S', internal_id: 5 }] }, status: 202, response: { data: queued } }).map(describeMismatch),
    ).toEqual(['POST /integrations/{integration_uuid}/commands 202: request body at /commands/0/course_id is required but missing']);
  });

  it('takes a command answered rejected as the contract at work, and a rejected command that fits as a difference', () => {
    const answer = (status: string) => ({
      data: { batch_id: 'b', status: 'completed', accepted: 0, rejected: 1, ignored: 0, items: [{ index: 0, name: 'MatchSessionCommand', status, errors: [{ field: 'course_id', message: 'missing' }] }] },
    });
    const path = `${base}/integrations/${uuid}/commands`;
    expect(checker.check({ method: 'POST', path, body: { commands: [{ name: 'MatchSessionCommand', external_id: 'S', internal_id: 5 }] }, status: 202, response: answer('rejected') })).toEqual([]);
    expect(checker.check({ method: 'POST', path, body: { commands: [{ name: 'MatchSessionCommand', external_id: 'S', internal_id: 5, course_id: 1 }] }, status: 202, response: answer('rejected') }).map(describeMismatch)).toEqual([
      'POST /integrations/{integration_uuid}/commands 202: response body at /data/items/0/status is rejected, but request body /commands/0 fits the contract',
    ]);
  });

  it('reads a form request body where the operation takes one', () => {
    const token = { access_token: 't', token_type: 'Bearer', expires_in: 3600, scope: wire.scope };
    expect(checker.check({ method: 'POST', path: wire.tokenPath, body: 'grant_type=client_credentials&client_id=a&client_secret=b', status: 200, response: token })).toEqual([]);
    expect(checker.check({ method: 'POST', path: wire.tokenPath, body: 'grant_type=magic&client_id=a', status: 200, response: token }).map(describeMismatch)).toEqual([
      'POST /oauth2/token 200: request body at /grant_type must be equal to one of the allowed values',
    ]);
  });
});
