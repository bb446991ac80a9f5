import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError, InputErrors } from '../../diagnostics/index.js';
import { tempDir } from '../../testing/index.js';
import { freePort, serve, type TestServer } from '../testSupport/http.js';
import { jsonValuesSource, prometheusApiSource, sourceFromOption, textEndpointSource } from './index.js';
import type { QueryRequest } from './types.js';

const metric = (name: string, labels: Record<string, string> = {}): QueryRequest => ({
  key: 'c.s',
  query: { kind: 'metric', name, labels },
});
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('metrics endpoint source', () => {
  it('fetches the page once per session and honours the OpenMetrics content type', async () => {
    let hits = 0;
    const s = await serve((_req, res) => {
      hits++;
      res.setHeader('content-type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
      res.end('# TYPE jobs counter\njobs_total{queue="a"} 5\njobs_total{queue="b"} 7\n# EOF\n');
    });
    servers.push(s);
    const session = textEndpointSource(`${s.url}/metrics`).open({ timeoutMs: 1000 });
    const a = await session.query(metric('jobs_total', { queue: 'b' }));
    const b = await session.query(metric('jobs_total'));
    assert.deepEqual(a, { ok: true, series: [{ labels: { queue: 'b' }, values: [7] }] });
    assert.equal(b.ok && b.series.length, 2);
    assert.equal(hits, 1);
  });

  it('a truncated OpenMetrics page, a slow server and a closed port are problems, not exceptions', async () => {
    const cut = await serve((_req, res) => {
      res.setHeader('content-type', 'application/openmetrics-text');
      res.end('jobs_total 5\n');
    });
    const slow = await serve(() => undefined);
    servers.push(cut, slow);
    const q = metric('jobs_total');
    const truncated = await textEndpointSource(cut.url).open({ timeoutMs: 1000 }).query(q);
    assert.ok(
      !truncated.ok && truncated.problem === 'bad-response' && /# EOF/.test(truncated.reason),
      JSON.stringify(truncated),
    );
    const t0 = Date.now();
    const timedOut = await textEndpointSource(slow.url).open({ timeoutMs: 200 }).query(q);
    assert.ok(!timedOut.ok && timedOut.problem === 'timeout', JSON.stringify(timedOut));
    assert.ok(Date.now() - t0 < 1500);
    const down = await textEndpointSource(`http://127.0.0.1:${await freePort()}/metrics`)
      .open({ timeoutMs: 1000 })
      .query(q);
    assert.ok(!down.ok && down.problem === 'down' && /ECONNREFUSED/.test(down.reason), JSON.stringify(down));
  });

  it("a malformed metrics file is the user's to fix: an InputError with its line", async () => {
    const file = join(tempDir(), 'm.prom');
    writeFileSync(file, 'ok 1\nbroken{ 2\n');
    await assert.rejects(
      textEndpointSource(file).open({ timeoutMs: 100 }).query(metric('ok')),
      (err: unknown) => {
        return err instanceof InputError && err.location.line === 2 && err.location.file === file;
      },
    );
  });
});

describe('Prometheus API source (stub server; the real one is in prometheus.test)', () => {
  it("shows Prometheus' own message for a rejected query and reads matrix results", async () => {
    const bodies: string[] = [];
    const s = await serve((req, res, body) => {
      bodies.push(`${req.url} ${body}`);
      const q = new URLSearchParams(body).get('query') ?? '';
      res.setHeader('content-type', 'application/json');
      if (q.startsWith('sum(')) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            status: 'error',
            errorType: 'bad_data',
            error: 'invalid parameter "query": 1:5: parse error: unexpected end of input',
          }),
        );
      } else
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              resultType: 'matrix',
              result: [
                {
                  metric: { a: '1' },
                  values: [
                    [1, '1'],
                    [2, 'NaN'],
                    [3, '+Inf'],
                  ],
                },
              ],
            },
          }),
        );
    });
    servers.push(s);
    const session = prometheusApiSource(`${s.url}/`).open({ timeoutMs: 1000 });
    const bad = await session.query({ key: 'k', query: { kind: 'promql', expr: 'sum(' } });
    assert.deepEqual(bad, {
      ok: false,
      problem: 'rejected',
      reason: 'Prometheus: bad_data: invalid parameter "query": 1:5: parse error: unexpected end of input',
    });
    const range = await session.query({
      key: 'k',
      query: { kind: 'promql', expr: 'up' },
      window: { ms: 60_000, stepMs: 15_000 },
    });
    assert.ok(range.ok);
    assert.deepEqual(range.series[0]?.values.slice(0, 1), [1]);
    assert.ok(Number.isNaN(range.series[0]?.values[1]));
    assert.equal(range.series[0]?.values[2], Infinity);
    assert.match(bodies[1] ?? '', /^\/api\/v1\/query_range .*step=15/);
  });
});

describe('values file source and --source', () => {
  it('rejects a bad values file with the line of the mistake', async () => {
    const file = join(tempDir(), 'v.json');
    writeFileSync(file, '{\n  "values": {\n    "a.b": "lots"\n  }\n}\n');
    await assert.rejects(jsonValuesSource(file).open({ timeoutMs: 1 }).query(metric('x')), (err: unknown) => {
      const e = err instanceof InputErrors ? err.errors[0] : err;
      return e instanceof InputError && e.location.line === 3 && /"lots" is not a number/.test(e.message);
    });
  });

  it('guesses the kind of source from a URL or a file name', () => {
    assert.match(sourceFromOption('http://prom:9090').description, /^Prometheus at/);
    assert.match(sourceFromOption('http://app:8080/metrics').description, /^metrics endpoint/);
    assert.match(sourceFromOption('prometheus:http://app:8080/metrics').description, /^Prometheus at/);
    assert.throws(() => sourceFromOption('no/such/file.json'), /neither a URL nor an existing file/);
  });
});
