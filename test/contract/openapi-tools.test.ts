/**
 * The contract checked by tools nobody here wrote: two OpenAPI validators, redocly's linter,
 * hyperjump's JSON Schema validator on every schema file, and openapi-typescript generating the
 * types a small typed client compiles against.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { commandTable } from '../../connector/commands';
import { wire } from '../../connector/wire';
import { exampleCommand } from '../../src/compile/examples';
import { OPENAPI_FILE, openApiDocument } from '../../src/compile/openapi';

const root = join(__dirname, '../..');
const fresh = () => JSON.parse(JSON.stringify(openApiDocument()));

/**
 * The rules of redocly's `recommended` set the contract does not follow, each with its reason.
 * Everything else in the set, warnings included, must pass.
 */
const DISABLED_RULES: Record<string, string> = {
  'info-license': 'the package is private (UNLICENSED in package.json): a license object would state terms nobody granted',
};

/** Each tool takes seconds of CPU; on a loaded machine, several times that. */
const SLOW = 120_000;

/** Runs the ES-module-only tools in a child process (esm-tools.mjs). */
const esmTool = async <T>(args: string[]): Promise<T> => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'esm-tools.mjs'), ...args], { cwd: root, timeout: SLOW, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
};

const tempDirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'extids-contract-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** What the ES-module tools said of the document as the source makes it now (the committed copy is held equal to it elsewhere). */
let said: { openapi: string[]; schemas: { count: number; problems: string[] }; types: string };
let documentFile: string;
beforeAll(async () => {
  documentFile = join(tempDir(), OPENAPI_FILE);
  writeFileSync(documentFile, JSON.stringify(fresh()));
  said = await esmTool(['all', documentFile, join(root, 'schemas')]);
}, SLOW);

describe('the OpenAPI document, checked by independent tools', () => {
  it('is valid for swagger-parser', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const SwaggerParser = require('@apidevtools/swagger-parser') as { validate(doc: object): Promise<unknown> };
    await expect(SwaggerParser.validate(fresh())).resolves.toBeDefined();
  }, SLOW);

  it('is valid for seriousme openapi-schema-validator', () => {
    expect(said.openapi).toEqual([]);
  });

  it("passes redocly's recommended lint rules, but for the documented exceptions", async () => {
    const redocly = await import('@redocly/openapi-core');
    const config = await redocly.createConfig({ extends: ['recommended'], rules: Object.fromEntries(Object.keys(DISABLED_RULES).map((r) => [r, 'off'])) });
    const problems = await redocly.lintFromString({ source: JSON.stringify(fresh()), absoluteRef: documentFile, config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  }, SLOW);
});

describe('the JSON Schemas under schemas/', () => {
  it('are each a valid 2020-12 schema whose references all resolve, for hyperjump', () => {
    expect(said.schemas.problems).toEqual([]);
    expect(said.schemas.count).toBeGreaterThanOrEqual(commandTable.length + 15);
  });

  it('would be reported by that check when one is broken', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://extids.local/broken/a.json', $ref: 'missing.json' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://extids.local/broken/b.json', type: 'nonsense' }));
    const { problems } = await esmTool<{ problems: string[] }>(['schemas', dir]);
    expect([...new Set(problems.map((p) => p.split(':')[0]))].sort()).toEqual(['a.json', 'b.json']);
  }, SLOW);
});

const commandsBody = `paths['${wire.paths.commands}']['post']['requestBody']['content']['application/json']`;

/** Code that must compile against the generated types. */
const goodClient = [
  `import type { components, paths } from './api';`,
  `type Command = components['schemas']['Command'];`,
  `type Metadata = components['schemas']['Metadata'];`,
  `const every: Command[] = ${JSON.stringify(commandTable.map((row, i) => exampleCommand(row, i)))};`,
  `const nested: Metadata = { dept: { code: 'D1', tags: ['a', 1, true, null, { deep: [[]] }] }, active: false, note: null };`,
  `const body: ${commandsBody} = { commands: [...every, { name: 'MatchCourseCommand', internal_id: 1, external_id: 'C-1', metadata: nested }] };`,
  `const accepted: paths['${wire.paths.commands}']['post']['responses']['202']['content']['application/json']['data']['items'][number]['status'] = 'rejected';`,
  `export { body, accepted };`,
].join('\n');

/** Code each of whose lines after a `@ts-expect-error` must not compile (else the directive itself is an error). */
const badClient = [
  `import type { components, paths } from './api';`,
  `type Command = components['schemas']['Command'];`,
  `type Metadata = components['schemas']['Metadata'];`,
  `// @ts-expect-error a course match needs its internal_id`,
  `const missing: Command = { name: 'MatchCourseCommand', external_id: 'C-1' };`,
  `// @ts-expect-error no command has that name`,
  `const unknown: Command = { name: 'MatchNothingCommand' };`,
  `// @ts-expect-error internal_id is a number`,
  `const wrongType: Command = { name: 'ResetCourseMatchCommand', internal_id: '7' };`,
  `// @ts-expect-error metadata values are JSON values`,
  `const notJson: Metadata = { when: new Date() };`,
  `// @ts-expect-error the body is a list of commands under "commands"`,
  `const bare: ${commandsBody} = [{ name: 'ResetAllUsersMatchCommand' }];`,
  `export { missing, unknown, wrongType, notJson, bare };`,
].join('\n');

/** Type-checks `files` (name → text) in a directory of their own: the compiler's complaints, by file. */
const typeCheck = (files: Record<string, string>): Record<string, string[]> => {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((f) => join(dir, f)),
    { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true },
  );
  const complaints: Record<string, string[]> = Object.fromEntries(Object.keys(files).map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? d.file.fileName.slice(dir.length + 1) : '';
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    (complaints[file] ??= []).push(`${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return complaints;
};

describe('a client typed by openapi-typescript from the document', () => {
  let complaints: Record<string, string[]>;
  beforeAll(() => {
    complaints = typeCheck({ 'api.ts': said.types, 'good-client.ts': goodClient, 'bad-client.ts': badClient });
  }, SLOW);

  it('types every command of the command table, metadata included, and the commands request body', () => {
    expect(complaints['api.ts']).toEqual([]);
    expect(complaints['good-client.ts']).toEqual([]);
  });

  it('refuses wrong command and metadata shapes at compile time', () => {
    expect(complaints['bad-client.ts']).toEqual([]);
  });
});
