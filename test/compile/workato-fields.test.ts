/**
 * The Workato fields and the manifest derived from the definition: every field says whether it is
 * optional, lists are pick lists, instants are date_time fields, secrets are passwords, and the
 * manifest carries the whole definition as data.
 */
import { actions } from '../../connector/actions';
import { commandTable, fieldsOf } from '../../connector/commands';
import { connectionSchema, passwordGrantFields } from '../../connector/connection';
import { eventNames, events } from '../../connector/events';
import { timeBoundNames } from '../../connector/model/query';
import { commandFieldNames } from '../../connector/fields';
import { buildManifest, renderManifest } from '../../src/compile/manifest';
import { LIST_OF_COMMANDS, pickLists } from '../../src/compile/pick-lists';
import { humanize, pickListNames } from '../../src/compile/workato-fields';
import { connectionFields, inputFieldsFor, workatoActions } from '../../src/compile/workato-actions';
import type { ActionDeclaration } from '../../src/sdk/define';
import type { SchemaField } from '../../src/sdk/workato';
import { validatorFor } from '../../src/validate';

const all = (fields: SchemaField[]): SchemaField[] => fields.flatMap((f) => [f, ...all(f.properties ?? []), ...(f.toggle_field ? all([f.toggle_field]) : [])]);
const manifest = buildManifest();
const everyField = (): SchemaField[] => [
  ...all(manifest.connection.fields),
  ...manifest.actions.flatMap((a) => [...all(a.config_fields), ...all(a.input_fields), ...all(a.output_fields), ...Object.values(a.input_fields_by_choice ?? {}).flatMap(all)]),
  ...manifest.triggers.flatMap((t) => [...all(t.input_fields), ...all(t.output_fields)]),
];
const action = (name: string) => actions.find((a) => a.name === name) as unknown as ActionDeclaration;

