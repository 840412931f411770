/** `POST /events`: a platform event published to the integrations subscribed to it (docs/contract.md §6). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { entityId } from './entity-id';
import { schemaId } from './ids';


export const eventRequestSchema = {
  $id: schemaId('event-request.json'),
  title: 'EventRequest',
  type: 'object',
  additionalProperties: false,
  required: ['event', 'payload'],
  properties: {
    event: { $ref: 'event-name.json' },
    payload: {
      type: 'object',
      additionalProperties: false,
      properties: { user_id: entityId, course_id: entityId, session_id: entityId, learning_plan_id: entityId },
      description: 'The ids the event concerns; which ones are required depends on the event.',
    },
    occurred_at: { type: 'string', format: 'date-time' },
  },
} as const satisfies JsonSchema;
