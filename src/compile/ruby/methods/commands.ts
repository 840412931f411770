/**
 * The command table as one piece of Ruby data, and one compact check over it: required fields,
 * fields the row does not take, wire types, the README's coercions, "did you mean" for a misspelt
 * name. Its verdicts (valid, the row, the fields at fault, what was coerced) are those of
 * src/validate/commands.ts; its words are its own, naming the field and never a value.
 */
import { commandTable, fieldsOf } from '../../../../connector/commands';
import { commandFieldNames, commandFields, KEY_MAX_LENGTH } from '../../../../connector/fields';
import { entityId } from '../../../../connector/model/entity-id';
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH, METADATA_MAX_NUMBER } from '../../../../connector/model/metadata';
import { kindPhrase } from '../../../validate/command-issues';
import { metadataProblems } from '../../../validate/metadata';
import { UUID_FORMAT } from '../../../values/uuid';
import { LIST_OF_COMMANDS } from '../../pick-lists';
import { commandConfigField } from '../../workato-actions';
import { rubyLiteral, rubyRegexp, rubyString } from '../literal';

/** The config field of Run commands, as Workato sends it within the input. */
const CHOICE = commandConfigField().name;
import { method } from './method';

const MAX_ID = entityId.maximum;

/** A key named as `.key` in a path (src/validate/describe.ts, childPath); any other as `["key"]`. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** What the Node validator says of a metadata value (the words between its path and the value it names), read from it. */
const nodeWords = (value: unknown): string => {
  const [problem] = metadataProblems({ x: value });
  const words = problem?.match(/^metadata\.x (.*), got [^,]*$/)?.[1];
  if (!words) throw new Error(`no words of the Node validator for ${typeof value}: ${problem}`);
  return words;
};
const NUMBER_WORDS = nodeWords(METADATA_MAX_NUMBER * 2);
const JSON_VALUE_WORDS = nodeWords(undefined);

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
      choice = input[${rubyLiteral(CHOICE)}].presence || ${rubyLiteral(LIST_OF_COMMANDS)}
      if choice == ${rubyLiteral(LIST_OF_COMMANDS)}
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
    'One verdict per command, at its index: valid or not, the row judged by, each problem naming its field, what was coerced. A name with two shapes is judged by the one it fits, else the one with fewer problems.',
    String.raw`
      kinds = call('command_field_kinds')
      rows_by_name = call('command_table').map { |id, row| row.merge('id' => id, 'takes' => row['required'] + row['optional']) }.group_by { |row| row['name'] }
      integer = lambda { |v| v.is_a?(Integer) || (v.is_a?(Float) && v.finite? && v == v.floor) }
      fits = {
        'id' => lambda { |v| integer.call(v) && v >= 1 && v <= ${MAX_ID} },
        'key' => lambda { |v| v.is_a?(String) && v.length.between?(1, ${KEY_MAX_LENGTH}) },
        'uuid' => lambda { |v| v.is_a?(String) && v.match?(${rubyRegexp(UUID_FORMAT)}) },
        'metadata' => lambda { |v| call('metadata_problem', v, 'metadata').nil? }
      }
      # The README's unambiguous loose values: "42" for an id, 42 for an external or mapping id.
      loose = {
        'id' => lambda { |v| v.to_i if v.is_a?(String) && v.match?(/\A[1-9][0-9]*\z/) && v.to_i <= ${MAX_ID} },
        'key' => lambda { |v| v.to_i.to_s if integer.call(v) && v.abs <= ${MAX_ID} }
      }
      phrases = ${rubyLiteral(kindPhrase, { keys: 'string', width: 200 })}
      problems = lambda do |command, row|
        found = []
        shape = row['id'].include?('.') ? " (#{row['id'].split('.').last} matching)" : ''
        row['required'].each do |f|
          found << { 'field' => f, 'message' => "missing required field #{f}#{shape.empty? ? '' : " for #{row['name']}#{shape}"}" } unless command.key?(f)
        end
        command.each_key do |f|
          next if f == 'name' || row['takes'].include?(f)
          found << { 'field' => f, 'message' => "unknown field #{f}: #{row['name']}#{shape} takes #{row['takes'].empty? ? 'no field besides name' : row['takes'].join(', ')}" }
        end
        row['takes'].each do |f|
          next if !command.key?(f) || fits[kinds[f]].call(command[f])
          message = kinds[f] == 'metadata' ? call('metadata_problem', command[f], f) : "#{f} must be #{phrases[kinds[f]]}, got #{call('type_of', command[f])}"
          found << { 'field' => f, 'message' => message }
        end
        found
      end
      # A command valid as given shares its row's verdict: 50,000 of them allocate none.
      valid = rows_by_name.values.flatten.map { |row| [row['id'], { 'name' => row['name'], 'valid' => true, 'row' => row['id'], 'errors' => [], 'coerced' => [] }] }.to_h
      fault = lambda { |field, message, name| { 'name' => name, 'valid' => false, 'row' => nil, 'errors' => [{ 'field' => field, 'message' => message }], 'coerced' => [] } }
      commands.map do |command|
        next fault.call(nil, "must be an object, got #{call('type_of', command)}", nil) unless command.is_a?(Hash)
        next fault.call('name', 'missing required field name', nil) unless command.key?('name')
        name = command['name']
        next fault.call('name', "name must be a string naming a command, got #{call('type_of', name)}", nil) unless name.is_a?(String)
        rows = rows_by_name[name]
        if rows.nil?
          near = call('closest_name', name, rows_by_name.keys)
          shown = name.length > 80 ? "(a name of #{name.length} characters)" : "\"#{name}\""
          next fault.call('name', "unknown command #{shown}#{near ? " (did you mean #{near}?)" : ''}", name)
        end
        judged = rows.map { |row| [row, problems.call(command, row)] }
        fitting = judged.find { |_, found| found.empty? }
        next valid[fitting[0]['id']] if fitting
        coerced = {}
        rows.flat_map { |row| row['takes'] }.uniq.each do |f|
          value = command.key?(f) && loose[kinds[f]] ? loose[kinds[f]].call(command[f]) : nil
          coerced[f] = value unless value.nil?
        end
        sent = command.merge(coerced)
        judged = rows.map { |row| [row, problems.call(sent, row)] } unless coerced.empty?
        row, found = judged.find { |_, f| f.empty? } || judged.min_by { |_, f| f.size }
        verdict = { 'name' => name, 'valid' => found.empty?, 'row' => row['id'], 'errors' => found, 'coerced' => coerced.keys }
        found.empty? ? verdict.merge('command' => sent) : verdict
      end
    `,
  ),
  method(
    'metadata_problem',
    'metadata, path',
    `Why metadata (at \`path\`) is not valid (docs/contract.md §4: JSON values, numbers within ±${METADATA_MAX_NUMBER}, at most ${METADATA_MAX_DEPTH} levels, ${METADATA_MAX_BYTES} bytes), naming the path at fault in the Node validator's words; or nil.`,
    String.raw`
      return "#{path} must be an object of key-value pairs, got #{call('type_of', metadata)}" unless metadata.is_a?(Hash)
      # The walk returns a problem (the path below the value, then why), or an upper bound of the
      # JSON size: most metadata is judged without serializing it, and no path is built unless needed.
      walk = lambda do |value, level|
        case value
        when Hash, Array
          return " is nested deeper than ${METADATA_MAX_DEPTH} levels" if level > ${METADATA_MAX_DEPTH}
          (value.is_a?(Hash) ? value : value.each_with_index.map { |v, i| [i, v] }).sum(2) do |key, v|
            bound = walk.call(v, level + 1)
            if bound.is_a?(String)
              step = key.is_a?(Integer) ? "[#{key}]" : key.to_s.match?(${rubyRegexp(IDENTIFIER)}) ? ".#{key}" : "[#{key.to_s.to_json}]"
              return step + bound
            end
            bound + key.to_s.bytesize * 6 + 4
          end
        when String then value.bytesize * 6 + 2
        # An integer beyond the bound may be of any length: refused before its size is estimated.
        when Integer then value.abs <= ${METADATA_MAX_NUMBER} ? 24 : ${rubyString(` ${NUMBER_WORDS}, got a number`)}
        when Float
          if !value.finite? then ${rubyString(` ${JSON_VALUE_WORDS}, got a number that is not finite`)}
          elsif value.abs <= ${METADATA_MAX_NUMBER} then 24
          else ${rubyString(` ${NUMBER_WORDS}, got a number`)}
          end
        when true, false, nil then 24
        else " ${JSON_VALUE_WORDS}, got #{call('type_of', value)}"
        end
      end
      bound = walk.call(metadata, 1)
      return "#{path}#{bound}" if bound.is_a?(String)
      bytes = bound <= ${METADATA_MAX_BYTES} ? 0 : metadata.to_json.bytesize
      "#{path} is #{bytes} bytes serialized, more than the ${METADATA_MAX_BYTES} allowed" if bytes > ${METADATA_MAX_BYTES}
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
