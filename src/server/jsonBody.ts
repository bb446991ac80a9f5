import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH, scanJson } from '../store/index.js';
import { HttpError } from './errors.js';

/**
 * Replaces Fastify's JSON parser for every route: the same parser (secure-json-parse, refusing
 * `__proto__` and `constructor.prototype`), behind a depth limit and a NUL check — PostgreSQL
 * cannot store U+0000 in text, so it is refused at the door on both databases alike.
 */
export function boundJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const scan = scanJson(text);
    if (scan.depth > MAX_JSON_DEPTH) {
      done(
        new HttpError(400, 'bad_request', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`),
        undefined,
      );
    } else if (scan.nul) {
      done(new HttpError(400, 'bad_request', 'the JSON body holds a NUL character (\\u0000)'), undefined);
    } else parse(req, text, done);
  });
}
