/** `POST /events`: a platform event published to the integrations subscribed to it (http-contract.md §6). */
import type { JsonSchema } from '../../src/sdk/json-schema';
import { schemaId } from './ids';

const id = { type: 'integer', minimum: 1 } as const;

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
      properties: { user_id: id, course_id: id, session_id: id, learning_plan_id: id },
      description: 'The ids the event concerns; which ones are required depends on the event.',
    },
    occurred_at: { type: 'string', format: 'date-time' },
  },
} as const satisfies JsonSchema;
