/**
 * The drift alarm: one recorded HTTP exchange held against the OpenAPI document. The operation is
 * found by method and path; the request body is checked against its schema (when the service
 * accepted it), the status must be documented, the response body must fit that status's schema
 * and its required headers must be there. Every difference is a `ContractMismatch` naming the
 * operation, the status and a JSON pointer, for the fixture tests and for `extids record`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../compile/openapi';
import { UUID_FORMAT } from '../values/uuid';
import { jsonBytes } from '../validate/json-bytes';
import { isPlainObject, pointerKey, pointerKeys, valueAt } from '../values/json';

/** One request and its answer, as nock records them (`path` with the base path, bodies parsed when JSON). */
export interface RecordedExchange {
  method: string;
  path: string;
  /** The request body: parsed JSON, or the text sent (a form). */
  body?: unknown;
  status: number;
  /** The response body: parsed JSON, or its text. */
  response?: unknown;
  /** Response headers, as an object or as nock's flat `[name, value, …]` list; not checked when absent. */
  headers?: Record<string, unknown> | unknown[];
}

export interface ContractMismatch {
  /** `POST /integrations/{integration_uuid}/commands`, or the method and path sent when no operation matches. */
  operation: string;
  status: number;
  part: 'operation' | 'request body' | 'response' | 'response body' | 'response headers';
  /** A JSON pointer into that part (`/data/items/0/status`; a header's name under `response headers`); '' for all of it. */
  pointer: string;
  message: string;
}

/** One line per mismatch: what a person reads in a log. */
export const describeMismatch = (m: ContractMismatch): string =>
  `${m.operation} ${m.status}: ${m.part}${m.pointer ? ` at ${m.pointer}` : ''} ${m.message}`;

type Json = Record<string, unknown>;

/** The extension on an array of a request body whose items the service judges one by one: the pointer of item `{index}`'s status in the answer. */
const PER_ITEM = 'x-validated-per-item';

const DOCUMENT_ID = 'https://extids.local/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];


interface Operation {
  name: string;
  pattern: RegExp;
  /** Path parameters make a template less specific than a literal path. */
  params: number;
  pointer: string;
  operation: Json;
}

/** The server path an operation's URLs start with: `{domain}/external-ids/v1` → `/external-ids/v1`. */
const serverPath = (servers: unknown): string => {
  const url = (Array.isArray(servers) && isPlainObject(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : '').replace(/^\{[^}]+\}/, '');
  return url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/+$/, '');
};

