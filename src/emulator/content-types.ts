/**
 * The request bodies the emulator reads, as each operation declares them: JSON, in UTF-8,
 * everywhere, and a form at the token endpoint too (OAuth clients send forms). Any other content type, and a body sent without one,
 * is refused with 415 `unsupported_media_type`, after the token and the credentials were checked:
 * a client that labels its JSON `text/plain` learns it here, not from a tenant that ignores the body.
 */
import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiError, bodyShapeProblem } from './problems';

const FORM = 'application/x-www-form-urlencoded';

/** The content types the operation of the request's route takes (connector/operations.ts); JSON where none is declared. */
const accepted = (request: FastifyRequest): readonly string[] => request.routeOptions.config.operation?.request?.contentTypes ?? ['application/json'];

/** What a client must send instead, in the words of the refusal. */
const expected = (request: FastifyRequest): string => accepted(request).join(' or ');

/** The media type sent, when it reads as one (never anything else of the header). */
const mediaTypeOf = (header: string | undefined): string | undefined => /^\s*([\w.+-]+\/[\w.+-]+)/.exec(header ?? '')?.[1].toLowerCase();

const unsupported = (request: FastifyRequest, why: string) =>
  apiError('unsupported_media_type', `the request body must be ${expected(request)}: ${why}`, [{ path: 'body', message: `expected ${expected(request)}` }]);

/** JSON is UTF-8 (RFC 8259): a body declared in another charset is refused rather than misread. */
const charsetProblem = (header: string | undefined): string | undefined => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header ?? '')?.[1].toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8' ? undefined : `JSON is UTF-8, not ${/^[\w.:-]{1,40}$/.test(charset) ? charset : 'the charset given'}`;
};

export const parseJson = (bytes: Buffer): unknown => {
  // JSON is UTF-8 (RFC 8259): other bytes would be read as replacement characters and stored.
  if (!isUtf8(bytes)) throw apiError('invalid_request', 'the request body is not UTF-8', [{ path: 'body', message: 'not UTF-8' }]);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the body; only the position is repeated.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw apiError('invalid_request', `the request body is not valid JSON${at ? ` (at position ${at})` : ''}`, [
      { path: 'body', message: `not valid JSON${at ? ` at position ${at}` : ''}` },
    ]);
  }
  // Before any route walks it: too deep to hash safely, or a string storage would change.
  const problem = bodyShapeProblem(body);
  if (problem) throw apiError('invalid_request', `the request body is invalid: ${problem.message}`, [problem]);
  return body;
};

export const registerBodyParsers = (app: FastifyInstance): void => {
  app.removeAllContentTypeParsers();
  // Matched on the media type whatever its parameters (`; charset=utf-8`), in any letter case.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, bytes, done) => {
    try {
      const problem = charsetProblem(request.headers['content-type']);
      if (problem) throw unsupported(request, problem);
      done(null, parseJson(bytes as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (request, text, done) => {
    if (accepted(request).includes(FORM)) done(null, Object.fromEntries(new URLSearchParams(text as string)));
    else done(unsupported(request, 'forms are for the token endpoint only'), undefined);
  });
  // Everything else, and a body without a Content-Type: an empty one is no body at all.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
    if ((bytes as Buffer).length === 0) return done(null, undefined);
    const sent = mediaTypeOf(request.headers['content-type']);
    done(unsupported(request, sent ? `${sent} is not accepted` : 'the request has a body but no Content-Type'), undefined);
  });
};
