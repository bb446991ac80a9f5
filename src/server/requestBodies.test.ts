/**
 * What every write route does with a body it cannot take: a 4xx with a short message and
 * nothing stored — never a 500. Routes come from the server's own OpenAPI document, so a new
 * route is covered the day it is added.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { exportAll, MAX_JSON_DEPTH, openStore, scanJson } from '../store/index.js';
import { tempDir } from '../testing/index.js';
import {
  type ApiFixture,
  apiFixture,
  apiOperations,
  type Operation,
  operationUrl,
  sampleBodies,
  WRITE_METHODS,
} from '../testing/server.js';

const models = new ModelSet(loadBuiltinModels());
const stripTime = ({ exportedAt: _, ...rest }: { exportedAt: string }) => rest;
const nested = (depth: number) => `{"name":"x","deep":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Every path to a property declared `format: date-time`, and every property named like a time. */
function dateFields(schema: unknown): { dates: string[][]; named: string[][] } {
  const dates: string[][] = [];
  const named: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!isRecord(node)) return;
    if (node.format === 'date-time') dates.push(path);
    if (isRecord(node.properties)) {
      for (const [name, sub] of Object.entries(node.properties)) {
        // `At` in camelCase only: a load-test source's `format` is no time.
        if (/(^at$|At$)/.test(name) || /date|time/i.test(name)) named.push([...path, name]);
        walk(sub, [...path, name]);
      }
    }
    walk(node.items, [...path, '0']);
  };
  walk(schema, []);
  return { dates, named };
}

/** A copy of `body` with the value at `path` replaced. */
function withValue(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let at: unknown = copy;
  for (const step of path.slice(0, -1)) at = isRecord(at) ? at[step] : undefined;
  const last = path[path.length - 1];
  assert.ok(isRecord(at) && last !== undefined, `${path.join('.')} is in the sample`);
  at[last] = value;
  return copy;
}

