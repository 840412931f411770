/** The public API of docebo-external-ids-connector. */
export * from './sdk';
export * from './validate';
export * from './errors';
export { commandTable, commandNames, entityTypes, fieldsOf, type CommandRow, type EntityType } from '../connector/commands';
export { commandFields, type CommandFieldName } from '../connector/fields';
export { events, eventAliases, eventNames, canonicalEventName, eventSpec, type EventSpec } from '../connector/events';
export { actions } from '../connector/actions';
export { schemaFiles, renderSchemaFile } from './compile/schemas';
export type * from './types/generated';
export { exampleCommand, exampleValue } from './compile/examples';
