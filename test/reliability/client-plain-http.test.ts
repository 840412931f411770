/**
 * A connection over plain http:// to anything but this machine sends the client secret, tokens and
 * PSKs unencrypted: the session says so, once, and not for a local emulator (issue 13, item 15).
 */
import { createClient } from '../../src/runtime/client';

const connection = (domain: string) => ({ domain, client_id: 'cid', client_secret: 'client-secret-never-shown' });

describe('plain HTTP', () => {
  it('warns once through onWarning, naming the origin and never a secret, when the host is not this machine', () => {
    const warnings: string[] = [];
    createClient(connection('http://api.example.test:8080'), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      'http://api.example.test:8080 is plain HTTP: the client secret, tokens and PSKs would cross the network unencrypted; use https:// (plain HTTP is meant for a local emulator only)',
    ]);
  });

  it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.8.9.10', 'http://app.localhost:3000', 'http://LOCALHOST:4010', 'https://api.example.test'])('does not warn for %s', (domain) => {
    const warnings: string[] = [];
    createClient(connection(domain), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
  });

  it.each(['http://localhost.example.test', 'http://127.0.0.1.nip.io:4010', 'http://0.0.0.0:4010'])('warns for %s, which is not this machine by its name', (domain) => {
    const warnings: string[] = [];
    createClient(connection(domain), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
  });

  it('writes the warning on stderr when no onWarning is given, once per origin however many sessions', () => {
    let stderr = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      for (let i = 0; i < 3; i++) createClient(connection('http://once.example.test'));
      createClient(connection('http://other.example.test'));
    } finally {
      spy.mockRestore();
    }
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^warning: http:\/\/once\.example\.test is plain HTTP: /),
      expect.stringMatching(/^warning: http:\/\/other\.example\.test is plain HTTP: /),
    ]);
  });
});
