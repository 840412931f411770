export * from './commands';
export * from './events';
export { metadataProblems, metadataFits } from './metadata';
export { coerceField, coerceCommand } from './coerce';
export { validatorFor, createAjv } from './ajv';
export { jsonBytes } from './json-bytes';
export { explainSchemaErrors, pointerToPath } from './schema-errors';
