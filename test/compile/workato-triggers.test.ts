/**
 * The trigger as Workato sees it, derived from its declaration: its input fields (multiselects as
 * Query entities' entity types, the changes from their own pick list, `since` a sticky date_time),
 * an event's fields (a mapping's), a valid sample event, its poll and dedup key in words; the
 * manifest carries it with its declared poll.
 */
import { mappingChangesTrigger } from '../../connector/triggers';
import { entityKeyFields, mappingChangeNames, mappingSchema } from '../../connector/model/mapping';
import { buildManifest } from '../../src/compile/manifest';
import { pickLists } from '../../src/compile/pick-lists';
import { objectFields, pickListNames } from '../../src/compile/workato-fields';
import { workatoTriggers } from '../../src/compile/workato-triggers';
import { workatoActions } from '../../src/compile/workato-actions';
import { validatorFor } from '../../src/validate';

const [trigger] = workatoTriggers();
const field = (name: string) => trigger.input_fields.find((f) => f.name === name)!;

describe('the trigger New or updated mappings, as Workato sees it', () => {
  it('takes the integration’s credentials, entity types and changes as multiselects, metadata filters, a sticky since and a page size', () => {
    expect(trigger).toMatchObject({ name: 'mapping_changes', title: 'New or updated mappings' });
    expect(trigger.input_fields.map((f) => [f.name, f.optional])).toEqual([
      ['integration_uuid', false],
      ['integration_psk', false],
      ['entity_types', true],
      ['changes', true],
      ['metadata_filters', true],
      ['since', true],
      ['page_size', true],
    ]);
    expect(field('integration_psk')).toMatchObject({ control_type: 'password' });
    // The same conventions as Query entities' entity types.
    const query = workatoActions().find((a) => a.name === 'query_entities')!.input_fields.find((f) => f.name === 'entity_types')!;
    const { hint: _, ...convention } = query;
    expect(field('entity_types')).toMatchObject(convention);
    expect(field('changes')).toMatchObject({ type: 'string', control_type: 'multiselect', pick_list: 'mapping_changes', delimiter: ',' });
    expect(field('since')).toMatchObject({ type: 'date_time', control_type: 'date_time', sticky: true, label: 'When first started, this recipe picks up changes from' });
    expect(field('page_size')).toMatchObject({ type: 'integer', default: 1000, convert_input: 'integer_conversion' });
    expect(field('metadata_filters').properties!.map((f) => f.name)).toEqual(['key', 'operator', 'value']);
    expect(pickListNames(trigger.input_fields).filter((n) => !(n in pickLists))).toEqual([]);
  });

  it('offers every change, labelled for people, in the declared order', () => {
    expect(pickLists.mapping_changes.map(([, v]) => v)).toEqual(mappingChangeNames);
    expect(pickLists.mapping_changes.find(([, v]) => v === 'entity_updated')![0]).toBe('Entity Updated');
    expect(pickLists.mapping_changes.every(([label]) => /^[A-Z][a-z]+( [A-Z][a-z]+)*$/.test(label))).toBe(true);
  });

  it('gives each event the fields of a mapping, and a sample event the schema accepts', () => {
    expect(trigger.output_fields).toEqual(objectFields(mappingSchema, 'output'));
    expect(trigger.output_fields.find((f) => f.name === 'change')).toBeDefined();
    const validate = validatorFor('triggers/mapping_changes.output.json');
    expect(validate(trigger.sample_output) ? [] : validate.errors).toEqual([]);
  });

  it('says how it polls and what its dedup key is, for every entity type', () => {
    expect(trigger.polling).toMatch(/^POST integrations\/\{integration_uuid\}\/entities\/query \(sort_by updated_at, sort_direction asc\), at most 1000 items per poll/);
    expect(trigger.polling).toMatch(/next_cursor/);
    expect(Object.keys(trigger.dedup_keys)).toEqual(Object.keys(entityKeyFields));
    expect(trigger.dedup_keys.user).toBe('user:<internal_id>:<mapping_id>@<updated_at>');
    expect(trigger.dedup_keys.course_enrollment).toBe('course_enrollment:<user_id>:<course_id>@<updated_at>');
  });

  it('is in the manifest with its Workato shape and its declared poll', () => {
    const manifest = JSON.parse(JSON.stringify(buildManifest()));
    expect(manifest.triggers).toEqual(JSON.parse(JSON.stringify([{ ...trigger, poll: mappingChangesTrigger.poll }])));
  });
});
