/**
 * Every duration, in the model file and on the command line, is positive, bounded and whole
 * milliseconds, with the file and line when it comes from the model; and the time-out the user
 * gave is the one Prometheus is asked for.
 */
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { assertNoStackTrace } from '../testing/fuzz.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { checkDuration, formatDuration, INTERVAL_RANGE, TIMEOUT_RANGE, WINDOW_RANGE } from './duration.js';
import { parseHealthModel } from './modelFile.js';
import { runHealthCli } from './testSupport/cli.js';
import { type FakePrometheus, fakePrometheus } from './testSupport/fakePrometheus.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const servers: FakePrometheus[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function modelWith(source: string, signal: string): string {
  return `version: 1\nworkload: w\nsource: { prometheus: "http://127.0.0.1:9", ${source} }\ncomponents:\n  - id: a\n    signals:\n      - { id: s, metric: up, unit: x, ${signal} thresholds: { unhealthy: 1, reason: r } }\n`;
}

function problems(text: string): string[] {
  try {
    parseHealthModel(text, 'm.yaml', '.');
  } catch (err) {
    const errors = err instanceof InputErrors ? err.errors : err instanceof InputError ? [err] : undefined;
    if (!errors) throw err;
    return errors.map((e) => `${e.location.file}:${e.location.line}: ${e.message}`);
  }
  return [];
}

describe('durations', { timeout: 60_000 }, () => {
  it('checkDuration: positive, within the range, whole milliseconds', () => {
    assert.deepEqual(checkDuration('500ms', TIMEOUT_RANGE), { ms: 500 });
    assert.deepEqual(checkDuration('1m30s', TIMEOUT_RANGE), { ms: 90_000 });
    assert.deepEqual(checkDuration(2, TIMEOUT_RANGE), { ms: 2000 }, 'a bare number is seconds');
    assert.deepEqual(checkDuration('1.1s', TIMEOUT_RANGE), { ms: 1100 }, 'not 1100.0000000000002');
    const out = (v: string | number) => {
      const c = checkDuration(v, TIMEOUT_RANGE);
      return 'problem' in c ? c.problem : `accepted ${c.ms}`;
    };
    assert.equal(out('0'), '"0" is out of range: a timeout is from 1ms to 10m');
    assert.equal(out(0), '0 is out of range: a timeout is from 1ms to 10m');
    assert.equal(out('0.4ms'), '"0.4ms" is out of range: a timeout is from 1ms to 10m');
    assert.equal(out('100d'), '"100d" is out of range: a timeout is from 1ms to 10m');
    assert.match(out('9'.repeat(400)), /^"9{120}…" \(400 characters\) is out of range/);
    assert.match(out(-1), /^-1 is not a duration/);
    assert.match(out(Number.POSITIVE_INFINITY), /^Infinity is not a duration/);
    assert.match(out('soon'), /^"soon" is not a duration; write e\.g\. 500ms/);
    assert.match(out('\u0000\u001b[2J'), /^"\\u0000\\u001b\[2J" is not a duration/);
    assert.equal(formatDuration(WINDOW_RANGE.maxMs), '31d');
    assert.equal(formatDuration(INTERVAL_RANGE.minMs), '100ms');
  });

  it('model durations out of range are errors with their file and line', () => {
    assert.deepEqual(problems(modelWith('timeout: 0', '')), [
      'm.yaml:3: 0 is out of range: a timeout is from 1ms to 10m',
    ]);
    assert.deepEqual(problems(modelWith('timeout: 11m', '')), [
      'm.yaml:3: "11m" is out of range: a timeout is from 1ms to 10m',
    ]);
    assert.deepEqual(problems(modelWith('timeout: .inf', '')), [
      'm.yaml:3: Infinity is not a duration; write e.g. 500ms, 30s, 5m or 1m30s',
    ]);
    assert.deepEqual(problems(modelWith('', 'window: 100d,')), [
      'm.yaml:7: "100d" is out of range: a window is from 1s to 31d',
    ]);
    assert.deepEqual(problems(modelWith('', 'window: 10m, step: 0ms,')), [
      'm.yaml:7: "0ms" is out of range: a step is from 1ms to 31d',
    ]);
    assert.deepEqual(problems(modelWith('', 'window: 1m, step: 2m,')), [
      'm.yaml:7: a step must not be longer than its window',
    ]);
    assert.deepEqual(problems(modelWith('', 'window: 1d, step: 1s,')), [
      'm.yaml:7: window / step is 86,400 points; Prometheus allows at most 11,000',
    ]);
    assert.deepEqual(problems(modelWith('timeout: 250ms', 'window: 30d, step: 1h,')), []);
  });

  it('flags out of range are exit 2 with a clear message, never a timer overflow', async () => {
    const dir = tempDir('waymark-health-dur-');
    copyFileSync(join(FIX, 'waymark.health.yaml'), join(dir, 'waymark.health.yaml'));
    copyFileSync(join(FIX, 'values.json'), join(dir, 'values.json'));
    const cases: [string[], RegExp][] = [
      [
        ['eval', '-s', 'http://127.0.0.1:9', '--timeout', '100d'],
        /--timeout: "100d" is out of range: a timeout is from 1ms to 10m/,
      ],
      [['eval', '--timeout', '0'], /--timeout: "0" is out of range/],
      [['eval', '--timeout', '-5s'], /--timeout: "-5s" is not a duration/],
      [
        ['watch', '--once', '--interval', '30d'],
        /--interval: "30d" is out of range: an interval is from 100ms to 1d/,
      ],
      [['watch', '--once', '--interval', '0s'], /--interval: "0s" is out of range/],
      [
        ['eval', '--concurrency', '100000'],
        /--concurrency expects a whole number from 1 to 256, got "100000"/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runHealthCli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assertNoStackTrace(r);
      assert.match(r.stderr, message);
    }
  });

  it('--timeout 500ms asks Prometheus for 500ms, not 1s; the model timeout is sent as written', async () => {
    const prom = await fakePrometheus();
    servers.push(prom);
    const dir = tempDir('waymark-health-dur-');
    copyFileSync(join(FIX, 'waymark.health.yaml'), join(dir, 'waymark.health.yaml'));
    const r = await runHealthCli(['eval', '-s', prom.url, '--timeout', '500ms'], dir);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.ok(prom.params.length >= 4);
    // Only queries carry a time-out; the metadata look-ups (GET, no body) do not.
    const queries = () => prom.params.filter((p) => p.has('query'));
    assert.deepEqual([...new Set(queries().map((p) => p.get('timeout')))], ['500ms']);
    prom.params.length = 0;
    writeFileSync(
      join(dir, 'waymark.health.yaml'),
      modelWith('timeout: 2500ms', '').replace('http://127.0.0.1:9', prom.url),
    );
    const m = await runHealthCli(['eval'], dir);
    assert.equal(m.code, 0, m.stderr);
    assert.deepEqual([...new Set(queries().map((p) => p.get('timeout')))], ['2500ms']);
  });
});
