/**
 * One ajv instance holding every published schema, compiled once at load. Validators are looked up
 * by schema file (`commands/MatchUserCommand.json`, `query-request.json`, …).
 */
import { _ } from 'ajv';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { schemaId } from '../../connector/model/ids';
import { metadataSchema } from '../../connector/model/metadata';
import { schemaFiles } from '../schemas/catalogue';
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

/** The bare UUID form the contract wants (exported for the generated Ruby, which checks the same). */
export const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const createAjv = ({ fastMetadata = true }: AjvOptions = {}): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true });
  addFormats(ajv, ['date-time']);
  // ajv-formats' uuid also takes a `urn:uuid:` prefix; the contract wants the bare form.
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
