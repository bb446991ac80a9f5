import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, tempDir } from '../testing/index.js';
import { type ServerWithWorkload, serverWithWorkload } from '../testing/server.js';

/** A JTL with a header: `n` samples of two labels, `ms(i)` milliseconds each, one per 10 ms. */
function jtl(file: string, ms: (i: number) => number, n = 2400): string {
  const rows = ['timeStamp,elapsed,label,responseCode,success'];
  for (let i = 0; i < n; i++)
    rows.push(`${1_700_000_000_000 + i * 10},${ms(i)},${i % 2 ? 'POST /pay' : 'GET /cart'},200,true`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('perf runs pushed to the server', () => {
  const dir = tempDir();
  let srv: ServerWithWorkload;
  before(async () => {
    srv = await serverWithWorkload(join(dir, 'p.db'), 'shop');
  });
  after(() => srv?.stop());

  const api = async (path: string) => {
    const res = await fetch(`${srv.url}/api/v1/workloads/${srv.id}${path}`, { headers: srv.headers });
    assert.equal(res.status, 200, path);
    // biome-ignore lint/suspicious/noExplicitAny: JSON of the API, checked by the assertions
    return (await res.json()) as any;
  };

  it('keeps the baseline run, each compared run with its verdict, and a summary, in push order', async () => {
    const env = { WAYMARK_TOKEN: srv.token };
    const server = ['--server', srv.url, '--workload', srv.id];
    const push = ['--push', srv.url, '--workload', srv.id];
    const steady = (i: number) => 100 + (i % 20);
    const set = await runCli(
      ['perf', 'baseline', 'set', jtl(join(dir, 'base.jtl'), steady), ...server, '--run-name', 'build 1'],
      { env, cwd: dir },
    );
    assert.equal(set.code, 0, set.stderr);
    const same = await runCli(
      ['perf', 'compare', jtl(join(dir, 'same.jtl'), steady), ...server, ...push, '--run-name', 'build 2'],
      { env, cwd: dir },
    );
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(
      same.stdout,
      /\nrun [0-9a-f-]{36} kept on http:\/\/127\.0\.0\.1:\d+ \(workload [0-9a-f-]{36}\)\n$/,
    );
    // POST /pay slows down by half; the comparison fails and says so, and the run is kept all the same.
    const slow = await runCli(
      [
        'perf',
        'compare',
        jtl(join(dir, 'slow.jtl'), (i) => (i % 2 ? 150 : 100) + (i % 20)),
        ...server,
        ...push,
        '--run-name',
        'build 3',
      ],
      { env, cwd: dir },
    );
    assert.equal(slow.code, 1, slow.stdout + slow.stderr);
    const json = await runCli(['perf', 'summary', '--format', 'json', join(dir, 'same.jtl'), ...push], {
      env,
      cwd: dir,
    });
    assert.equal(json.code, 0, json.stderr);
    assert.doesNotThrow(() => JSON.parse(json.stdout), 'json output stays JSON');

    const { runs } = await api('/perf/runs');
    assert.deepEqual(
      runs.map((r: { name: string | null; kind: string }) => [r.name, r.kind]),
      [
        [null, 'run'],
        ['build 3', 'run'],
        ['build 2', 'run'],
        ['build 1', 'baseline'],
      ],
    );
    assert.deepEqual(
      runs.map((r: { verdict: { exitCode: number } | null }) => r.verdict?.exitCode ?? null),
      [null, 1, 0, null],
    );
    const series = await api(`/perf/flows/${encodeURIComponent('POST /pay')}/series`);
    assert.deepEqual(
      series.points.map((p: { label: string }) => p.label),
      ['build 1', 'build 2', 'build 3', series.points[3].label],
    );
    assert.ok(series.points[2].p95 >= series.points[1].p95 * 1.4, JSON.stringify(series.points));
    assert.deepEqual(
      series.baselineChanges.map((c: { what: string }) => c.what),
      ['made the baseline'],
    );
  });

  it('refuses --push without a workload or to a server that is not there, with exit 2', async () => {
    const file = jtl(join(dir, 'x.jtl'), () => 100, 50);
    const noWorkload = await runCli(['perf', 'summary', file, '--push', srv.url]);
    assert.equal(noWorkload.code, 2);
    assert.match(noWorkload.stderr, /--push needs --workload <id>/);
    const nowhere = await runCli([
      'perf',
      'summary',
      file,
      '--push',
      'http://127.0.0.1:9',
      '--workload',
      srv.id,
    ]);
    assert.equal(nowhere.code, 2);
    assert.match(nowhere.stderr, /cannot reach the Waymark server at http:\/\/127\.0\.0\.1:9/);
    const noToken = await runCli(['perf', 'summary', file, '--push', srv.url, '--workload', srv.id], {
      env: { WAYMARK_TOKEN: '' },
    });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /the server refused the push \(401\)/);
  });
});
