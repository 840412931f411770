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
    'data_of',
    'request, body',
    "The `data` of a success answer; a success without one is not the service's answer, and says so.",
    String.raw`
      data = body.is_a?(Hash) ? body['data'] : nil
      error("#{request} answered without the service's data object") unless data.is_a?(Hash)
      data
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
