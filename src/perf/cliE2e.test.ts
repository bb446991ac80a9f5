import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';

// The real binary, as a CI job would run it: exit codes, output formats and error messages.

const HEADER = 'timeStamp,elapsed,label,responseCode,success';
const TARGETS = join(REPO_ROOT, 'test/fixtures/perf/waymark.perf.yaml');
const BAD_TARGETS = join(REPO_ROOT, 'test/fixtures/perf/bad-targets.yaml');

function jtl(dir: string, name: string, slowdown: number): string {
  const lines = [HEADER];
  for (let i = 0; i < 3000; i++) {
    const label = i % 2 ? 'POST /checkout' : 'GET /products';
    lines.push(`${1_714_550_400_000 + i * 20},${Math.round((20 + (i % 100)) * slowdown)},${label},200,true`);
  }
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+\)?/);

test('perf summary, baseline set/show and compare through bin/waymark.js', async () => {
  const dir = tempDir('perf-e2e-');
  try {
    const base = jtl(dir, 'base.jtl', 1);
    const same = jtl(dir, 'same.jtl', 1);
    const slow = jtl(dir, 'slow.jtl', 1.5);
    const baseline = join(dir, 'baseline.yaml');

    const sum = await runCli(['perf', 'summary', '--targets', TARGETS, base]);
    assert.equal(sum.code, 0, sum.stderr);
    assert.match(sum.stdout, /checkout\s+1500\s+0/);

    const json = await runCli(['perf', 'summary', '--format', 'json', base]);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as { flows: { flow: string; count: number }[] };
    assert.deepEqual(
      parsed.flows.map((f) => [f.flow, f.count]),
      [
        ['GET /products', 1500],
        ['POST /checkout', 1500],
      ],
    );

    const md = await runCli(['perf', 'summary', '--format', 'md', base]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^\| flow \| count \|.*\|\n\| --- \|/m);

    const set = await runCli(['perf', 'baseline', 'set', '--targets', TARGETS, '--baseline', baseline, base]);
    assert.equal(set.code, 0, set.stderr);
    assert.ok(existsSync(baseline));
    const show = await runCli(['perf', 'baseline', 'show', '--baseline', baseline, '--format', 'json']);
    assert.equal(show.code, 0, show.stderr);
    assert.equal((JSON.parse(show.stdout) as { flows: unknown[] }).flows.length, 3);

    const pass = await runCli(['perf', 'compare', '--targets', TARGETS, '--baseline', baseline, same]);
    assert.equal(pass.code, 0, pass.stdout + pass.stderr);
    assert.match(pass.stdout, /PASS/);

    const fail = await runCli([
      'perf',
      'compare',
      '--targets',
      TARGETS,
      '--baseline',
      baseline,
      '--format',
      'md',
      slow,
    ]);
    assert.equal(fail.code, 1, fail.stdout + fail.stderr);
    assert.match(fail.stdout, /## Performance comparison: FAIL/);
    assert.match(fail.stdout, /\| metric \| target \|/);

    const failJson = await runCli(['perf', 'compare', '--baseline', baseline, '--format', 'json', slow]);
    assert.equal(failJson.code, 1);
    assert.ok((JSON.parse(failJson.stdout) as { regressed: number }).regressed >= 1);

    // A missed target alone (no baseline) also fails the build.
    const missed = await runCli(['perf', 'compare', '--targets', TARGETS, jtl(dir, 'slower.jtl', 20)], {
      cwd: dir,
    });
    assert.equal(missed.code, 1, missed.stdout + missed.stderr);
    assert.match(missed.stdout, /missed a target/);

    const html = join(dir, 'report.html');
    const h = await runCli([
      'perf',
      'compare',
      '--targets',
      TARGETS,
      '--baseline',
      baseline,
      '--format',
      'html',
      '--output',
      html,
      same,
    ]);
    assert.equal(h.code, 0, h.stderr);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /^<!doctype html>/);
    // Three charts at two widths, and two small multiples (one per flow) of two kinds.
    assert.equal(page.match(/<svg[\s>]/g)?.length, 10);
    for (const flow of ['checkout', 'browse']) assert.ok(page.includes(flow), flow);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('bad input exits 2 with file:line and no stack trace', async () => {
  const dir = tempDir('perf-e2e-');
  try {
    const foreign = join(dir, 'foreign.csv');
    writeFileSync(foreign, 'foo,bar\n1,2\n');
    const r1 = await runCli(['perf', 'summary', foreign]);
    assert.equal(r1.code, 2);
    assert.match(r1.stderr, /foreign\.csv:1: this is not a JMeter JTL/);
    noStack(r1.stderr);

    const ok = jtl(dir, 'ok.jtl', 1);
    const r2 = await runCli(['perf', 'summary', '--targets', BAD_TARGETS, ok]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /bad-targets\.yaml:5:\d+: "fast" is not a duration/);
    noStack(r2.stderr);

    const r3 = await runCli(['perf', 'compare', ok], { cwd: dir });
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /nothing to compare against/);
    noStack(r3.stderr);

    const badBaseline = join(dir, 'b.yaml');
    writeFileSync(badBaseline, 'created: [\n');
    const r4 = await runCli(['perf', 'baseline', 'show', '--baseline', badBaseline]);
    assert.equal(r4.code, 2);
    assert.match(r4.stderr, /b\.yaml:\d+/);
    noStack(r4.stderr);

    const r5 = await runCli(['perf', 'summary', '--format', 'pdf', ok]);
    assert.equal(r5.code, 2);
    noStack(r5.stderr);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('--format html of a summary: the four views, each chart a whole <svg>, and the flow names', async () => {
  const dir = tempDir('perf-e2e-');
  try {
    const r = await runCli(['perf', 'summary', '--format', 'html', jtl(dir, 'a.jtl', 1)]);
    assert.equal(r.code, 0, r.stderr);
    const ids = [...r.stdout.matchAll(/<figure class="[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, [
      'over-time-wide',
      'over-time-narrow',
      'distribution-wide',
      'distribution-narrow',
      'flows-over-time',
      'responses-wide',
      'responses-narrow',
    ]);
    // Three charts drawn at two widths, and one small multiple per flow.
    assert.equal(r.stdout.match(/<svg[\s>]/g)?.length, 8);
    assert.equal(r.stdout.match(/<\/svg>/g)?.length, 8);
    for (const flow of ['GET /products', 'POST /checkout']) assert.ok(r.stdout.includes(flow), flow);
    assert.doesNotMatch(r.stdout, /<script/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('--format html of a comparison has the same columns and cells as the text one: tolerance, % on error rate', async () => {
  const dir = tempDir('perf-e2e-');
  try {
    const baseline = join(dir, 'baseline.yaml');
    const set = await runCli([
      'perf',
      'baseline',
      'set',
      '--targets',
      TARGETS,
      '--baseline',
      baseline,
      jtl(dir, 'b.jtl', 1),
    ]);
    assert.equal(set.code, 0, set.stderr);
    const args = ['perf', 'compare', '--targets', TARGETS, '--baseline', baseline, jtl(dir, 'c.jtl', 1)];
    const text = await runCli(args);
    const html = await runCli([...args, '--format', 'html']);
    assert.equal(html.code, text.code, html.stderr);
    assert.match(html.stdout, /<th>tolerance<\/th>/);
    // Every cell of the text table's error-rate rows, in the same words, in the HTML.
    const errorRows = text.stdout.split('\n').filter((l) => l.startsWith('errorRate (%)'));
    assert.ok(errorRows.length > 0, text.stdout);
    const htmlRows = [...html.stdout.matchAll(/<tr><th>errorRate \(%\)<\/th>(.*?)<\/tr>/g)].map(
      (m) => m[1] ?? '',
    );
    assert.equal(htmlRows.length, errorRows.length);
    errorRows.forEach((row, i) => {
      const cells = row
        .split(/\s{2,}/)
        .filter(Boolean)
        .slice(1);
      assert.equal(htmlRows[i], `<td>${cells.join('</td><td>')}</td>`);
    });
  } finally {
    rmSync(dir, { recursive: true });
  }
});
