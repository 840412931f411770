/**
 * The contract's independent checkers that ship only as ES modules (seriousme's OpenAPI validator,
 * hyperjump's JSON Schema validator), run in a child process: jest's CommonJS loader cannot load
 * them (openapi-typescript needs an ES-module-only dependency too). `node esm-tools.mjs all
 * <openapi file> <schemas dir>` (or one of `openapi <file>`, `schemas <dir>`, `types <file>`) prints
 * one JSON object and exits 0 whatever it found. One process for all: each start costs seconds.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [what, target, other] = process.argv.slice(2);

const openapi = async (file) => {
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const result = await new Validator().validate(JSON.parse(readFileSync(file, 'utf8')));
  return result.valid ? [] : (Array.isArray(result.errors) ? result.errors : [result.errors]).map((e) => `${e.instancePath ?? ''} ${e.message ?? JSON.stringify(e)}`);
};

const schemaFilesUnder = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return schemaFilesUnder(path);
    return name.endsWith('.json') && !name.endsWith('.openapi.json') ? [path] : [];
  });

const META = 'https://json-schema.org/draft/2020-12/schema';

/** Each schema against the 2020-12 meta-schema, then compiled with all the others (every `$ref` resolved). */
const schemas = async (dir) => {
  const { registerSchema, validate } = await import('@hyperjump/json-schema/draft-2020-12');
  const files = schemaFilesUnder(dir).map((path) => ({ name: relative(dir, path), schema: JSON.parse(readFileSync(path, 'utf8')) }));
  const problems = [];
  for (const { name, schema } of files) {
    try {
      registerSchema(schema);
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  for (const { name, schema } of files) {
    const meta = await validate(META, schema);
    if (!meta.valid) problems.push(`${name}: not a valid 2020-12 schema (${JSON.stringify(meta.errors ?? []).slice(0, 300)})`);
    try {
      await validate(schema.$id, {});
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  return { count: files.length, problems };
};

/** The TypeScript declarations openapi-typescript generates from the document. */
const types = async (file) => {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  return { types: astToString(await openapiTS(JSON.parse(readFileSync(file, 'utf8')), { silent: true })) };
};

const main = async () => {
  if (what === 'all') return { openapi: await openapi(target), schemas: await schemas(other), ...(await types(target)) };
  if (what === 'openapi') return { problems: await openapi(target) };
  if (what === 'schemas') return schemas(target);
  if (what === 'types') return types(target);
  throw new Error(`usage: esm-tools.mjs all <openapi file> <schemas dir> | openapi <file> | schemas <dir> | types <file>`);
};

main().then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (e) => {
    process.stderr.write(String(e?.message ?? e));
    process.exit(1);
  },
);