describe('Workato fields', () => {
  it('say on every field whether it is optional', () => {
    const fields = everyField();
    expect(fields.length).toBeGreaterThan(200);
    expect(fields.filter((f) => typeof f.optional !== 'boolean')).toEqual([]);
  });

  it('give every select and multiselect a pick list that exists, and every multiselect a delimiter', () => {
    const fields = everyField();
    const choosing = fields.filter((f) => f.control_type === 'select' || f.control_type === 'multiselect');
    expect(choosing.filter((f) => !f.pick_list && !f.options)).toEqual([]);
    expect(fields.filter((f) => f.control_type === 'multiselect' && !f.delimiter)).toEqual([]);
    expect(pickListNames(everyField()).filter((n) => !(n in pickLists))).toEqual([]);
  });

  it('offer events as a multiselect of the 30 events, and statuses, sort fields, directions and operators as pick lists', () => {
    const create = inputFieldsFor(action('create_integration'));
    expect(create.find((f) => f.name === 'events')).toMatchObject({ control_type: 'multiselect', pick_list: 'events', delimiter: ',', optional: true });
    expect(pickLists.events.map(([, v]) => v)).toEqual(eventNames);
    expect(inputFieldsFor(action('update_integration')).find((f) => f.name === 'status')).toMatchObject({ control_type: 'select', pick_list: 'integration_statuses' });
    const query = inputFieldsFor(action('query_entities'));
    expect(query.find((f) => f.name === 'sort_by')).toMatchObject({ pick_list: 'sort_fields' });
    expect(query.find((f) => f.name === 'sort_direction')).toMatchObject({ pick_list: 'sort_directions' });
    expect(query.find((f) => f.name === 'entity_types')).toMatchObject({ control_type: 'multiselect', pick_list: 'entity_types' });
    const filters = query.find((f) => f.name === 'metadata_filters')!;
    expect(filters).toMatchObject({ type: 'array', of: 'object' });
    expect(filters.properties!.find((f) => f.name === 'operator')).toMatchObject({ pick_list: 'metadata_operators', optional: false });
    expect(pickLists.metadata_operators).toEqual([['Equals', 'eq'], ['Not Equals', 'neq']]);
  });

  it('make the twelve time bounds date_time fields', () => {
    const query = inputFieldsFor(action('query_entities'));
    expect(timeBoundNames.map((n) => query.find((f) => f.name === n))).toEqual(timeBoundNames.map(() => expect.objectContaining({ type: 'date_time', control_type: 'date_time', optional: true })));
    expect(query.find((f) => f.name === 'created_at_from')!.label).toBe('Created at from');
  });

  it('show secrets as passwords, and the password-grant fields only for that grant', () => {
    const connection = connectionFields();
    const secrets = Object.entries(connectionSchema.properties).filter(([, s]) => 'x-secret' in s).map(([n]) => n);
    expect(connection.filter((f) => f.control_type === 'password').map((f) => f.name)).toEqual(secrets);
    expect(connection.filter((f) => f.ngIf).map((f) => f.name)).toEqual([...passwordGrantFields]);
    expect(connection.find((f) => f.name === 'auth_type')).toMatchObject({ control_type: 'select', options: [['Client credentials', 'client_credentials'], ['Password', 'password']] });
    expect(connection.find((f) => f.name === 'auth_type')!.pick_list).toBeUndefined();
    for (const a of ['update_integration', 'run_commands', 'query_entities']) {
      expect(inputFieldsFor(action(a)).find((f) => f.name === 'integration_psk')).toMatchObject({ control_type: 'password', optional: false });
    }
  });

  it("show for one chosen command exactly its fields, the required ones not optional, in the catalogue's order", () => {
    for (const row of commandTable) {
      const fields = inputFieldsFor(action('run_commands'), row.id);
      const own = fields.filter((f) => fieldsOf(row).includes(f.name as never));
      const inOrder = commandFieldNames.filter((f) => fieldsOf(row).includes(f));
      expect(own.map((f) => [f.name, f.optional])).toEqual(inOrder.map((f) => [f, !row.required.includes(f as never)]));
      expect(fields.find((f) => f.name === 'commands')).toBeUndefined();
    }
    const list = inputFieldsFor(action('run_commands'), LIST_OF_COMMANDS).find((f) => f.name === 'commands')!;
    expect(list).toMatchObject({ type: 'array', of: 'object', optional: false });
    expect(list.properties![0]).toMatchObject({ name: 'name', pick_list: 'command_names', optional: false });
  });

  it('label fields the way the article does', () => {
    expect(['user_uuids', 'learning_plan_ids', 'integration_psk'].map(humanize)).toEqual(['User UUIDs', 'Learning plan IDs', 'Integration PSK']);
  });
});

describe('sample outputs', () => {
  it.each(actions.map((a) => [a.name]))('of %s are valid outputs of the action', (name) => {
    const validate = validatorFor(`actions/${name}.output.json`);
    expect(validate(workatoActions().find((a) => a.name === name)!.sample_output) ? [] : validate.errors).toEqual([]);
  });
});

describe('the manifest', () => {
  it('holds the whole definition as data', () => {
    const parsed = JSON.parse(renderManifest());
    expect(parsed.$comment).toMatch(/^Generated by/);
    expect(parsed.actions.map((a: { name: string }) => a.name)).toEqual(actions.map((a) => a.name));
    expect(parsed.commands).toHaveLength(commandTable.length);
    expect(parsed.events).toHaveLength(events.length);
    expect(Object.keys(parsed.pick_lists)).toEqual(Object.keys(pickLists));
    expect(parsed.connection.fields.map((f: { name: string }) => f.name)).toEqual(Object.keys(connectionSchema.properties));
  });

  it('retries every action but Create integration, on 429 and 5xx gateway statuses, at most 3 times', () => {
    for (const a of workatoActions()) {
      if (a.name === 'create_integration') expect(a.retry).toBeUndefined();
      else expect(a.retry).toMatchObject({ retry_on_response: [429, 502, 503, 504], max_retries: 3 });
    }
    expect(workatoActions().find((a) => a.name === 'run_commands')!.retry!.retry_on_request).toEqual(['POST', 'GET']);
  });
});
