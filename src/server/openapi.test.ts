/**
 * /openapi.json describes what every operation answers, and under test an answer that strays
 * from its schema is caught rather than sent.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { openStore } from '../store/index.js';
import { tempDir } from '../testing/index.js';
import { type ApiFixture, apiFixture } from '../testing/server.js';
import { buildServer } from './index.js';
import { CHECK_RESPONSES_DEFAULT } from './responseCheck.js';

const models = new ModelSet(loadBuiltinModels());

const Document = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({
        responses: z.record(
          z.string(),
          z.looseObject({
            description: z.string(),
            content: z.record(z.string(), z.object({ schema: z.record(z.string(), z.unknown()) })).optional(),
          }),
        ),
      }),
    ),
  ),
});

describe('the OpenAPI document', () => {
  let fx: ApiFixture;
  before(async () => {
    fx = await apiFixture(await openStore({ sqliteFile: join(tempDir(), 'openapi.db') }), models);
  });
  after(() => fx?.close());

  it('gives every operation a schema of its 2xx answer', async () => {
    const doc = Document.parse((await fx.app.inject('/openapi.json')).json());
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(op.responses).filter(([code]) => /^2\d\d$/.test(code));
        assert.ok(success.length > 0, `${name} documents no 2xx answer`);
        for (const [code, response] of success) {
          if (code === '204') {
            assert.equal(response.content, undefined, `${name} 204 has no content`);
            continue;
          }
          const schema = response.content?.['application/json']?.schema;
          assert.ok(schema, `${name} ${code} has no JSON schema`);
          assert.ok(schema.type === 'object' || schema.$ref, `${name} ${code}: ${JSON.stringify(schema)}`);
          assert.ok(
            typeof schema.properties === 'object' && Object.keys(schema.properties ?? {}).length > 0,
            `${name} ${code} names the fields it answers with`,
          );
        }
        // And the shape every refusal has.
        assert.ok(op.responses['4XX']?.content?.['application/json'], `${name} documents its 4xx answer`);
        operations++;
      }
    }
    assert.ok(operations >= 30, `checked ${operations} operations`);
  });

  it('describes fields, not only their presence', async () => {
    const doc = Document.parse((await fx.app.inject('/openapi.json')).json());
    const saved = doc.paths['/api/v1/workloads/{id}/answers/{practiceId}']?.put?.responses;
    const answer = JSON.stringify(saved?.['200']?.content?.['application/json']?.schema);
    assert.match(answer, /"revision"/);
    assert.match(answer, /"modelVersion"/);
    // The conflict answer carries the current answer beside the error.
    assert.match(JSON.stringify(saved?.['409']), /"current"/);
  });
});

describe('response checks', () => {
  const drift = async (checkResponses: boolean) => {
    const store = await openStore({ sqliteFile: join(tempDir(), 'drift.db') });
    const app = await buildServer({ store, models, auth: 'tokens', checkResponses });
    const Answer = z.strictObject({ count: z.number() });
    app.get('/drift/type', { schema: { hide: true, response: { 200: Answer } } }, async () => ({
      count: 'three',
    }));
    app.get('/drift/extra', { schema: { hide: true, response: { 200: Answer } } }, async () => ({
      count: 3,
      secret: 'kept out of the schema',
    }));
    app.get('/drift/none', { schema: { hide: true, response: { 200: Answer } } }, async () => ({ count: 3 }));
    return {
      get: (url: string) => app.inject(url),
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  };

  it('are on under the test runner', () => {
    assert.equal(CHECK_RESPONSES_DEFAULT, true);
  });

  it('turn an answer its schema refuses into a 500 that names the field', async () => {
    const server = await drift(true);
    try {
      const wrongType = await server.get('/drift/type');
      assert.equal(wrongType.statusCode, 500);
      assert.equal(wrongType.json().error, 'response_mismatch');
      assert.match(wrongType.json().message, /GET \/drift\/type answered 200 .*count/);
      const extra = await server.get('/drift/extra');
      assert.equal(extra.statusCode, 500);
      assert.match(extra.json().message, /secret/);
      assert.doesNotMatch(extra.body, /kept out of the schema/);
      const fine = await server.get('/drift/none');
      assert.equal(fine.statusCode, 200);
      assert.deepEqual(fine.json(), { count: 3 });
    } finally {
      await server.close();
    }
  });

  it('never reshape an answer when off: it goes out as the handler made it', async () => {
    const server = await drift(false);
    try {
      const extra = await server.get('/drift/extra');
      assert.equal(extra.statusCode, 200);
      assert.deepEqual(extra.json(), { count: 3, secret: 'kept out of the schema' });
      assert.deepEqual((await server.get('/drift/type')).json(), { count: 'three' });
    } finally {
      await server.close();
    }
  });
});
