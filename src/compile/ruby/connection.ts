/**
 * The `connection:` and `test:` of connector.rb: fields, custom_auth (a token from /oauth2/token,
 * renewed only when the service says the token is unknown or expired) and the base URI.
 */
import { wire } from '../../../connector/wire';
import { connectionFields, refreshOn } from '../workato-actions';
import { code, rubyLambda, rubyLiteral } from './literal';
import { rubyPath } from './path';

// base_uri runs where neither `call` nor `error` exists: where the service is, in plain Ruby.
const ORIGIN = String.raw`
domain = connection['domain'].to_s.strip.sub(%r{/+\z}, '')
origin = domain.match?(%r{\Ahttps?://}i) ? domain : "https://#{domain.downcase}"`;


const acquire = String.raw`
call('check_connection', connection)
${ORIGIN.trim()}
grant = connection['auth_type'].presence || 'client_credentials'
form = { 'grant_type' => grant, 'client_id' => connection['client_id'], 'client_secret' => connection['client_secret'], 'scope' => ${rubyLiteral(wire.scope)} }
form.merge!('username' => connection['username'], 'password' => connection['password']) if grant == 'password'
token = post("#{origin}${wire.tokenPath}", form)
        .request_format_www_form_urlencoded
        .after_error_response(*call('failures_not_retried')) do |code, body, _headers, _message|
          error("Could not get a platform token: #{call('failure', 'POST ${wire.tokenPath}', code, body, connection, nil)}")
        end
        .after_response do |_code, body, _headers|
          next body['access_token'] if body.is_a?(Hash) && body['access_token'].present?
          error('Could not get a platform token: POST ${wire.tokenPath} answered without an access_token')
        end
# to_s sends the request (they are lazy) and hands back the token itself.
{ access_token: token.to_s }`;

export const connectionSection = () => ({
  fields: connectionFields(),
  authorization: {
    type: 'custom_auth',
    acquire: rubyLambda('connection', acquire),
    apply: rubyLambda('connection', `headers('Authorization' => "Bearer #{connection['access_token']}") if connection['access_token'].present?`),
    // Only an unknown or expired token gets a new one: a wrong PSK or secret fails at once, with its reason.
    refresh_on: refreshOn,
  },
  base_uri: rubyLambda(
    'connection',
    `${ORIGIN.trim()}\nbase_path = connection['base_path'].to_s.strip.presence || ${rubyLiteral(wire.defaultBasePath)}\n"#{origin}#{base_path.sub(%r{/+\\z}, '')}/"`,
  ),
});

/** The connection test: a token, and GET /health. */
export const testSection = () =>
  rubyLambda(
    'connection',
    String.raw`
      call('check_connection', connection)
      get(${rubyPath(wire.paths.health)}).after_error_response(/.*/) do |code, body, _headers, _message|
        error(call('failure', ${rubyLiteral(`GET ${wire.paths.health.slice(1)}`)}, code, body, connection, nil))
      end
      .after_response { |code, body, _headers| call('data_of', ${rubyLiteral(`GET ${wire.paths.health.slice(1)}`)}, code, body, nil) }
    `,
  );

export { code };
