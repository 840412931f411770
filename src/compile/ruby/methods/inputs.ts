/**
 * Action inputs the way Workato hands them over (a multiselect as one joined string, numbers and
 * booleans as strings, times with any offset, empty optional fields as nil or ""), brought to the
 * shape the request needs and checked against the action's input schema (emitted as data), with
 * the messages of src/runtime/execute.ts and src/validate/schema-errors.ts.
 */
import { method } from './method';

export const inputMethods = [
  method(
    'utc_instant',
    'value',
    'An instant as ISO 8601 UTC with milliseconds (finer fractions rounded up), or nil when it is not one.',
    String.raw`
      if value.is_a?(Time) || (defined?(DateTime) && value.is_a?(DateTime))
        time = value.to_time.utc
        ms = time.to_i * 1000 + time.nsec / 1_000_000 + (time.nsec % 1_000_000 > 0 ? 1 : 0)
      else
        return nil unless value.is_a?(String)
        m = value.strip.match(/\A(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)\z/)
        return nil unless m
        year, month, day, hour, minute = m[1].to_i, m[2].to_i, m[3].to_i, m[4].to_i, m[5].to_i
        second = m[6].to_i
        fraction = m[7].to_s
        return nil if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60
        # A date that does not exist (31 February) is refused, not rolled over.
        return nil unless Time.utc(year, month, day).day == day
        ms = Time.utc(year, month, day, hour, minute, 0).to_i * 1000 + second * 1000 + fraction[0, 3].ljust(3, '0').to_i
        ms += 1 if fraction[3..-1].to_s =~ /[1-9]/
        zone = m[8]
        unless zone == 'Z' || zone == 'z'
          digits = zone[1..-1].delete(':')
          offset = (digits[0, 2].to_i * 60 + digits[2..-1].to_i) * 60_000
          ms -= zone[0] == '-' ? -offset : offset
        end
      end
      Time.at(ms.div(1000), (ms % 1000) * 1000).utc.strftime('%Y-%m-%dT%H:%M:%S.%LZ')
    `,
  ),
  method(
    'loosen',
    'kind, value',
    'A top-level input value brought to its type where that is unambiguous ("42" → 42, "true" → true, "a,b" → ["a", "b"]).',
    String.raw`
      return value unless value.is_a?(String)
      case kind
      when 'integer'
        text = value.strip
        text =~ /\A-?(0|[1-9][0-9]*)\z/ && text.to_i.abs <= 9_007_199_254_740_991 ? text.to_i : value
      when 'boolean'
        value == 'true' ? true : (value == 'false' ? false : value)
      when 'list'
        value.split(call('multiselect_delimiter')).map(&:strip).reject(&:empty?)
      else
        value
      end
    `,
  ),
  method(
    'schema_problems',
    'schema, value, path',
    "The problems of a value against the subset of JSON Schema the inputs use, in ajv's order and the project's words.",
    String.raw`
      types = schema['type'].nil? ? nil : Array(schema['type'])
      problems = []
      add = lambda { |at, message| problems << { 'path' => at, 'message' => message } }
      if types && types.none? { |t| call('json_type_fits', t, value) }
        # A value of the wrong type skips the keywords of its type, not enum, which has none.
        add.call(path, "#{path} must be #{types.join(',')}")
      elsif value.is_a?(Numeric)
        add.call(path, "#{path} must be <= #{schema['maximum']}") if schema['maximum'] && value > schema['maximum']
        add.call(path, "#{path} must be >= #{schema['minimum']}") if schema['minimum'] && value < schema['minimum']
      elsif value.is_a?(String)
        add.call(path, "#{path} must NOT have more than #{schema['maxLength']} characters") if schema['maxLength'] && value.length > schema['maxLength']
        add.call(path, "#{path} must NOT have fewer than #{schema['minLength']} characters") if schema['minLength'] && value.length < schema['minLength']
        add.call(path, "#{path} must match pattern \"#{schema['pattern']}\"") if schema['pattern'] && value !~ Regexp.new(schema['pattern'])
        case schema['format']
        when 'uuid' then add.call(path, "#{path} must be a uuid") unless value =~ call('command_limits')['uuid']
        when 'date-time' then add.call(path, "#{path} must be an ISO 8601 date-time with an offset") unless call('utc_instant', value)
        end
      elsif value.is_a?(Array)
        value.each_with_index { |v, i| problems.concat(call('schema_problems', schema['items'], v, "#{path}[#{i}]")) } if schema['items']
        add.call(path, "#{path} must NOT have fewer than #{schema['minItems']} items") if schema['minItems'] && value.size < schema['minItems']
        add.call(path, "#{path} must NOT have more than #{schema['maxItems']} items") if schema['maxItems'] && value.size > schema['maxItems']
        if schema['uniqueItems'] && schema['uniqueScalar']
          seen = {}
          (value.size - 1).downto(0) do |i|
            text = call('canonical_json', value[i])
            if seen.key?(text)
              add.call(path, "#{path} must NOT have duplicate items (items ## #{seen[text]} and #{i} are identical)")
              break
            end
            seen[text] = i
          end
        elsif schema['uniqueItems']
          texts = value.map { |v| call('canonical_json', v) }
          pair = (value.size - 1).downto(1).lazy.map { |i| [(i - 1).downto(0).find { |j| texts[j] == texts[i] }, i] }.find { |j, _| j }
          add.call(path, "#{path} must NOT have duplicate items (items ## #{pair[0]} and #{pair[1]} are identical)") if pair
        end
      elsif value.is_a?(Hash)
        properties = schema['properties'] || {}
        (schema['required'] || []).each { |f| add.call("#{path}.#{f}", "#{path}.#{f} is required") unless value.key?(f) }
        if schema['additionalProperties'] == false
          call('js_keys', value).each { |k| add.call("#{path}.#{k}", "#{path}.#{k} is not a known field") unless properties.key?(k) }
        end
        properties.each { |k, s| problems.concat(call('schema_problems', s, value[k], call('pointer_path', path, k))) if value.key?(k) }
      end
      add.call(path, "#{path} must be one of #{schema['enum'].join(', ')}") if schema['enum'] && !schema['enum'].include?(value)
      problems.uniq { |p| p['message'] }
    `,
  ),
  method(
    'pointer_path',
    'path, key',
    'A child path as the schema messages write it: `input.page`, `entities.users`.',
    String.raw`
      key =~ /\A\d+\z/ ? "#{path}[#{key}]" : "#{path}.#{key}"
    `,
  ),
  method(
    'json_type_fits',
    'type, value',
    'Whether a value is of a JSON Schema type.',
    String.raw`
      case type
      when 'string' then value.is_a?(String)
      when 'integer' then call('js_integer', value)
      when 'number' then value.is_a?(Integer) || (value.is_a?(Float) && value.finite?)
      when 'boolean' then value == true || value == false
      when 'null' then value.nil?
      when 'array' then value.is_a?(Array)
      when 'object' then value.is_a?(Hash)
      else true
      end
    `,
  ),
  method(
    'event_problems',
    'list, path',
    'An event list: known names, no duplicates, the alias made canonical. Returns the canonical names and the problems.',
    String.raw`
      catalogue = call('event_catalogue')
      accepted = catalogue['names'] + catalogue['aliases'].keys
      events = []
      problems = []
      seen = {}
      list.each_with_index do |name, i|
        at = "#{path}[#{i}]"
        unless name.is_a?(String)
          problems << { 'path' => at, 'message' => "#{at} must be an event name, got #{call('describe_value', name)}" }
          next
        end
        canonical = catalogue['aliases'][name] || name
        unless catalogue['names'].include?(canonical)
          near = call('suggest', name, accepted, '')
          problems << { 'path' => at, 'message' => "#{at}: unknown event #{call('json_string', name)}#{near ? " (did you mean #{near}?)" : ''}" }
          next
        end
        if seen.key?(canonical)
          problems << { 'path' => at, 'message' => "#{at}: #{canonical} is already listed at #{path}[#{seen[canonical]}]" }
          next
        end
        seen[canonical] = i
        events << canonical
      end
      { 'events' => events, 'problems' => problems }
    `,
  ),
  method(
    'prepare_input',
    'action, raw',
    'The input as the request needs it: loose values brought to type, instants in UTC, events canonical; validated.',
    String.raw`
      error('input must be an object') unless raw.is_a?(Hash)
      schema = action['input']
      properties = schema['properties']
      input = {}
      raw.each do |key, value|
        known = properties.key?(key)
        # Workato sends empty optional fields as nil or ""; both mean "not given".
        next if (value.nil? || value == '') && known && !schema['required'].include?(key)
        input[key] = known ? call('loosen', action['loose'][key], value) : value
      end
      (action['request']['dateTimes'] || []).each do |field|
        utc = call('utc_instant', input[field])
        input[field] = utc if utc
      end
      problems = call('schema_problems', schema, input, 'input')
      action['event_fields'].each do |field|
        next unless input[field].is_a?(Array)
        checked = call('event_problems', input[field], "input.#{field}")
        if checked['problems'].empty?
          input[field] = checked['events']
        else
          checked['problems'].each { |p| problems << p unless problems.any? { |q| q['path'] == p['path'] } }
        end
      end
      error("invalid input for #{action['name']}: #{problems.map { |p| p['message'] }.join('; ')}") unless problems.empty?
      input
    `,
  ),
];
