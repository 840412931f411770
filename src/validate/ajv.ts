/**
 * One ajv instance holding every published schema, compiled once at load. Validators are looked up
 * by schema file (`commands/MatchUserCommand.json`, `query-request.json`, …).
 */
import { _ } from 'ajv';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import { schemaId } from '../../connector/model/ids';
import { metadataSchema } from '../../connector/model/metadata';
import { schemaFiles } from '../schemas/catalogue';
import { instantMs } from '../values/instant';
import { UUID_FORMAT } from '../values/uuid';
import { jsonBytes } from './json-bytes';
import { metadataFits } from './metadata';

export interface AjvOptions {
  /**
   * Check metadata with one hand-written pass instead of the declarative `metadata.json`, which
   * ajv walks value by value at several times the cost. Both accept exactly the same values (a
   * property test holds them equal). Default true.
   */
  fastMetadata?: boolean;
}

export const createAjv = ({ fastMetadata = true }: AjvOptions = {}): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true });
  // The contract's own grammars (src/values), the same in every runtime: ajv-formats' date-time is
  // RFC 3339 only, and its uuid also takes a `urn:uuid:` prefix.
  ajv.addFormat('date-time', { type: 'string', validate: (text: string) => instantMs(text) !== undefined });
  ajv.addFormat('uuid', UUID_FORMAT);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  ajv.addKeyword({
    keyword: 'x-maxJsonBytes',
    schemaType: 'number',
    type: ['object', 'array'],
    errors: false,
    validate: (max: number, data: unknown) => jsonBytes(data) <= max,
  });
  ajv.addKeyword({
    keyword: 'x-metadata',
    schemaType: 'boolean',
    // Generated as a direct call: a `validate` keyword would allocate a context per command.
    code: (cxt) => {
      const fits = cxt.gen.scopeValue('func', { ref: metadataFits });
      cxt.fail(_`!${fits}(${cxt.data})`);
    },
  });
  for (const { schema } of schemaFiles()) {
    ajv.addSchema(fastMetadata && schema.$id === metadataSchema.$id ? { $id: schema.$id, 'x-metadata': true } : schema);
  }
  return ajv;
};

let instance: Ajv2020 | undefined;
const ajv = (): Ajv2020 => (instance ??= createAjv());

/** The compiled validator of a schema file under `schemas/`. */
export const validatorFor = (file: string): ValidateFunction => {
  const validate = ajv().getSchema(schemaId(file));
  if (!validate) throw new Error(`no schema ${file}`);
  return validate;
};
