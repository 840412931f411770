/**
 * One ajv instance holding every published schema, compiled once at load. Validators are looked up
 * by schema file (`commands/MatchUserCommand.json`, `query-request.json`, …).
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { schemaId } from '../../connector/model/ids';
import { schemaFiles } from '../compile/schemas';

const createAjv = (): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true });
  addFormats(ajv, ['uuid', 'date-time']);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  ajv.addKeyword({
    keyword: 'x-maxJsonBytes',
    schemaType: 'number',
    type: ['object', 'array'],
    errors: false,
    validate: (max: number, data: unknown) => jsonBytes(data) <= max,
  });
  for (const { schema } of schemaFiles()) ajv.addSchema(schema);
  return ajv;
};

/** The UTF-8 size of a value serialized as JSON. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

let instance: Ajv2020 | undefined;
const ajv = (): Ajv2020 => (instance ??= createAjv());

/** The compiled validator of a schema file under `schemas/`. */
export const validatorFor = (file: string): ValidateFunction => {
  const validate = ajv().getSchema(schemaId(file));
  if (!validate) throw new Error(`no schema ${file}`);
  return validate;
};
