/**
 * A request Node's parser gives up on is answered in the contract's shape, unless an answer is
 * already under way on that connection: then the connection is cut, never a second answer
 * spliced into the first.
 */
import type { Socket } from 'node:net';
import { clientErrorHandler } from '../../src/emulator/unroutable';

const fakeSocket = (answering: boolean) => {
  const written: string[] = [];
  let destroyed = false;
  const socket = {
    destroyed: false,
    writable: true,
    _httpMessage: answering ? { headersSent: true } : undefined,
    end: (text: string) => void written.push(text),
    destroy: () => void (destroyed = true),
  };
  return { socket: socket as unknown as Socket, written, isDestroyed: () => destroyed };
};

it('answers a request that timed out with 408 in the contract shape', () => {
  const s = fakeSocket(false);
  clientErrorHandler(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), s.socket);
  expect(s.written).toHaveLength(1);
  expect(s.written[0]).toMatch(/^HTTP\/1\.1 408 /);
  expect(JSON.parse(s.written[0].split('\r\n\r\n')[1]).error.code).toBe('request_timeout');
});

it('cuts the connection instead of writing a second answer into one under way', () => {
  const s = fakeSocket(true);
  clientErrorHandler(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), s.socket);
  expect(s.written).toEqual([]);
  expect(s.isDestroyed()).toBe(true);
});
