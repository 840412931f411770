/**
 * What every request shares: which failures an action handles itself (the others are Workato's to
 * retry), and a failure as one readable line carrying the service's code and message, never a
 * secret.
 */
import { wire } from '../../../../connector/wire';
import { rubyLiteral } from '../literal';
import { method } from './method';

export const httpMethods = [
  method(
    'failures_not_retried',
    '',
    `Every error status but those Workato retries (${wire.retryStatuses.join(', ')}), and a dropped connection (Workato retries none): their failure is explained at once.`,
    `(400..599).to_a - ${rubyLiteral(wire.retryStatuses)} + [/\\AServer broke connection/]`,
  ),
  method(
    'unexpected',
    'request, code, problem',
    "A success answer that is not the service's, in the Node client's words (unexpected_response): the request, the status, what was wrong, never a value.",
    String.raw`
      "#{request} answered #{code} with an unexpected body: #{problem}"
    `,
  ),
  method(
    'data_of',
    'request, code, body, rules',
    "The `data` of a success answer, checked against `rules` (src/compile/ruby/answer-rules.ts) when given; a success without it, or not of its shape, is not the service's answer, and says so.",
    String.raw`
      error("#{request} answered #{code} with a body that is not JSON") if body.is_a?(String)
      problem =
        if !body.is_a?(Hash) then "the body must be an object, got #{body.nil? ? 'none' : call('type_of', body)}"
        elsif !body.key?('data') then 'data is missing'
        elsif !body['data'].is_a?(Hash) then "data must be an object, got #{call('type_of', body['data'])}"
        elsif rules then call('answer_problem', body['data'], rules)
        end
      error(call('unexpected', request, code, problem)) if problem
      body['data']
    `,
  ),
  method(
    'answer_problem',
    'data, rules',
    "What is wrong with an answer's `data` by its rules, every problem joined; nil when nothing is. Fields the rules do not name are the service's to add.",
    String.raw`
      is = lambda do |type, value|
        case type
        when 'string' then value.is_a?(String)
        when 'integer' then value.is_a?(Integer)
        when 'number' then value.is_a?(Numeric)
        when 'boolean' then value == true || value == false
        when 'array' then value.is_a?(Array)
        when 'object' then value.is_a?(Hash)
        when 'null' then value.nil?
        end
      end
      missing = rules.select { |field, rule| rule['missing'] && !data.key?(field) }.map { |_, rule| rule['missing'] }
      wrong = rules.select { |field, _| data.key?(field) }.flat_map do |field, rule|
        value = data[field]
        found = []
        found << rule['types'][1] if rule['types'] && rule['types'][0].none? { |type| is.call(type, value) }
        found << rule['one_of'][1] if rule['one_of'] && !rule['one_of'][0].include?(value)
        found << rule['min_length'][1] if rule['min_length'] && value.is_a?(String) && value.length < rule['min_length'][0]
        if rule['match']
          pattern, message, got = rule['match']
          # A format says nothing of a value that is not a string (its type does); a batch id must be one.
          found << (got ? "#{message}, got #{call('type_of', value)}" : message) unless value.is_a?(String) ? value.match?(pattern) : !got
        end
        found
      end
      problems = missing + wrong
      problems.empty? ? nil : problems.join('; ')
    `,
  ),
  method(
    'failure',
    'request, code, body, connection, psk',
    "A failed request as one line: the request, the status, and the service's code, message and details (OAuth's shape too), secrets masked.",
    String.raw`
      return "#{request} failed: the connection was dropped before an answer came" if code.nil?
      answer = body.is_a?(String) ? (workato.parse_json(body) rescue nil) : body
      problem = answer.is_a?(Hash) ? answer['error'] : nil
      said =
        if problem.is_a?(Hash)
          # Details the message does not already say, each naming its path.
          details = Array.wrap(problem['details']).map { |d| d.is_a?(Hash) ? d['message'].to_s : '' }.reject { |d| d.empty? || problem['message'].to_s.include?(d) }.first(5)
          "#{problem['code']}: #{problem['message']}#{details.empty? ? '' : " (#{details.join('; ')})"}"
        elsif problem.is_a?(String)
          "#{problem}#{answer['error_description'].present? ? ": #{answer['error_description']}" : ''}"
        else
          "(the answer was not the service's error format)"
        end
      # Only the service's words are masked: a server that echoes its input must not make the connector leak.
      secrets = [psk, connection['client_secret'], connection['password'], connection['access_token']].map(&:to_s).reject(&:empty?)
      "#{request} failed with #{code} #{secrets.reduce(said) { |text, secret| text.gsub(secret, '[redacted]') }}"
    `,
  ),
];
