/** The triggers: what changed, delivered once each. */
import { mappingChangesTrigger } from './mapping-changes';

export const triggers = [mappingChangesTrigger] as const;

export { mappingChangesTrigger };