describe('request bodies', () => {
  let fx: ApiFixture;
  let writes: Operation[];
  before(async () => {
    fx = await apiFixture(await openStore({ sqliteFile: join(tempDir(), 'bodies.db') }), models);
    writes = (await apiOperations(fx.app)).filter((op) => WRITE_METHODS.has(op.method));
  });
  after(() => fx?.close());

  it('knows every write route and has a valid sample body for each that takes one', () => {
    const samples = sampleBodies();
    assert.ok(writes.length >= 8, `found ${writes.length} write routes`);
    for (const op of writes) {
      if (op.body !== undefined) assert.ok(samples[op.key], `a sample body for ${op.key}`);
    }
  });

  it('scans nesting and NUL exactly, without recursion', () => {
    assert.deepEqual(scanJson('{"a":[1,{"b":[]}]}'), { depth: 4, nul: false });
    assert.deepEqual(scanJson('{"a":"[[[[{{{{"}'), { depth: 1, nul: false });
    assert.deepEqual(scanJson('["\\"[[["]'), { depth: 1, nul: false });
    assert.deepEqual(scanJson('["\\\\u0000"]'), { depth: 1, nul: false });
    assert.deepEqual(scanJson('["a\\u0000b"]'), { depth: 1, nul: true });
    assert.equal(scanJson('['.repeat(1_000_000)).depth, 1_000_000);
  });

  it(`refuses a body nested deeper than ${MAX_JSON_DEPTH} levels on every write route, with 400`, async () => {
    const before = stripTime(await exportAll(fx.store));
    const deep = nested(5000);
    // A workload that does not exist: a body that did get through must change nothing.
    const nowhere = { ...fx.params, id: crypto.randomUUID() };
    assert.ok(deep.length > 10_000 && deep.length < 11_000);
    for (const op of writes) {
      // The least role the route needs: authorisation comes before the body is read.
      const r = await fx.call(op.method, operationUrl(op, nowhere, crypto.randomUUID()), op.role, deep);
      assert.equal(r.statusCode, 400, `${op.key}: ${r.body}`);
      assert.equal(r.json().error, 'bad_request');
      assert.match(r.json().message, /nests deeper than 64 levels/);
      // The limit, exactly: 64 levels pass the parser (and fail later for what they hold).
      const ok = await fx.call(
        op.method,
        operationUrl(op, nowhere, crypto.randomUUID()),
        'admin',
        nested(64),
      );
      assert.doesNotMatch(ok.body, /nests deeper/, op.key);
      const over = await fx.call(
        op.method,
        operationUrl(op, nowhere, crypto.randomUUID()),
        'admin',
        nested(65),
      );
      assert.match(over.json().message, /nests deeper/, op.key);
    }
    assert.deepEqual(stripTime(await exportAll(fx.store)), before);
  });

  it('refuses NUL characters in any string of a body, which PostgreSQL could not store', async () => {
    const before = stripTime(await exportAll(fx.store));
    const samples = sampleBodies();
    for (const op of writes) {
      const sample = samples[op.key];
      if (!sample) continue;
      const text = JSON.stringify(sample).replace(/"([^"]*)"/, '"$1\\u0000"');
      const r = await fx.call(op.method, operationUrl(op, fx.params), 'admin', text);
      assert.equal(r.statusCode, 400, `${op.key}: ${r.body}`);
      assert.match(r.json().message, /NUL/);
    }
    assert.deepEqual(stripTime(await exportAll(fx.store)), before);
  });

  it('declares every time field of every route as an ISO date-time and refuses what is not one', async () => {
    const samples = sampleBodies();
    let checked = 0;
    for (const op of writes) {
      const { dates, named } = dateFields(op.body);
      // A field named like a time must be declared as one, or it escapes the checks below.
      for (const field of named)
        assert.ok(
          dates.some((d) => d.join('.') === field.join('.')),
          `${op.key}: ${field.join('.')} is not declared as format date-time`,
        );
      const sample = samples[op.key];
      for (const field of dates) {
        assert.ok(sample, op.key);
        for (const bad of [
          'not a date',
          '2024-02-30T12:00:00Z',
          '2023-02-29T00:00:00Z',
          '2024-05-01',
          '2024-05-01T25:00:00Z',
          '2024-05-01T12:00:00',
          1714564800,
        ]) {
          const before = stripTime(await exportAll(fx.store));
          const r = await fx.call(
            op.method,
            operationUrl(op, fx.params),
            'admin',
            withValue(sample, field, bad),
          );
          assert.equal(r.statusCode, 400, `${op.key} ${field.join('.')}=${bad}: ${r.body}`);
          assert.match(r.json().message, new RegExp(`body/${field.join('/')} must be`));
          assert.deepEqual(stripTime(await exportAll(fx.store)), before);
          checked++;
        }
        for (const good of ['2024-02-29T12:00:00Z', '2024-05-01T12:00:00.123+02:00']) {
          const r = await fx.call(
            op.method,
            operationUrl(op, fx.params),
            'admin',
            withValue(sample, field, good),
          );
          assert.ok(r.statusCode < 300, `${op.key} ${field.join('.')}=${good}: ${r.body}`);
        }
      }
    }
    // evaluatedAt (health) and scannedAt (scans) today.
    assert.ok(checked >= 14, `checked ${checked} bad dates`);
  });

  it('answers every kind of body Fastify cannot parse with a 4xx and a short message', async () => {
    const before = stripTime(await exportAll(fx.store));
    const url = '/api/v1/workloads';
    const auth = { authorization: `Bearer ${fx.tokens.editor}` };
    const cases: { headers: Record<string, string>; payload?: string | Buffer; status: number }[] = [
      { headers: { 'content-type': 'application/json' }, payload: '{"name": "x", ', status: 400 },
      { headers: { 'content-type': 'application/json' }, payload: '', status: 400 },
      { headers: { 'content-type': 'application/json' }, payload: 'null', status: 400 },
      { headers: { 'content-type': 'application/json' }, payload: '"text"', status: 400 },
      { headers: { 'content-type': 'application/json' }, payload: '[]', status: 400 },
      {
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__": {"x": 1}, "name": "p"}',
        status: 400,
      },
      {
        headers: { 'content-type': 'application/json' },
        payload: '{"constructor": {"prototype": {}}, "name": "c"}',
        status: 400,
      },
      {
        headers: { 'content-type': 'application/json' },
        payload: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
        status: 400,
      },
      {
        headers: { 'content-type': 'application/json' },
        payload: `{"name":"${'x'.repeat(1024 * 1024)}"}`,
        status: 413,
      },
      {
        headers: { 'content-type': 'application/json', 'content-length': '5' },
        payload: '{"name":"long"}',
        status: 400,
      },
      { headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"nam', status: 400 },
      { headers: { 'content-type': 'application/xml' }, payload: '<name>x</name>', status: 415 },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x', status: 415 },
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--', status: 415 },
      { headers: { 'content-type': 'text/plain' }, payload: '{"name":"x"}', status: 400 },
      { headers: { 'content-type': '' }, payload: '{"name":"x"}', status: 415 },
      { headers: { 'content-type': ';;;' }, payload: '{"name":"x"}', status: 415 },
      { headers: { 'content-type': 'application/json' }, payload: '{"name":"x"}garbage', status: 400 },
      { headers: {}, status: 400 },
    ];
    for (const c of cases) {
      const r = await fx.app.inject({
        method: 'POST',
        url,
        headers: { ...auth, ...c.headers },
        ...(c.payload === undefined ? {} : { payload: c.payload }),
      });
      const shown = `${JSON.stringify(c.headers)} ${String(c.payload).slice(0, 40)}`;
      assert.equal(r.statusCode, c.status, `${shown}: ${r.body.slice(0, 300)}`);
      const body = r.json();
      assert.equal(typeof body.error, 'string', shown);
      assert.ok(
        body.message.length > 0 && body.message.length <= 301,
        `${shown}: ${body.message.length} characters`,
      );
    }
    assert.deepEqual(stripTime(await exportAll(fx.store)), before);
  });
});
