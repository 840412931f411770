/** "Did you mean …" for the names a user types into an action's input: fields, allowed values, events. */
import { createIntegration, queryEntities, updateIntegration } from '../../connector/actions';
import { ValidationError } from '../../src/errors';
import { prepareInput } from '../../src/runtime/execute';
import type { ActionDeclaration } from '../../src/sdk/define';
import { explainSchemaErrors, validatorFor } from '../../src/validate';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const credentials = { integration_uuid: UUID, integration_psk: 'psk-0123456789abcdefghij' };

/** The messages of the refusal of `input` by `action`. */
const refusal = (action: unknown, input: Record<string, unknown>): string[] => {
  try {
    prepareInput(action as ActionDeclaration, input);
  } catch (e) {
    if (e instanceof ValidationError) return e.details.map((d) => d.message);
    throw e;
  }
  throw new Error('accepted');
};

describe('an unknown input field', () => {
  it('is named as not a field of the action, with the field meant', () => {
    expect(refusal(updateIntegration, { integraton_uuid: UUID, integration_psk: 'p' })).toContain(
      'unknown field input.integraton_uuid: not a field of update_integration (did you mean integration_uuid?)',
    );
  });

  it('is matched against the fields of the object it is in, however deep', () => {
    expect(refusal(queryEntities, { ...credentials, entities: { users: { user_idz: [1] } } })).toEqual([
      'unknown field input.entities.users.user_idz (did you mean user_ids?)',
    ]);
    expect(refusal(queryEntities, { ...credentials, entities: { usrs: {} } })).toEqual(['unknown field input.entities.usrs (did you mean users?)']);
  });

  it('gets no suggestion when no field is close', () => {
    expect(refusal(createIntegration, { name: 'A', frobnicate: true })).toEqual(['unknown field input.frobnicate: not a field of create_integration']);
  });
});

describe('a value outside an enum', () => {
  it('is answered with the allowed values and the one meant', () => {
    expect(refusal(updateIntegration, { ...credentials, status: 'activ' })).toEqual(['input.status must be one of active, inactive (did you mean active?)']);
    expect(refusal(queryEntities, { ...credentials, sort_by: 'last_updated' })).toEqual([
      'input.sort_by must be one of created_at, updated_at, deleted_at, matched_at, last_updated_at (did you mean last_updated_at?)',
    ]);
  });

  it('is never echoed back when it is not a string', () => {
    expect(refusal(updateIntegration, { ...credentials, status: 12345 })[0]).not.toContain('did you mean');
  });
});

describe("Create and Update integration's events", () => {
  it('name the event meant instead of listing all thirty', () => {
    const create = refusal(createIntegration, { name: 'A', events: ['platform.events.user.UserCreatd'] });
    expect(create).toEqual(['input.events[0]: unknown event "platform.events.user.UserCreatd" (did you mean platform.events.user.UserCreated?)']);
    const update = refusal(updateIntegration, { ...credentials, events: ['platform.events.user.UserDeleted', 'platform.events.course.CourseDeletd'] });
    expect(update).toEqual(['input.events[1]: unknown event "platform.events.course.CourseDeletd" (did you mean platform.events.course.CourseDeleted?)']);
  });

  it('name the event meant when the events come as one multiselect string', () => {
    expect(refusal(createIntegration, { name: 'A', events: 'platform.events.user.UserDeleted,platform.events.user.UserUpdatd' })).toEqual([
      'input.events[1]: unknown event "platform.events.user.UserUpdatd" (did you mean platform.events.user.UserUpdated?)',
    ]);
  });
});

describe('explainSchemaErrors without a context', () => {
  it('words an unknown field in the one vocabulary, with no suggestion', () => {
    const check = validatorFor('actions/update_integration.input.json');
    expect(check({ ...credentials, integraton_uuid: UUID })).toBe(false);
    expect(explainSchemaErrors(check.errors, 'input')).toEqual([{ path: 'input.integraton_uuid', message: 'unknown field input.integraton_uuid' }]);
  });
});
