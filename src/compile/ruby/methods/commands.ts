/**
 * Per-command validation in Ruby, generic over the command table (emitted as data by data.ts).
 * It gives the messages of src/validate/commands.ts word for word, in the same order: missing and
 * unknown fields, type problems, metadata problems; sorted by the row's field order; a name with two
 * shapes judged by the shape with fewer problems (ties to the first row); loose values coerced.
 */
import { method } from './method';

export const commandMethods = [
  method(
    'command_index',
    '',
    'The command table prepared for validation: rows by name, with their labels and field ranks.',
    String.raw`
      kinds = call('command_field_kinds')
      rows = {}
      fields_of_name = {}
      call('command_table').each do |row|
        fields = row['required'] + (row['metadata'] ? ['metadata'] : [])
        label = row['shape'] ? "#{row['name']} (#{row['shape']} matching)" : row['name']
        prepared = row.merge(
          'fields' => fields,
          'label' => label,
          'takes' => fields.empty? ? "#{label} takes no field besides name" : "#{label} takes #{fields.join(', ')}",
          'for_shape' => row['shape'] ? " for #{label}" : '',
          'rank' => (['name'] + fields).each_with_index.to_h
        )
        (rows[row['name']] ||= []) << prepared
        fields_of_name[row['name']] = ((fields_of_name[row['name']] || []) + fields).uniq
      end
      {
        'rows' => rows,
        'names' => rows.keys,
        'fields_of_name' => fields_of_name,
        'kinds' => kinds,
        'phrases' => call('command_kind_phrases'),
        'kind_schemas' => call('command_kind_schemas'),
        'limits' => call('command_limits')
      }
    `,
  ),
  method(
    'js_integer',
    'value',
    'Whether a value is an integer as JSON Schema sees it (5.0 is one).',
    String.raw`
      value.is_a?(Integer) || (value.is_a?(Float) && value.finite? && value == value.floor)
    `,
  ),
  method(
    'field_fits',
    'index, kind, value',
    'Whether a value has the wire type of its kind of field.',
    String.raw`
      return call('metadata_problems', index, value, 'metadata').empty? if kind == 'metadata'
      schema = index['kind_schemas'][kind]
      !schema.nil? && call('schema_problems', schema, value, kind).empty?
    `,
  ),
  method(
    'metadata_problems',
    'index, metadata, path',
    'Every reason metadata is not valid, each naming its path; empty when it is valid.',
    String.raw`
      unless metadata.is_a?(Hash)
        return ["#{path} must be an object of key-value pairs, got #{call('describe_value', metadata)}"]
      end
      max_depth = index['limits']['metadata_max_depth']
      max_bytes = index['limits']['metadata_max_bytes']
      problems = []
      walk = lambda do |value, at, level|
        if value.is_a?(Array) || value.is_a?(Hash)
          if level > max_depth
            problems << "#{at} is nested deeper than #{max_depth} levels"
          elsif value.is_a?(Array)
            value.each_with_index { |v, i| walk.call(v, call('child_path', at, i), level + 1) }
          else
            call('js_keys', value).each { |k| walk.call(value[k], call('child_path', at, k), level + 1) }
          end
        elsif !(value.nil? || value.is_a?(String) || value == true || value == false || value.is_a?(Integer) || (value.is_a?(Float) && value.finite?))
          problems << "#{at} must be a string, finite number, boolean, null, object or array, got #{call('describe_value', value)}"
        end
      end
      call('js_keys', metadata).each { |k| walk.call(metadata[k], call('child_path', path, k), 2) }
      if problems.empty?
        bytes = call('json_text', metadata).bytesize
        problems << "#{path} is #{bytes} bytes serialized, more than the #{max_bytes} allowed" if bytes > max_bytes
      end
      problems
    `,
  ),
  method(
    'row_issues',
    'index, row, command',
    "The problems of a command judged by one row, in the row's field order; value_errors tells whether any is about a value.",
    String.raw`
      ranked = []
      value_errors = false
      keys = call('js_keys', command)
      (['name'] + row['required']).each do |f|
        ranked << [row['rank'][f], { 'field' => f, 'message' => "missing required field #{f}#{row['for_shape']}" }] unless command.key?(f)
      end
      keys.each do |k|
        next if row['rank'].key?(k)
        ranked << [row['rank'].size + keys.index(k), { 'field' => k, 'message' => "unknown field #{k}: #{row['takes']}" }]
      end
      (['name'] + row['fields']).each do |f|
        next unless command.key?(f)
        value = command[f]
        if f == 'name'
          next if value == row['name']
          value_errors = true
          ranked << [0, { 'field' => f, 'message' => "name must be \"#{row['name']}\", got #{call('describe_value', value)}" }]
          next
        end
        kind = index['kinds'][f]
        next if call('field_fits', index, kind, value)
        value_errors = true
        if kind == 'metadata'
          problems = call('metadata_problems', index, value, 'metadata')
          problems = ["metadata must be #{index['phrases']['metadata']}"] if problems.empty?
          problems.each { |m| ranked << [row['rank'][f], { 'field' => f, 'message' => m }] }
        else
          ranked << [row['rank'][f], { 'field' => f, 'message' => "#{f} must be #{index['phrases'][kind]}, got #{call('describe_value', value)}" }]
        end
      end
      issues = ranked.each_with_index.sort_by { |(rank, _), i| [rank, i] }.map { |(_, issue), _| issue }
      { 'issues' => issues, 'value_errors' => value_errors }
    `,
  ),
  method(
    'coerce_command',
    'index, command, fields',
    'A copy of a command with its loose values brought to type ("42" for an id, 42 for an external id), or nil when none was.',
    String.raw`
      copy = nil
      coerced = []
      fields.each do |f|
        next unless command.key?(f)
        value = command[f]
        to = nil
        case index['kinds'][f]
        when 'id'
          to = value.to_i if value.is_a?(String) && value =~ /\A[1-9][0-9]*\z/ && value.to_i <= 9_007_199_254_740_991
        when 'key'
          to = value.to_i.to_s if call('js_integer', value) && value.abs <= 9_007_199_254_740_991
        end
        next if to.nil?
        copy ||= command.dup
        copy[f] = to
        coerced << f
      end
      copy && { 'command' => copy, 'coerced' => coerced }
    `,
  ),
  method(
    'check_command',
    'index, item, coerce',
    'The verdict on one command: name, valid, row, errors, coerced (and the coerced command to send).',
    String.raw`
      verdict = lambda do |name, row, errors, coerced|
        { 'name' => name, 'valid' => errors.empty?, 'row' => row, 'errors' => errors, 'coerced' => coerced }
      end
      unless item.is_a?(Hash)
        return verdict.call(nil, nil, [{ 'field' => nil, 'message' => "must be an object, got #{call('describe_value', item)}" }], [])
      end
      return verdict.call(nil, nil, [{ 'field' => 'name', 'message' => 'missing required field name' }], []) unless item.key?('name')
      name = item['name']
      unless name.is_a?(String)
        return verdict.call(nil, nil, [{ 'field' => 'name', 'message' => "name must be a string naming a command, got #{call('describe_value', name)}" }], [])
      end
      rows = index['rows'][name]
      unless rows
        near = call('suggest', name, index['names'], 'Command')
        # A long name is not echoed: messages stay short, whatever the input.
        length = call('utf16_length', name)
        shown = length > 80 ? "(a name of #{length} characters)" : call('json_string', name)
        message = "unknown command #{shown}#{near ? " (did you mean #{near}?)" : ''}"
        return verdict.call(name, nil, [{ 'field' => 'name', 'message' => message }], [])
      end
      judged = rows.map { |row| call('row_issues', index, row, item) }
      valid = judged.index { |j| j['issues'].empty? }
      return verdict.call(name, rows[valid]['id'], [], []) if valid
      first = rows.size == 1 ? judged[0] : nil
      # Coercion only ever changes a value of the wrong type: without a value error there is nothing to coerce.
      coerced = coerce && (first.nil? || first['value_errors']) ? call('coerce_command', index, item, index['fields_of_name'][name]) : nil
      if coerced.nil?
        return verdict.call(name, rows[0]['id'], first['issues'], []) if first
      else
        rows.each do |row|
          next unless call('row_issues', index, row, coerced['command'])['issues'].empty?
          return verdict.call(name, row['id'], [], coerced['coerced']).merge('command' => coerced['command'])
        end
      end
      command = coerced ? coerced['command'] : item
      best = nil
      rows.each do |row|
        issues = call('row_issues', index, row, command)['issues']
        best = [row, issues] if best.nil? || issues.size < best[1].size
      end
      verdict.call(name, best[0]['id'], best[1], coerced ? coerced['coerced'] : [])
    `,
  ),
  method(
    'validate_commands',
    'list',
    'One verdict per command, at its index.',
    String.raw`
      index = call('command_index')
      list.map { |item| call('check_command', index, item, true) }
    `,
  ),
  method(
    'checks_error',
    'checks, path',
    'The message naming every problem of a checked list, or nil when every command is valid.',
    String.raw`
      details = []
      checks.each_with_index do |check, i|
        check['errors'].each do |e|
          details << "#{path}[#{i}]#{check['name'].nil? ? '' : " (#{check['name']})"}: #{e['message']}"
        end
      end
      return nil if details.empty?
      "#{checks.count { |c| !c['valid'] }} of #{checks.size} commands are invalid; first: #{details[0]}"
    `,
  ),
];
