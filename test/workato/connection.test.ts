/**
 * `workato exec test` under Workato's SDK gem against a live emulator: both grants, a base path
 * other than the default, and a wrong client secret failing with one line that names the token
 * request and the service's code, never the secret.
 */
import { connector } from '../../src/runtime/connector';
import { liveEmulator, type LiveEmulator } from '../support/emulator';
import { describeWithWorkato, failure, ok, rubyFailures, secretsPrinted, workatoExec } from './support';

const SECRET = 'extids-local-secret';
const PASSWORD = 'extids-local-password';
const WRONG = 'not-the-secret-at-all-4417';

describeWithWorkato('the connection of connector.rb under Workato’s SDK gem', () => {
  let emulator: LiveEmulator;
  let elsewhere: LiveEmulator;
  beforeAll(async () => {
    [emulator, elsewhere] = await Promise.all([liveEmulator(), liveEmulator({ basePath: '/custom/extids' })]);
  });
  afterAll(async () => {
    await Promise.all([emulator?.close(), elsewhere?.close()]);
  });

  it('passes its test with the client-credentials grant, the password grant and another base path, giving what the Node runtime gives', async () => {
    const base = { domain: emulator.url, client_id: 'extids-local', client_secret: SECRET };
    const [credentials, password, otherPath, wrongPath] = await Promise.all([
      workatoExec('test', { settings: base }),
      workatoExec('test', { settings: { ...base, auth_type: 'password', username: 'admin', password: PASSWORD } }),
      workatoExec('test', { settings: { ...base, domain: elsewhere.url, base_path: '/custom/extids' } }),
      workatoExec('test', { settings: { ...base, domain: elsewhere.url } }),
    ]);
    const expected = await connector.connection.test(base);
    expect(expected).toEqual({ status: 'ok', domain: 'localhost' });
    expect(ok(credentials)).toEqual(expected);
    expect(ok(password)).toEqual(expected);
    expect(ok(otherPath)).toEqual(await connector.connection.test({ ...base, domain: elsewhere.url, base_path: '/custom/extids' }));
    // The default base path is not served there: one readable line.
    const message = failure(wrongPath);
    expect(message).not.toContain('\n');
    expect(rubyFailures(wrongPath.transcript.text)).toEqual([]);
  });

  it('fails a wrong client secret with one line naming the token request and invalid_client, never the secret', async () => {
    const [wrongSecret, wrongPassword] = await Promise.all([
      workatoExec('test', { settings: { domain: emulator.url, client_id: 'extids-local', client_secret: WRONG } }),
      workatoExec('test', { settings: { domain: emulator.url, client_id: 'extids-local', client_secret: SECRET, auth_type: 'password', username: 'admin', password: WRONG } }),
    ]);
    for (const result of [wrongSecret, wrongPassword]) {
      const message = failure(result);
      expect(message).not.toContain('\n');
      expect(message).toMatch(/token/i);
      expect(rubyFailures(result.transcript.text)).toEqual([]);
      expect(result.transcript.text).not.toContain(WRONG);
    }
    expect(failure(wrongSecret)).toContain('invalid_client');
    expect(failure(wrongPassword)).toMatch(/invalid_grant|invalid_client/);
  });

  it('printed no secret on stdout or stderr of any exec', () => {
    expect(secretsPrinted([SECRET, PASSWORD, WRONG])).toEqual([]);
  });
});
