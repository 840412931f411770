export * from './commands';
export * from './events';
export { metadataProblems } from './metadata';
export { coerceField, coerceCommand } from './coerce';
export { validatorFor, jsonBytes } from './ajv';
