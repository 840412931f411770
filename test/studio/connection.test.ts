/** The studio's connection on its own: what the page is shown of it, and the secrets it completes a sent connection with. */
import { connectionFields } from '../../src/compile/workato-actions';
import { studioConnection } from '../../src/studio/connection';

const fields = connectionFields();
/** The connection's secret fields, from its definition: the password controls. */
const secrets = fields.filter((f) => f.control_type === 'password').map((f) => f.name);
const started = { domain: 'https://acme.docebosaas.com', client_id: 'id', client_secret: 'held-secret', base_path: '' };

describe('the studio connection', () => {
  it('is judged on the connection definition: its secrets are client_secret and password', () => {
    expect(secrets).toEqual(['client_secret', 'password']);
  });

  it('shows every field but the secrets, and names the secrets it holds a value for', () => {
    const connection = studioConnection(fields, started);
    expect(connection.shown).toEqual({ domain: started.domain, client_id: 'id', base_path: '' });
    expect(connection.held).toEqual(['client_secret']);
    expect(studioConnection(fields, { ...started, auth_type: 'password', username: 'u', password: 'p' }).held).toEqual(['client_secret', 'password']);
    expect(studioConnection(fields, { ...started, client_secret: '' }).held).toEqual([]);
  });

  it('completes a secret left out or empty for its own domain, and keeps one typed', () => {
    const { complete } = studioConnection(fields, started);
    expect(complete({ domain: started.domain, client_id: 'id' })).toEqual({ domain: started.domain, client_id: 'id', client_secret: 'held-secret' });
    expect(complete({ domain: started.domain, client_id: 'id', client_secret: '' })).toMatchObject({ client_secret: 'held-secret' });
    expect(complete({ domain: started.domain, client_id: 'id', client_secret: 'typed' })).toMatchObject({ client_secret: 'typed' });
  });

  it('completes no secret for another domain, nor for a connection without one', () => {
    const { complete } = studioConnection(fields, started);
    expect(complete({ domain: 'https://evil.example', client_id: 'id' })).toEqual({ domain: 'https://evil.example', client_id: 'id' });
    expect(complete({ domain: `${started.domain}.evil.example`, client_id: 'id' })).not.toHaveProperty('client_secret');
    for (const sent of [{}, null, 'text', [started]]) expect(complete(sent)).toEqual({});
  });

  it('completes only the secrets it holds: no password when started with a client secret alone', () => {
    const { complete } = studioConnection(fields, started);
    const sent = { domain: started.domain, auth_type: 'password', client_id: 'id', username: 'u' };
    expect(complete(sent)).toEqual({ ...sent, client_secret: 'held-secret' });
  });

  it('leaves out the fields sent empty, as Workato does', () => {
    const { complete } = studioConnection(fields, started);
    expect(complete({ domain: started.domain, client_id: 'id', base_path: '', username: null })).toEqual({ domain: started.domain, client_id: 'id', client_secret: 'held-secret' });
  });
});
