/** The `connection:` and `test:` of connector.rb: fields, custom_auth (token from /oauth2/token), base URI. */
import { wire } from '../../../connector/wire';
import { connectionFields } from '../workato-actions';
import { rubyLambda, rubyString } from './literal';

export const connectionSection = () => ({
  fields: connectionFields(),
  authorization: {
    type: 'custom_auth',
    acquire: rubyLambda('connection', `call('acquire_token', connection)`),
    // Runs before every request, the token's own too, which has no token yet.
    apply: rubyLambda('connection', `headers('Authorization' => "Bearer #{connection['access_token']}") unless connection['access_token'].to_s.empty?`),
    // An expired or revoked token: Workato acquires a new one once and retries.
    refresh_on: [401],
  },
  base_uri: rubyLambda('connection', `"#{call('origin', connection)}/"`),
});

/** The connection test: a token, and GET /health. */
export const testSection = () =>
  rubyLambda('connection', `call('api_call', connection, { 'method' => 'GET', 'path' => ${rubyString(wire.paths.health)}, 'template' => ${rubyString(wire.paths.health)} })`);
