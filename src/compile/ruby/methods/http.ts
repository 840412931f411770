/**
 * Requests as the action declarations describe them (src/runtime/request.ts, session.ts): where the
 * service is, which credentials go where, and errors as one readable line without any secret.
 * Retries are Workato's (`retry_on_response`), so error handlers match only statuses not retried.
 */
import { method } from './method';

export const httpMethods = [
  method(
    'origin',
    'connection',
    '`https://acme.docebosaas.com` for a host, or the URL given (`http://127.0.0.1:4010`) without a trailing slash.',
    String.raw`
      domain = connection['domain'].to_s.strip
      if domain =~ /\Ahttps?:\/\//i
        domain.sub(/\/+\z/, '')
      elsif domain =~ /\A[A-Za-z0-9.-]+(:\d{1,5})?\z/
        "https://#{domain.downcase}"
      else
        error('connection.domain must be a host such as acme.docebosaas.com or a URL such as http://127.0.0.1:4010')
      end
    `,
  ),
  method(
    'url_for',
    'connection, path',
    "The URL of a service path: the origin, the connection's base path, the path.",
    String.raw`
      base_path = connection['base_path'].to_s.strip
      base_path = call('wire')['default_base_path'] if base_path.empty?
      call('origin', connection) + base_path.sub(/\/+\z/, '') + path
    `,
  ),
  method(
    'fill_path',
    'template, values',
    'Fills the `{field}` placeholders of a path, each value URI-encoded as encodeURIComponent does.',
    String.raw`
      template.gsub(/\{(\w+)\}/) do
        values[Regexp.last_match(1)].to_s.gsub(/[^A-Za-z0-9\-_.!~*'()]/) { |c| c.bytes.map { |b| format('%%%02X', b) }.join }
      end
    `,
  ),
  method(
    'pick_body',
    'fields, input',
    'The input fields a request sends, each when given.',
    String.raw`
      fields.each_with_object({}) { |f, body| body[f] = input[f] if input.key?(f) }
    `,
  ),
  method(
    'call_for',
    'spec, input, body',
    "The call an action's request makes for one input (and, for chunked requests, one body).",
    String.raw`
      {
        'method' => spec['method'],
        'path' => call('fill_path', spec['path'], input),
        'template' => spec['path'],
        'body' => spec['method'] == 'GET' ? nil : body,
        'psk' => spec['auth'] == 'integration' ? input['integration_psk'].to_s : nil
      }
    `,
  ),
  method(
    'handled_statuses',
    'retried',
    'The error statuses a handler may catch: every 4xx and 5xx but those Workato retries (and 401, which refreshes the token).',
    String.raw`
      (400..599).to_a - call('wire')['retry_statuses'] - (retried ? [401] : [])
    `,
  ),
  method(
    'redact',
    'text, secrets',
    'Every known secret value replaced before a text is shown.',
    String.raw`
      secrets.compact.map(&:to_s).select { |s| s.length >= 4 }.reduce(text.to_s) { |out, s| out.gsub(s, '[redacted]') }
    `,
  ),
  method(
    'error_body',
    'body',
    "The code, message and details of an error answer: the contract's `{ error: { code, message } }`, OAuth's shape, or neither.",
    String.raw`
      parsed = body.is_a?(String) ? (workato.parse_json(body) rescue nil) : body
      error = parsed.is_a?(Hash) ? parsed['error'] : nil
      if error.is_a?(Hash)
        { 'code' => error['code'].is_a?(String) ? error['code'] : 'error', 'message' => error['message'].is_a?(String) ? error['message'] : 'no message' }
      elsif error.is_a?(String)
        { 'code' => error, 'message' => parsed['error_description'].to_s }
      else
        { 'code' => 'unexpected_response', 'message' => "the answer was not the service's error format" }
      end
    `,
  ),
  method(
    'api_call',
    'connection, request',
    'Sends one call and returns the `data` of its answer; a failure not retried becomes one readable error line.',
    String.raw`
      wire = call('wire')
      url = call('url_for', connection, request['path'])
      headers = { 'Accept' => 'application/json' }
      headers[wire['psk_header']] = request['psk'] unless request['psk'].nil?
      headers[wire['idempotency_header']] = request['idempotency_key'] unless request['idempotency_key'].nil?
      http =
        case request['method']
        when 'GET' then get(url)
        when 'PATCH' then patch(url).payload(request['body']).request_format_json
        else post(url).payload(request['body']).request_format_json
        end
      secrets = [request['psk'], connection['client_secret'], connection['password'], connection['access_token']]
      http.headers(headers).after_error_response(*call('handled_statuses', true)) do |code, body, _headers, _message|
        answer = call('error_body', body)
        error(call('redact', "#{request['method']} #{request['template']} failed with #{code} #{answer['code']}: #{answer['message']}", secrets))
      end.after_response do |_code, body, _headers|
        { 'data' => body.is_a?(Hash) ? body['data'] : nil }
      end['data'] # indexing the answer runs the request and hands back plain data
    `,
  ),
  method(
    'acquire_token',
    'connection',
    "A platform token for the connection's grant (client credentials or password).",
    String.raw`
      wire = call('wire')
      form = {
        'grant_type' => connection['auth_type'].to_s.empty? ? 'client_credentials' : connection['auth_type'],
        'client_id' => connection['client_id'],
        'client_secret' => connection['client_secret'],
        'scope' => wire['scope']
      }
      if form['grant_type'] == 'password'
        form['username'] = connection['username'].to_s
        form['password'] = connection['password'].to_s
      end
      secrets = [connection['client_secret'], connection['password']]
      token = post(call('origin', connection) + wire['token_path'])
              .payload(form)
              .request_format_www_form_urlencoded
              .headers('Accept' => 'application/json')
              .after_error_response(*call('handled_statuses', false)) do |code, body, _headers, _message|
                answer = call('error_body', body)
                answer = { 'code' => 'authentication_failed', 'message' => '' } if answer['code'] == 'unexpected_response'
                description = answer['message'].to_s.empty? ? '' : ": #{answer['message']}"
                error(call('redact', "could not get a platform token (#{code} #{answer['code']}#{description})", secrets))
              end
              .after_response { |_code, body, _headers| { 'access_token' => body.is_a?(Hash) ? body['access_token'] : nil } }
      { 'access_token' => token['access_token'].to_s }
    `,
  ),
];
