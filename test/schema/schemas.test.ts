import Ajv2020 from 'ajv/dist/2020.js';
import { commandTable } from '../../connector/commands';
import { exampleCommand } from '../../src/compile/examples';
import { schemaFiles } from '../../src/schemas/catalogue';
import { validatorFor } from '../../src/validate';

describe('the JSON Schemas', () => {
  it('are valid JSON Schema 2020-12, each with an $id and a title', () => {
    const meta = new Ajv2020({ strict: false });
    for (const { file, schema } of schemaFiles()) {
      expect(meta.validateSchema(schema)).toBe(true);
      expect(schema.$id).toMatch(new RegExp(`/schemas/${file.replace(/\./g, '\\.')}$`));
      expect(schema.title).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });

  it('compile, every one of them, references resolved', () => {
    for (const { file } of schemaFiles()) expect(() => validatorFor(file)).not.toThrow();
  });

  it('give one command schema per row of the table', () => {
    const files = schemaFiles().map((f) => f.file);
    for (const row of commandTable) expect(files).toContain(`commands/${row.id}.json`);
  });

  it('accept every valid command in the union keyed on name, and reject a mismatch', () => {
    const command = validatorFor('command.json');
    for (const row of commandTable) expect(command(exampleCommand(row))).toBe(true);
    expect(command({ name: 'MatchCourseCommand', external_id: 'x', internal_id: 1, course_id: 2 })).toBe(false);
    expect(command({ name: 'NoSuchCommand' })).toBe(false);
  });

  it('describe the query request of the contract', () => {
    const query = validatorFor('query-request.json');
    expect(
      query({
        entities: { users: { user_ids: [1], user_uuids: [] }, course_enrollments: [{ user_id: 1, course_id: 2 }], courses: {} },
        metadata_filters: [{ key: 'dept.code', operator: 'eq', value: null }],
        created_at_from: '2026-01-01T00:00:00+02:00',
        touched_at_to: '2026-11-27T21:38:36.123456Z',
        sort_by: 'last_updated_at',
        sort_direction: 'desc',
        page: 2,
        page_size: 1000,
      }),
    ).toBe(true);
    expect(query({ page_size: 1001 })).toBe(false);
    expect(query({ sort_by: 'touched_at' })).toBe(false);
    expect(query({ metadata_filters: [{ key: 'a', operator: 'gt', value: 1 }] })).toBe(false);
    expect(query({ created_at_from: 'yesterday' })).toBe(false);
    expect(query({ entities: { planets: {} } })).toBe(false);
  });

  it('describe each action\'s input and output', () => {
    expect(validatorFor('actions/create_integration.input.json')({ name: 'SLACK', events: ['platfrom.events.orgchart.UserRemovedFromBranch'] })).toBe(true);
    expect(validatorFor('actions/create_integration.input.json')({ events: [] })).toBe(false);
    expect(validatorFor('actions/update_integration.input.json')({ integration_uuid: 'x', integration_psk: 'p' })).toBe(false);
    expect(
      validatorFor('actions/query_entities.input.json')({
        integration_uuid: '7f3c2a10-5b1e-4c2d-9a4f-000000000001',
        integration_psk: 'p',
        entity_types: ['courses'],
        fetch_all_pages: true,
      }),
    ).toBe(true);
  });
});
