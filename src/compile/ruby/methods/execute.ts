/** The one interpreter of action declarations (src/runtime/execute.ts) and the fields that depend on config. */
import { method } from './method';

export const executeMethods = [
  method(
    'execute_action',
    'connection, name, raw',
    "Runs an action's declared request for an input.",
    String.raw`
      action = call('action_specs')[name]
      spec = action['request']
      input = call('plain_json', raw)
      input = call('commands_from_choice', spec, input) if spec['chunk']
      input = call('prepare_input', action, input)
      return call('run_commands', connection, spec, input) if spec['chunk']
      return call('query_entities', connection, spec, input) if spec['paging']
      body = call('pick_body', spec['body'], input)
      error("#{name} needs at least one of #{spec['body'].join(', ')}") if spec['method'] == 'PATCH' && body.empty?
      data = call('api_call', connection, call('call_for', spec, input, body))
      keys = action['output_keys']
      return data if keys.nil? || !data.is_a?(Hash)
      keys.select { |k| data.key?(k) }.map { |k| [k, data[k]] }.to_h
    `,
  ),
  method(
    'with_command_fields',
    'fields, field, choice',
    'The input fields for a config choice: one command shows exactly its fields (required ones not optional), the list choice a list.',
    String.raw`
      row = call('command_table').find { |r| r['id'] == choice }
      return fields if row.nil?
      catalogue = call('command_field_definitions')
      own = (row['required'] + (row['metadata'] ? ['metadata'] : [])).map do |f|
        catalogue[f].merge(optional: !row['required'].include?(f))
      end
      fields.flat_map { |f| f[:name] == field ? own : [f] }
    `,
  ),
];
