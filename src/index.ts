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
export { connector, CONNECTOR_TITLE } from '../connector';
export { connectionSchema, type Connection, type AuthType } from '../connector/connection';
export { wire } from '../connector/wire';
export { createClient, type Client, type IntegrationClient } from './runtime/client';
export { executeAction, testConnection, emitEvent, type ExecuteContext } from './runtime/execute';
export { Session, type SessionOptions, type RetryEvent } from './runtime/session';
export type { RunCommandsResult, BatchItem, BatchProgress } from './runtime/batch';
export * from './emulator';
