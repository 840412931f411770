/**
 * Inputs as Workato hands them over, made ready for the request: loose values brought to type
 * (`"42"`, `"true"`, a multiselect's `"a,b"`), instants in UTC, empty fields left out, required and
 * connector-only ones checked, the connection checked, chosen entity types folded into a query. Everything else is the service's to judge: its answer names the
 * field at fault.
 */
import { entitySelections } from '../../../../connector/model/query';
import { MULTISELECT_DELIMITER } from '../../workato-fields';
import { UUID_FORMAT } from '../../../values/uuid';
import { INSTANT_GRAMMAR } from '../../../values/instant';
import { rubyLiteral, rubyRegexp, rubyString } from '../literal';
import { method } from './method';

export const inputMethods = [
  method(
    'check_connection',
    'connection',
    'Refuses a connection that cannot work, saying which field to fix (base_uri may not raise errors itself).',
    String.raw`
      domain = connection['domain'].to_s.strip
      unless domain.match?(%r{\Ahttps?://[^/\s]+}i) || domain.match?(/\A[A-Za-z0-9.-]+(:\d{1,5})?\z/)
        error('Domain must be a host such as acme.docebosaas.com, or a URL such as http://127.0.0.1:4010')
      end
      if connection['auth_type'] == 'password' && (connection['username'].blank? || connection['password'].blank?)
        error('The password grant needs a Username and a Password')
      end
    `,
  ),
  method(
    'loose_input',
    'input, kinds',
    'The declared inputs brought to their type where that is unambiguous; empty ones (nil or "") left out.',
    String.raw`
      input.each_with_object({}) do |(field, value), loose|
        next if value.nil? || value == ''
        loose[field] =
          case kinds[field]
          when 'integer' then value.is_a?(String) && value.strip.match?(/\A-?(0|[1-9][0-9]*)\z/) ? value.strip.to_i : value
          when 'boolean' then { 'true' => true, 'false' => false }.fetch(value, value)
          when 'list' then value.is_a?(String) ? value.split(${rubyString(MULTISELECT_DELIMITER)}).map(&:strip).reject(&:empty?) : value
          when 'date_time' then call('utc_instant', value) || value
          else value
          end
      end
    `,
  ),
  method(
    'utc_instant',
    'value',
    'An instant as the service wants it: ISO 8601 UTC with milliseconds (finer fractions round up); nil when not an instant with an offset. The grammar is the Node runtime\'s (src/values/instant.ts).',
    String.raw`
      at = value.to_time.to_r if value.is_a?(Time) || value.is_a?(DateTime)
      m = value.is_a?(String) ? value.strip.match(${rubyRegexp(INSTANT_GRAMMAR)}) : nil
      return at && Time.at(Rational((at * 1000).ceil, 1000)).utc.strftime('%Y-%m-%dT%H:%M:%S.%LZ') if m.nil?
      year, month, day, hour, minute, second = [1, 2, 3, 4, 5, 6].map { |i| m[i].to_i }
      return nil unless (1..12).cover?(month) && (1..31).cover?(day) && hour <= 23 && minute <= 59 && second <= 60
      midnight = Time.utc(year, month, day)
      # A day the month does not have (31 February) would roll over into the next month.
      return nil unless midnight.day == day
      fraction = m[7].to_s
      at = midnight.to_r + (hour * 60 + minute) * 60 + second + (fraction.empty? ? 0 : Rational(fraction.to_i, 10**fraction.length))
      zone = m[8]
      unless zone.casecmp?('z')
        digits = zone[1..-1].delete(':')
        at -= (zone[0] == '-' ? -1 : 1) * (digits[0, 2].to_i * 60 + digits[2, 2].to_i) * 60
      end
      Time.at(Rational((at * 1000).ceil, 1000)).utc.strftime('%Y-%m-%dT%H:%M:%S.%LZ')
    `,
  ),
  method(
    'check_inputs',
    'input, rules',
    "Fails naming every input that is missing or malformed where the service cannot say so: a required one (a full invoke checks it, execute alone does not), an integration's UUID (the service answers a bad one like a wrong PSK), a bound of the connector's own, an instant or a list of names the connector reads itself (a trigger's start and its filter).",
    String.raw`
      problems = rules.map do |field, rule|
        value = input[field]
        if value.nil? || value == ''
          "#{rule['label']} is required" if rule['required']
        elsif rule['uuid'] && !value.to_s.match?(${rubyRegexp(UUID_FORMAT)})
          "#{rule['label']} must be a UUID, as Create integration returns it"
        elsif rule.key?('min') && !(value.is_a?(Integer) && value >= rule['min'] && (rule['max'].nil? || value <= rule['max']))
          "#{rule['label']} must be a whole number from #{rule['min']}#{rule['max'] ? " to #{rule['max']}" : ' on'}"
        elsif rule['instant'] && call('utc_instant', value).nil?
          "#{rule['label']} must be a date and time with its offset, such as 2026-01-31T09:00:00Z"
        elsif rule['one_of'] && !(value.is_a?(Array) && (value - rule['one_of']).empty?)
          "#{rule['label']} takes only #{rule['one_of'].join(', ')}"
        end
      end
      error(problems.compact.join('; ')) unless problems.compact.empty?
    `,
  ),
  method(
    'fold_entity_types',
    'entities, types',
    "A query's entities with the chosen entity types folded in: a type chosen with no ids of its own means all of that type (Query entities, and the trigger).",
    String.raw`
      folded = (entities || {}).dup
      Array.wrap(types).each { |type| folded[type] ||= ${rubyLiteral(Object.entries(entitySelections).filter(([, s]) => s.type === 'array').map(([k]) => k))}.include?(type) ? [] : {} }
      folded
    `,
  ),
];
