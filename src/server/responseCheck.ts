/**
 * Answers go out as JSON.stringify writes them: a response schema documents the answer (in
 * /openapi.json) but never strips or reshapes it. With checks on (always under node's test runner)
 * every JSON answer is compared with its route's schema for that status, and one that does not
 * match becomes a 500 naming the field, so a schema that drifts from its handler fails the tests.
 */
import type { FastifyInstance, FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';
import { HttpError } from './errors.js';

export const serializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

/** Under `node --test` (which sets NODE_TEST_CONTEXT in every test process and the servers it starts). */
export const CHECK_RESPONSES_DEFAULT = process.env.NODE_TEST_CONTEXT !== undefined;

/** The schema a route declares for a status: the code itself, else its class (`4xx`), else `default`. */
export function responseSchema(response: unknown, status: number): z.ZodType | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  for (const key of [String(status), `${Math.floor(status / 100)}xx`, 'default']) {
    const schema: unknown = Reflect.get(response, key);
    if (schema instanceof z.ZodType) return schema;
  }
  return undefined;
}

/** Registered before compression, so that it reads the JSON text a handler's answer became. */
export function checkResponses(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || payload === '') return payload;
    if (!/json/.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    const schema = responseSchema(req.routeOptions.schema?.response, reply.statusCode);
    if (!schema) return payload;
    const result = schema.safeParse(JSON.parse(payload));
    if (result.success) return payload;
    const issue = result.error.issues[0];
    throw new HttpError(
      500,
      'response_mismatch',
      `${req.method} ${req.routeOptions.url} answered ${reply.statusCode} with a body its schema refuses: ` +
        `${issue?.path.join('.') || '(the body)'}: ${issue?.message ?? 'not valid'}`,
    );
  });
}
