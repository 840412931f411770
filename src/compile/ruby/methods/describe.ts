/**
 * How values and paths are named in messages, word for word as src/validate/describe.ts and
 * src/validate/suggest.ts name them: by JSON type, never by content.
 */
import { method } from './method';

export const describeMethods = [
  method(
    'describe_value',
    'value',
    'A value named by its JSON type (numbers and booleans by value), never by its content.',
    String.raw`
      case value
      when nil then 'null'
      when Array then 'an array'
      when Hash then 'an object'
      when String
        length = call('utf16_length', value)
        if length.zero? then 'an empty string'
        elsif length > 40 then "a string of #{length} characters"
        else 'a string'
        end
      when Integer then "the number #{call('js_number', value)}"
      when Float then value.finite? ? "the number #{call('js_number', value)}" : "the non-finite number #{call('js_number', value)}"
      when true, false then "the boolean #{value}"
      else value.class.name.downcase
      end
    `,
  ),
  method(
    'utf16_length',
    'text',
    "A string's length as JavaScript counts it (UTF-16 code units).",
    String.raw`
      text.each_char.sum { |c| c.ord > 0xFFFF ? 2 : 1 }
    `,
  ),
  method(
    'child_path',
    'path, key',
    '`a.b` for identifiers, `a["odd key"]` otherwise; array items as `a[0]`.',
    String.raw`
      return "#{path}[#{key}]" if key.is_a?(Integer)
      key =~ /\A[A-Za-z_$][A-Za-z0-9_$]*\z/ ? "#{path}.#{key}" : "#{path}[#{call('json_string', key)}]"
    `,
  ),
  method(
    'suggest',
    'input, known, suffix',
    'The known name closest to a misspelled one, when close enough to be a slip ("did you mean …").',
    String.raw`
      distance = lambda do |a, b|
        previous = (0..b.length).to_a
        a.each_char.with_index(1) do |ca, i|
          current = [i]
          b.each_char.with_index(1) do |cb, j|
            current[j] = [previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca == cb ? 0 : 1)].min
          end
          previous = current
        end
        previous[b.length]
      end
      # Far longer than any known name: no slip, and comparing would cost time proportional to it.
      return nil if call('utf16_length', input) > 2 * known.map { |k| call('utf16_length', k) }.max
      typed = input.downcase
      best = nil
      best_distance = nil
      known.each do |name|
        lower = name.downcase
        d = distance.call(typed, lower)
        d = [d, distance.call(typed + suffix.downcase, lower)].min unless suffix.empty?
        if best_distance.nil? || d < best_distance
          best = name
          best_distance = d
        end
      end
      best_distance && best_distance <= [2, call('utf16_length', input) / 4].max ? best : nil
    `,
  ),
];
