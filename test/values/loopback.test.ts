/**
 * One definition of "this machine" for the client's plain-HTTP warning and the emulator's Host
 * check: `localhost` and its subdomains (RFC 6761 §6.3), 127.0.0.0/8 and ::1, in any letter case.
 */
import { isLoopbackHost } from '../../src/values/loopback';

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['LocalHost', true],
    ['app.localhost', true],
    ['a.b-c.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['127.255.255.255', true],
    ['[::1]', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['localhost.example.com', false],
    ['localhost.', false],
    ['.localhost', false],
    ['a..localhost', false],
    ['notlocalhost', false],
    ['127.0.0.1.nip.io', false],
    ['127.0.0.256', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['[::2]', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['', false],
  ])('says %j is loopback: %s', (name, loopback) => {
    expect(isLoopbackHost(name)).toBe(loopback);
  });
});
