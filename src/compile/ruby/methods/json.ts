/**
 * JSON text as JavaScript writes it (JSON.stringify): sizes of metadata, keys in messages and
 * idempotency keys must come out the same in Workato as in the TypeScript runtime, and Workato's
 * `to_json` (ActiveSupport) escapes differently.
 */
import { method } from './method';

export const jsonMethods = [
  method(
    'json_text',
    'value',
    'The JSON text of a value, as JSON.stringify writes it.',
    String.raw`
      case value
      when nil then 'null'
      when true then 'true'
      when false then 'false'
      when Integer then call('js_number', value)
      when Float then value.finite? ? call('js_number', value) : 'null'
      when String then call('json_string', value)
      when Symbol then call('json_string', value.to_s)
      when Array then '[' + value.map { |v| call('json_text', v) }.join(',') + ']'
      when Hash then '{' + call('js_keys', value).map { |k| call('json_string', k.to_s) + ':' + call('json_text', value[k]) }.join(',') + '}'
      else call('json_string', value.to_s)
      end
    `,
  ),
  method(
    'json_string',
    'text',
    'A JSON string literal: quotes, backslashes and control characters escaped, nothing else.',
    String.raw`
      escaped = text.to_s.gsub(/[\\"\u0000-\u001f]/) do |c|
        case c
        when '"' then '\"'
        when '\\' then '\\\\'
        when "\b" then '\b'
        when "\f" then '\f'
        when "\n" then '\n'
        when "\r" then '\r'
        when "\t" then '\t'
        else format('\u%04x', c.ord)
        end
      end
      '"' + escaped + '"'
    `,
  ),
  method(
    'js_number',
    'number',
    'A number as JavaScript prints it (1e+21, 1e-7, 5 for 5.0).',
    String.raw`
      return call('js_number', number.to_f) if number.is_a?(Integer) && number.abs >= 10**21
      return number.to_s if number.is_a?(Integer)
      return 'NaN' if number.nan?
      return (number > 0 ? 'Infinity' : '-Infinity') if number.infinite?
      return '0' if number.zero?
      sign = number < 0 ? '-' : ''
      m = number.abs.to_s.match(/\A(\d+)\.(\d+)(?:e([+-]\d+))?\z/)
      digits = m[1] + m[2]
      point = m[1].length + m[3].to_i
      lead = digits[/\A0*/].length
      digits = digits[lead..-1]
      point -= lead
      digits = digits.sub(/0+\z/, '')
      k = digits.length
      text =
        if k <= point && point <= 21 then digits + '0' * (point - k)
        elsif point > 0 && point <= 21 then digits[0, point] + '.' + digits[point..-1]
        elsif point > -6 && point <= 0 then '0.' + '0' * -point + digits
        else
          exponent = point - 1
          (k == 1 ? digits : digits[0] + '.' + digits[1..-1]) + 'e' + (exponent < 0 ? '-' : '+') + exponent.abs.to_s
        end
      sign + text
    `,
  ),
  method(
    'js_keys',
    'hash',
    "A Hash's keys in JavaScript's order: integer-like keys first, ascending, then the rest as inserted.",
    String.raw`
      keys = hash.keys
      integers = keys.select { |k| k.is_a?(String) && k =~ /\A(0|[1-9][0-9]*)\z/ && k.to_i < 4_294_967_295 }
      return keys if integers.empty?
      integers.sort_by(&:to_i) + (keys - integers)
    `,
  ),
  method(
    'canonical_json',
    'value',
    'JSON with object keys sorted, so that key order does not change an idempotency key.',
    String.raw`
      case value
      when Array then '[' + value.map { |v| call('canonical_json', v) }.join(',') + ']'
      when Hash then '{' + value.keys.sort_by(&:to_s).map { |k| call('json_string', k.to_s) + ':' + call('canonical_json', value[k]) }.join(',') + '}'
      else call('json_text', value)
      end
    `,
  ),
  method(
    'plain_json',
    'value',
    "A plain JSON value (string keys, Hash and Array) of whatever Workato hands over.",
    String.raw`
      case value
      when Hash then value.each_with_object({}) { |(k, v), out| out[k.to_s] = call('plain_json', v) }
      when Array then value.map { |v| call('plain_json', v) }
      when Symbol then value.to_s
      else value
      end
    `,
  ),
];
