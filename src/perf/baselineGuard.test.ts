import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../testing/index.js';

// Defect 4: unreadable Locust input exited 0, and `perf baseline set` on it replaced a good
// three-flow baseline with one empty flow. Everything here goes through the real binary.

const HEADER =
  'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%';

function threeFlowJtl(dir: string, labels = ['GET /a', 'GET /b', 'POST /c']): string {
  const rows = ['timeStamp,elapsed,label,responseCode,success'];
  for (let i = 0; i < 300; i++)
    rows.push(`${1_714_550_400_000 + i * 10},${10 + (i % 7)},${labels[i % labels.length]},200,true`);
  const file = join(dir, `run-${labels.length}.jtl`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

async function withBaseline(fn: (dir: string, baseline: string, good: string) => Promise<void>) {
  const dir = tempDir('perf-guard-');
  try {
    const baseline = join(dir, 'waymark.perf.baseline.yaml');
    const set = await runCli(['perf', 'baseline', 'set', threeFlowJtl(dir)], { cwd: dir });
    assert.equal(set.code, 0, set.stderr);
    const good = readFileSync(baseline, 'utf8');
    assert.equal(good.match(/- flow: /g)?.length, 4, 'three flows and (all)');
    await fn(dir, baseline, good);
  } finally {
    rmSync(dir, { recursive: true });
  }
}

const LOCUST_NOTHING_READABLE: [string, string][] = [
  ['header only', `${HEADER}\n`],
  ['garbage rows', `${HEADER}\n\u0000\u0001garbage\n{}{}\n`],
  ['truncated', `${HEADER}\nGET,/a,10`],
  ['wrong types', `${HEADER}\nGET,/a,ten,one,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n`],
  ['too few columns', `${HEADER}\nGET,/a,10,0\n,Aggregated,10,0\n`],
];

test('Locust input with no readable row exits 2, and the baseline file stays byte-identical', async () => {
  await withBaseline(async (dir, baseline, good) => {
    for (const [what, text] of LOCUST_NOTHING_READABLE) {
      const file = join(dir, 'run_stats.csv');
      writeFileSync(file, text);
      // (baseline set reads like summary: one run shows both the exit code and the file kept.)
      const set = await runCli(['perf', 'baseline', 'set', file], { cwd: dir });
      assert.equal(set.code, 2, `${what}: exits 2 (${set.stderr})`);
      assert.match(set.stderr, /run_stats\.csv.*(no readable samples|not a Locust)/, what);
      assert.equal(readFileSync(baseline, 'utf8'), good, `${what}: the baseline is untouched`);
    }
  });
});

test('Locust: negative counts and more failures than requests are errors at their line', async () => {
  const dir = tempDir('perf-guard-');
  try {
    const cases: [string, RegExp][] = [
      [`GET,/a,-5,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1`, /Request Count is negative/],
      [`GET,/a,5,-1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1`, /Failure Count is negative/],
      [
        `GET,/a,5,6,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1`,
        /Failure Count \(6\) is larger than Request Count \(5\)/,
      ],
      [`GET,/a,5.5,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1`, /not a whole number/],
    ];
    const file = join(dir, 'run_stats.csv');
    for (const [row, message] of cases) {
      writeFileSync(file, `${HEADER}\nGET,/ok,5,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n${row}\n`);
      const r = await runCli(['perf', 'summary', file], { cwd: dir });
      assert.equal(r.code, 2, row);
      assert.match(r.stderr, /run_stats\.csv:3: /, row);
      assert.match(r.stderr, message, row);
    }
    const history = join(dir, 'run_stats_history.csv');
    writeFileSync(
      history,
      'Timestamp,User Count,Type,Name,Requests/s,Failures/s,95%,Total Request Count,Total Failure Count\n1714550400,1,,Aggregated,2,3,40,2,3\n',
    );
    writeFileSync(file, `${HEADER}\n,Aggregated,5,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n`);
    const h = await runCli(['perf', 'summary', file, history], { cwd: dir });
    assert.equal(h.code, 2);
    assert.match(
      h.stderr,
      /run_stats_history\.csv:2: Total Failure Count \(3\) is larger than Total Request Count \(2\)/,
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('baseline set refuses to drop flows of the existing baseline, names them, and --force overrides', async () => {
  await withBaseline(async (dir, baseline, good) => {
    const one = threeFlowJtl(dir, ['GET /a']);
    const r = await runCli(['perf', 'baseline', 'set', one], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /would drop 2 flows of the existing one/);
    assert.match(r.stderr, /"GET \/b", "POST \/c"/);
    assert.match(r.stderr, /--force/);
    assert.equal(readFileSync(baseline, 'utf8'), good);

    const forced = await runCli(['perf', 'baseline', 'set', '--force', one], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(baseline, 'utf8').match(/- flow: /g)?.length, 2, 'GET /a and (all)');
  });
});

test('baseline set refuses a baseline with no samples (nothing matched the targets), unless --force', async () => {
  await withBaseline(async (dir, baseline, good) => {
    const targets = join(dir, 'other.yaml');
    writeFileSync(targets, 'version: 1\nflows:\n  - name: nothing\n    match: { labels: ["/^DELETE/"] }\n');
    const r = await runCli(['perf', 'baseline', 'set', '--targets', targets, threeFlowJtl(dir)], {
      cwd: dir,
    });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /the new baseline has no samples/);
    assert.equal(readFileSync(baseline, 'utf8'), good);
    const forced = await runCli(
      ['perf', 'baseline', 'set', '--force', '--targets', targets, threeFlowJtl(dir)],
      {
        cwd: dir,
      },
    );
    assert.equal(forced.code, 0, forced.stderr);
  });
});

test('an existing baseline that cannot be read is not replaced without --force', async () => {
  await withBaseline(async (dir, baseline) => {
    writeFileSync(baseline, 'version: 1\nflows: [\n');
    const broken = readFileSync(baseline, 'utf8');
    const r = await runCli(['perf', 'baseline', 'set', threeFlowJtl(dir)], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the existing baseline cannot be read, so it is not replaced/);
    assert.equal(readFileSync(baseline, 'utf8'), broken);
    assert.equal(
      (await runCli(['perf', 'baseline', 'set', '--force', threeFlowJtl(dir)], { cwd: dir })).code,
      0,
    );
  });
});