const patternOf = (path: string): RegExp =>
  new RegExp('^' + path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+') + '$');

export class ContractChecker {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json = openApiDocument()) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, verbose: true });
    addFormats(this.ajv, ['date-time']);
    this.ajv.addFormat('uuid', UUID_FORMAT);
    this.ajv.addKeyword({ keyword: 'x-maxJsonBytes', schemaType: 'number', type: ['object', 'array'], errors: false, validate: (max: number, data: unknown) => jsonBytes(data) <= max });
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    const paths = (document.paths ?? {}) as Record<string, Json>;
    this.operations = Object.entries(paths)
      .flatMap(([path, item]) =>
        METHODS.filter((m) => isPlainObject(item[m])).map((m) => {
          const full = serverPath(item.servers ?? document.servers) + path;
          return { name: `${m.toUpperCase()} ${path}`, pattern: patternOf(full), params: (path.match(/\{/g) ?? []).length, pointer: `/paths/${pointerKey(path)}/${m}`, operation: item[m] as Json };
        }),
      )
      .sort((a, b) => a.params - b.params);
  }

  /** Every way the exchange differs from the document; none when it fits. */
  check(exchange: RecordedExchange): ContractMismatch[] {
    const method = exchange.method.toUpperCase();
    const path = exchange.path.split('?')[0];
    const found = this.operations.find((o) => o.name.startsWith(method + ' ') && o.pattern.test(path));
    const at = (part: ContractMismatch['part'], pointer: string, message: string, operation = found?.name ?? `${method} ${path}`): ContractMismatch => ({
      operation,
      status: exchange.status,
      part,
      pointer,
      message,
    });
    if (!found) return [at('operation', '', 'is no operation of the contract')];
    const mismatches: ContractMismatch[] = [];
    const response = this.responseFor(found, exchange.status);
    if (!response) return [at('response', '', `status ${exchange.status} is not documented`)];

    const requestProblems = this.requestProblems(found, exchange);
    // A request the service refused is the client's mistake, rightly answered; one it accepted must fit.
    if (exchange.status < 400) mismatches.push(...this.excusedPerItem(found, exchange, requestProblems, at));

    const schemaPointer = `${response.pointer}/content/application~1json/schema`;
    if (isPlainObject(valueAt(this.document, schemaPointer))) {
      const body = parsedJson(exchange.response);
      if (body === undefined) mismatches.push(at('response body', '', 'is not JSON'));
      else for (const p of this.problems(schemaPointer, body)) mismatches.push(at('response body', p.pointer, p.message));
    }
    if (exchange.headers !== undefined) {
      const names = new Set(headerNames(exchange.headers));
      for (const [name, header] of Object.entries((response.value.headers ?? {}) as Record<string, Json>)) {
        if (this.resolve(header).value.required === true && !names.has(name.toLowerCase())) mismatches.push(at('response headers', name, 'is required but missing'));
      }
    }
    return mismatches;
  }

  /** A `$ref` followed to what it names, with the pointer where that is. */
  private resolve(value: Json, pointer = ''): { value: Json; pointer: string } {
    for (let hops = 0; typeof value.$ref === 'string' && hops < 16; hops++) {
      pointer = value.$ref.replace(/^#/, '');
      value = valueAt(this.document, pointer) as Json;
    }
    return { value, pointer };
  }

  private responseFor(op: Operation, status: number): { value: Json; pointer: string } | undefined {
    const responses = (op.operation.responses ?? {}) as Json;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => isPlainObject(responses[k]));
    return key === undefined ? undefined : this.resolve(responses[key] as Json, `${op.pointer}/responses/${key}`);
  }

  /** The request body's differences from its schema: JSON, or a form where the operation takes one. */
  private requestProblems(op: Operation, exchange: RecordedExchange): { pointer: string; message: string }[] {
    if (!isPlainObject(op.operation.requestBody)) return [];
    const requestBody = this.resolve(op.operation.requestBody, `${op.pointer}/requestBody`);
    const content = (requestBody.value.content ?? {}) as Json;
    const empty = exchange.body === undefined || exchange.body === '';
    if (empty) return requestBody.value.required === true ? [{ pointer: '', message: 'is required but was not sent' }] : [];
    let body = parsedJson(exchange.body);
    let type = 'application/json';
    if (body === undefined && typeof exchange.body === 'string' && isPlainObject(content['application/x-www-form-urlencoded'])) {
      body = Object.fromEntries(new URLSearchParams(exchange.body));
      type = 'application/x-www-form-urlencoded';
    }
    if (body === undefined || !isPlainObject(content[type])) return [{ pointer: '', message: `is not one of the documented content types (${Object.keys(content).join(', ')})` }];
    return this.problems(`${requestBody.pointer}/content/${pointerKey(type)}/schema`, body);
  }

  /**
   * Request problems inside an array the service judges item by item (`x-validated-per-item`) are
   * the contract at work when that item was answered `rejected` (or `ignored`); a queued item must
   * fit, and an item that fits must not be rejected.
   */
  private excusedPerItem(
    op: Operation,
    exchange: RecordedExchange,
    problems: { pointer: string; message: string }[],
    at: (part: ContractMismatch['part'], pointer: string, message: string) => ContractMismatch,
  ): ContractMismatch[] {
    const perItem = this.perItemArrays(op);
    const out: ContractMismatch[] = [];
    const body = parsedJson(exchange.body);
    const answer = parsedJson(exchange.response);
    for (const { property, statusPointer } of perItem) {
      const items = isPlainObject(body) && Array.isArray(body[property]) ? (body[property] as unknown[]) : [];
      items.forEach((_, index) => {
        const prefix = `/${pointerKey(property)}/${index}`;
        const status = valueAt(answer, statusPointer.replace('{index}', String(index)));
        const own = problems.filter((p) => p.pointer === prefix || p.pointer.startsWith(prefix + '/'));
        if (own.length && (status === 'rejected' || status === 'ignored')) problems = problems.filter((p) => !own.includes(p));
        else if (!own.length && status === 'rejected') out.push(at('response body', statusPointer.replace('{index}', String(index)), `is rejected, but request body ${prefix} fits the contract`));
      });
    }
    return [...problems.map((p) => at('request body', p.pointer, p.message)), ...out];
  }

  private perItemArrays(op: Operation): { property: string; statusPointer: string }[] {
    if (!isPlainObject(op.operation.requestBody)) return [];
    const schema = valueAt(this.resolve(op.operation.requestBody).value, '/content/application~1json/schema');
    if (!isPlainObject(schema)) return [];
    const properties = (this.resolve(schema).value.properties ?? {}) as Record<string, Json>;
    return Object.entries(properties)
      .filter(([, s]) => typeof s[PER_ITEM] === 'string')
      .map(([property, s]) => ({ property, statusPointer: s[PER_ITEM] as string }));
  }

  private validator(schemaPointer: string): ValidateFunction {
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      validate = this.ajv.getSchema(`${DOCUMENT_ID}#${schemaPointer.split('/').map(encodeURIComponent).join('/')}`);
      if (!validate) throw new Error(`the OpenAPI document has no schema at ${schemaPointer}`);
      this.validators.set(schemaPointer, validate);
    }
    return validate;
  }

  /** A value's differences from the schema at a pointer of the document: one per place, the branch of a union that fits best. */
  private problems(schemaPointer: string, value: unknown): { pointer: string; message: string }[] {
    const validate = this.validator(schemaPointer);
    return validate(value) ? [] : this.explain(validate.errors ?? [], value);
  }

  private explain(errors: readonly ErrorObject[], value: unknown): { pointer: string; message: string }[] {
    const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    // The outermost union decides: its best branch's own problems replace all its branches' noise.
    const outer = unions.sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
    if (outer) {
      const inside = (e: ErrorObject) => e.instancePath === outer.instancePath || e.instancePath.startsWith(outer.instancePath + '/');
      const rest = this.explain(errors.filter((e) => !inside(e)), value);
      return [...rest, ...this.bestBranch(outer, valueAt(value, outer.instancePath))];
    }
    const seen = new Set<string>();
    const out: { pointer: string; message: string }[] = [];
    for (const e of errors) {
      const p = problemOf(e);
      if (seen.has(p.pointer)) continue;
      seen.add(p.pointer);
      out.push(p);
    }
    return out;
  }

  /** A union's branch compiled on its own: its references made absolute, so that they still reach the document. */
  private branchValidator(branch: Json): ValidateFunction {
    const text = JSON.stringify(branch, (key, v) => (key === '$ref' && typeof v === 'string' && v.startsWith('#') ? DOCUMENT_ID + v : v));
    let validate = this.validators.get(text);
    if (!validate) this.validators.set(text, (validate = this.ajv.compile(JSON.parse(text))));
    return validate;
  }

  /** The problems of the branch of a failed union that comes closest: one that names no other kind of value, then fewest problems. */
  private bestBranch(union: ErrorObject, value: unknown): { pointer: string; message: string }[] {
    const branches = (Array.isArray(union.schema) ? union.schema : []) as Json[];
    const candidates = branches.map((branch) => {
      const validate = this.branchValidator(branch);
      const errors = validate(value) ? [] : (validate.errors ?? []);
      // A wrong `name` constant, or the wrong type at the union itself: another kind of value, not a faulty one of this kind.
      const otherKind = errors.some((e) => (e.keyword === 'const' || e.keyword === 'enum' || e.keyword === 'type') && pointerKeys(e.instancePath).length <= 1);
      return { otherKind, problems: this.explain(errors, value) };
    });
    const best = candidates.sort((a, b) => Number(a.otherKind) - Number(b.otherKind) || a.problems.length - b.problems.length)[0];
    const prefix = union.instancePath;
    const problems = best?.problems.length ? best.problems : [{ pointer: '', message: `fits none of the ${union.keyword} branches` }];
    return problems.map((p) => ({ pointer: prefix + p.pointer, message: p.message }));
  }
}

const problemOf = (e: ErrorObject): { pointer: string; message: string } => {
  if (e.keyword === 'required') return { pointer: `${e.instancePath}/${pointerKey(e.params.missingProperty)}`, message: 'is required but missing' };
  if (e.keyword === 'additionalProperties') return { pointer: `${e.instancePath}/${pointerKey(e.params.additionalProperty)}`, message: 'is not in the contract' };
  return { pointer: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
};

/** JSON bodies arrive parsed, or as text when nock could not parse them. */
const parsedJson = (body: unknown): unknown => {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

const headerNames = (headers: Record<string, unknown> | unknown[]): string[] =>
  Array.isArray(headers) ? headers.filter((_, i) => i % 2 === 0).map((h) => String(h).toLowerCase()) : Object.keys(headers).map((h) => h.toLowerCase());
