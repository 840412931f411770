/** The four actions of the article, in its order. */
import { createIntegration } from './create-integration';
import { queryEntities } from './query-entities';
import { runCommands } from './run-commands';
import { updateIntegration } from './update-integration';

export const actions = [createIntegration, updateIntegration, runCommands, queryEntities] as const;

export { createIntegration, updateIntegration, runCommands, queryEntities };
