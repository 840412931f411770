/**
 * Requests no route gets to see — a URL that does not decode, a path parameter too long for the
 * router, headers over Node's limit, a request that is not HTTP at all — answered in the
 * contract's error shape (`ErrorBody`) rather than fastify's or Node's own.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { wire } from '../../connector/wire';
import type { ApiError } from '../errors';
import { apiError, errorBody } from './problems';

/** The longest path parameter the router takes (fastify's `maxParamLength`). */
const MAX_PARAM_LENGTH = wire.maxPathParameterLength;

/** fastify's `frameworkErrors`: failures of the router, before any hook. */
export const frameworkErrors = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
  const e =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? apiError('uri_too_long', `a path parameter is over ${MAX_PARAM_LENGTH} characters`, [{ path: 'url', message: `a path parameter is over ${MAX_PARAM_LENGTH} characters` }])
      : apiError('invalid_request', 'the URL does not decode: a malformed percent-encoding', [{ path: 'url', message: 'not a valid URL (malformed percent-encoding)' }]);
  void reply.code(e.status).header('content-type', 'application/json; charset=utf-8').send(errorBody(e));
};

/** What Node's HTTP parser gave up on, in the contract's words. */
const clientFailure = (code: string | undefined): ApiError => {
  if (code === 'HPE_HEADER_OVERFLOW') return apiError('headers_too_large', 'the request line and headers are over the size the service reads');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return apiError('request_timeout', 'the request did not arrive in time');
  return apiError('invalid_request', 'the request is not valid HTTP/1.1');
};

/** fastify's `clientErrorHandler`: the answer is written to the socket as it is, and the connection closed. */
export const clientErrorHandler = (error: Error & { code?: string }, socket: Socket): void => {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already under way on this connection (Node keeps it as the socket's `_httpMessage`)
  // must not get another one spliced into it: the connection is cut instead, as Node itself does.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!socket.writable || answering) return void socket.destroy();
  const e = clientFailure(error.code);
  const body = errorBody(e);
  socket.end(
    `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};
