import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { runCli, tempDir } from '../testing/index.js';
import { type ServerWithWorkload, serverWithWorkload } from '../testing/server.js';

const Comparison = z.looseObject({ comparedAt: z.string(), comparedBy: z.string() });
const Measured = z.object({
  suggestions: z.array(z.object({ practiceId: z.string(), status: z.string(), detector: z.string() })),
});

/** A JTL with a header: `n` samples of one label at `ms` milliseconds each, one per 10 ms. */
function jtl(file: string, ms: (i: number) => number, n = 400): string {
  const rows = ['timeStamp,elapsed,label,responseCode,success'];
  for (let i = 0; i < n; i++) rows.push(`${1_700_000_000_000 + i * 10},${ms(i)},GET /cart,200,true`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('perf baseline kept on the server', () => {
  const dir = tempDir();
  let srv: ServerWithWorkload;
  before(async () => {
    srv = await serverWithWorkload(join(dir, 'p.db'), 'shop');
  });
  after(() => srv?.stop());

  it('sets the baseline on the server, shows it, and compares later runs against it', async () => {
    const server = ['--server', srv.url, '--workload', srv.id];
    const env = { WAYMARK_TOKEN: srv.token };
    const none = await runCli(['perf', 'baseline', 'show', ...server], { env });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /the server has no baseline for workload/);

    const base = jtl(join(dir, 'base.jtl'), (i) => 100 + (i % 20));
    const set = await runCli(['perf', 'baseline', 'set', base, ...server], { env, cwd: dir });
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /baseline stored on http:\/\/127\.0\.0\.1:\d+ \(workload /);

    const shown = await runCli(['perf', 'baseline', 'show', '--format', 'json', ...server], { env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /GET \/cart/);

    const same = await runCli(
      ['perf', 'compare', jtl(join(dir, 'same.jtl'), (i) => 100 + (i % 20)), ...server],
      { env, cwd: dir },
    );
    assert.equal(same.code, 0, same.stdout + same.stderr);
    // The passing comparison is kept on the server, and counts as evidence for comparing runs.
    const kept1 = await fetch(`${srv.url}/api/v1/workloads/${srv.id}/perf-comparison`, {
      headers: srv.headers,
    });
    const { comparedAt, comparedBy: _, ...comparison } = Comparison.parse(await kept1.json());
    assert.ok(Date.now() - Date.parse(comparedAt) < 60_000);
    assert.deepEqual(comparison, {
      baselineCreated: JSON.parse(shown.stdout).created,
      // GET /cart and the run as a whole.
      flows: 2,
      regressed: 0,
      targetsMissed: 0,
    });
    const measured = Measured.parse(
      await (
        await fetch(`${srv.url}/api/v1/workloads/${srv.id}/delivery/suggestions`, { headers: srv.headers })
      ).json(),
    );
    const compare = measured.suggestions.find(
      (s: { practiceId: string }) => s.practiceId === 'pe.3.baseline-tests.compare',
    );
    assert.equal(compare?.status, 'met');
    assert.equal(compare?.detector, 'perf-comparison');
    const slower = await runCli(
      ['perf', 'compare', jtl(join(dir, 'slow.jtl'), (i) => 300 + (i % 20)), ...server],
      { env, cwd: dir },
    );
    assert.equal(slower.code, 1, slower.stdout + slower.stderr);
    assert.match(slower.stdout, /regress/i);
    const failing = Measured.parse(
      await (
        await fetch(`${srv.url}/api/v1/workloads/${srv.id}/delivery/suggestions`, { headers: srv.headers })
      ).json(),
    );
    assert.ok(
      !failing.suggestions.some(
        (s: { practiceId: string }) => s.practiceId === 'pe.3.baseline-tests.compare',
      ),
      'a regressed comparison is no evidence of a passing one',
    );

    // The server's baseline is guarded like a file: a run without GET /cart would drop that flow.
    const other = join(dir, 'other.jtl');
    writeFileSync(other, `timeStamp,elapsed,label\n${1_700_000_000_000},5,GET /home\n`);
    const drop = await runCli(['perf', 'baseline', 'set', other, ...server], { env, cwd: dir });
    assert.equal(drop.code, 2, drop.stderr);
    assert.match(drop.stderr, /would drop 1 flow of the existing one .*"GET \/cart"/);
    const kept = await runCli(['perf', 'baseline', 'show', '--format', 'json', ...server], { env });
    assert.equal(kept.stdout, shown.stdout, 'the server still has the old baseline');

    const bad = await fetch(`${srv.url}/api/v1/workloads/${srv.id}/perf-baseline`, {
      method: 'PUT',
      headers: srv.headers,
      body: JSON.stringify({ baseline: 'version: 1\nflows: nope\n' }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /not a valid baseline/);
  });
});
