/**
 * The connector's definition, as data: its title here, its connection, actions, triggers, commands
 * and events in the modules beside this one. Nothing here runs anything; the runnable connector is
 * src/runtime/connector.ts, and the generators in src/compile read the same declarations.
 */
export const CONNECTOR_TITLE = 'Docebo Learn - External IDs';
export { actions } from './actions';
export { triggers } from './triggers';
export { connectionSchema, type Connection } from './connection';
