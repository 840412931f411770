/**
 * The command table as one piece of Ruby data, and one compact check over it: required fields,
 * fields the row does not take, wire types, the README's coercions, "did you mean" for a misspelt
 * name. Its verdicts (valid, the row, the fields at fault, what was coerced) are those of
 * src/validate/commands.ts; its words are its own, naming the field and never a value.
 */
import { commandTable, fieldsOf } from '../../../../connector/commands';
import { commandFieldNames, commandFields, KEY_MAX_LENGTH } from '../../../../connector/fields';
import { entityId } from '../../../../connector/model/entity-id';
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH } from '../../../../connector/model/metadata';
import { kindPhrase } from '../../../validate/commands';
import { UUID_FORMAT } from '../../../validate/ajv';
import { rubyLiteral, rubyRegexp } from '../literal';
import { method } from './method';

const MAX_ID = entityId.maximum;

// One row of the table per line, so that a change to a row is a one-line diff.
const table = rubyLiteral(
  Object.fromEntries(commandTable.map((r) => [r.id, { name: r.name, required: r.required, optional: fieldsOf(r).filter((f) => !r.required.includes(f)) }])),
  { keys: 'string', width: 200 },
);

export const commandMethods = [
  method('command_table', '', 'The command table of the article, by row id (MapUserCommand has two shapes): the fields each row requires and allows.', table),
  method(
    'command_field_kinds',
    '',
    'How each command field is typed on the wire.',
    rubyLiteral(Object.fromEntries(commandFieldNames.map((f) => [f, commandFields[f].kind])), { keys: 'string', width: 200 }),
  ),
  method(
    'commands_of_choice',
    'input',
    'The commands of a Run commands input: the list, or the one command picked in the config field, made of its fields.',
    String.raw`
      choice = input['command'].presence || 'list_of_commands'
      if choice == 'list_of_commands'
        error('Commands must be a list of commands') unless input['commands'].is_a?(Array)
        return input['commands']
      end
      row = call('command_table')[choice]
      error('Command must be one of the commands of the list, or List of commands') if row.nil?
      command = { 'name' => row['name'] }
      # Workato sends an empty optional field as nil or "": both mean "not given".
      (row['required'] + row['optional']).each { |field| command[field] = input[field] unless input[field].nil? || input[field] == '' }
      [command]
    `,
  ),
  method(
    'check_commands',
    'commands',
    'One verdict per command, at its index: valid or not, the row judged by, each problem naming its field, what was coerced.',
    String.raw`
      rows = call('command_table').map { |id, row| row.merge('id' => id) }.group_by { |row| row['name'] }
      kinds = call('command_field_kinds')
      commands.map { |command| call('check_command', command, rows, kinds) }
    `,
  ),
  method(
    'check_command',
    'command, rows_by_name, kinds',
    'The verdict on one command. A name with two shapes is judged by the one it is valid for, else the one with fewer problems.',
    String.raw`
      verdict = { 'name' => nil, 'valid' => false, 'row' => nil, 'errors' => [], 'coerced' => [] }
      problem = lambda { |field, message| verdict.merge('errors' => [{ 'field' => field, 'message' => message }]) }
      return problem.call(nil, "must be an object, got #{call('type_of', command)}") unless command.is_a?(Hash)
      name = command['name']
      return problem.call('name', 'missing required field name') unless command.key?('name')
      return problem.call('name', "name must be a string naming a command, got #{call('type_of', name)}") unless name.is_a?(String)
      rows = rows_by_name[name]
      if rows.nil?
        near = call('closest_name', name, rows_by_name.keys)
        shown = name.length > 80 ? "(a name of #{name.length} characters)" : "\"#{name}\""
        return problem.call('name', "unknown command #{shown}#{near ? " (did you mean #{near}?)" : ''}").merge('name' => name)
      end
      coerced = {}
      rows.flat_map { |row| row['required'] + row['optional'] }.uniq.each do |field|
        value = command.key?(field) ? call('coerced_value', kinds[field], command[field]) : nil
        coerced[field] = value unless value.nil?
      end
      sent = command.merge(coerced)
      judged = rows.map { |row| [row, call('command_problems', sent, row, kinds)] }
      row, problems = judged.find { |_, found| found.empty? } || judged.min_by { |_, found| found.size }
      verdict.merge('name' => name, 'valid' => problems.empty?, 'row' => row['id'], 'errors' => problems, 'coerced' => coerced.keys)
             .merge(problems.empty? && coerced.present? ? { 'command' => sent } : {})
    `,
  ),
  method(
    'command_problems',
    'command, row, kinds',
    "A command's problems against one row: missing fields, fields the row does not take, values of the wrong type.",
    String.raw`
      takes = row['required'] + row['optional']
      shape = row['id'].include?('.') ? " (#{row['id'].split('.').last} matching)" : ''
      taken = takes.empty? ? 'no field besides name' : takes.join(', ')
      missing = row['required'].reject { |f| command.key?(f) }.map do |f|
        { 'field' => f, 'message' => "missing required field #{f}#{shape.empty? ? '' : " for #{row['name']}#{shape}"}" }
      end
      unknown = (command.keys.map(&:to_s) - ['name'] - takes).map do |f|
        { 'field' => f, 'message' => "unknown field #{f}: #{row['name']}#{shape} takes #{taken}" }
      end
      wrong = takes.select { |f| command.key?(f) }.map do |f|
        why = call('value_problem', kinds[f], command[f])
        why && { 'field' => f, 'message' => "#{f} #{why}" }
      end
      missing + unknown + wrong.compact
    `,
  ),
  method(
    'value_problem',
    'kind, value',
    'Why a value does not have the wire type of its kind of field, or nil when it does.',
    String.raw`
      integer = value.is_a?(Integer) || (value.is_a?(Float) && value.finite? && value == value.floor)
      fits =
        case kind
        when 'id' then integer && value >= 1 && value <= ${MAX_ID}
        when 'key' then value.is_a?(String) && value.length.between?(1, ${KEY_MAX_LENGTH})
        when 'uuid' then value.is_a?(String) && value.match?(${rubyRegexp(UUID_FORMAT)})
        when 'metadata' then (why = call('metadata_problem', value)).nil?
        end
      return nil if fits
      why || "must be #{${rubyLiteral(kindPhrase, { keys: 'string', width: 200 })}[kind]}, got #{call('type_of', value)}"
    `,
  ),
  method(
    'metadata_problem',
    'metadata',
    'Why metadata is not valid (http-contract.md §4: JSON values, at most ' + `${METADATA_MAX_DEPTH} levels, ${METADATA_MAX_BYTES} bytes), or nil.`,
    String.raw`
      return "must be an object of key-value pairs, got #{call('type_of', metadata)}" unless metadata.is_a?(Hash)
      walk = lambda do |value, level|
        case value
        when Hash, Array
          return "is nested deeper than ${METADATA_MAX_DEPTH} levels" if level > ${METADATA_MAX_DEPTH}
          (value.is_a?(Hash) ? value.values : value).each do |v|
            found = walk.call(v, level + 1)
            return found if found
          end
          nil
        when String, Integer, true, false, nil then nil
        when Float then value.finite? ? nil : 'holds a number that is not finite'
        else "holds #{call('type_of', value)}, which is not a JSON value"
        end
      end
      found = walk.call(metadata, 1)
      return found if found
      bytes = metadata.to_json.bytesize
      "is #{bytes} bytes serialized, more than the ${METADATA_MAX_BYTES} allowed" if bytes > ${METADATA_MAX_BYTES}
    `,
  ),
  method(
    'coerced_value',
    'kind, value',
    'The unambiguous loose values of the README: "42" for an id becomes 42, 42 for an external or mapping id "42"; else nil.',
    String.raw`
      case kind
      when 'id'
        value.to_i if value.is_a?(String) && value.match?(/\A[1-9][0-9]*\z/) && value.to_i <= ${MAX_ID}
      when 'key'
        value.to_i.to_s if (value.is_a?(Integer) || (value.is_a?(Float) && value.finite? && value == value.floor)) && value.abs <= ${MAX_ID}
      end
    `,
  ),
  method(
    'type_of',
    'value',
    'A value named by its JSON type only: values may be personal data.',
    String.raw`
      case value
      when nil then 'null'
      when String then value.empty? ? 'an empty string' : 'a string'
      when Integer, Float then 'a number'
      when true, false then 'a boolean'
      when Array then 'an array'
      when Hash then 'an object'
      else 'a value that is not JSON'
      end
    `,
  ),
  method(
    'closest_name',
    'typed, known',
    'The known name a misspelt one is a slip of (a few edits, or the name without its Command suffix), or nil.',
    String.raw`
      return nil if typed.length > 2 * known.map(&:length).max
      distance = lambda do |a, b|
        row = (0..b.length).to_a
        a.each_char.with_index(1) do |ca, i|
          previous = row
          row = [i]
          b.each_char.with_index(1) { |cb, j| row[j] = [previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca == cb ? 0 : 1)].min }
        end
        row[b.length]
      end
      lower = typed.downcase
      best = known.min_by { |name| [distance.call(lower, name.downcase), distance.call("#{lower}command", name.downcase)].min }
      gap = [distance.call(lower, best.downcase), distance.call("#{lower}command", best.downcase)].min
      gap <= [2, typed.length / 4].max ? best : nil
    `,
  ),
  method(
    'invalid_commands',
    'checks',
    'The one line that says why nothing was sent (Fail on invalid commands): how many are invalid, and the first problem.',
    String.raw`
      bad = checks.each_index.reject { |i| checks[i]['valid'] }
      first = checks[bad.first]
      named = first['name'] ? " (#{first['name']})" : ''
      "nothing was sent: #{bad.size} of #{checks.size} commands are invalid; first: commands[#{bad.first}]#{named}: #{first['errors'].first['message']}"
    `,
  ),
];
