/**
 * Issue 18, defect 4: flap suppression. A scripted source replays what a restarted exporter gave
 * (a gap, then rate() over two samples) and a value hovering at its threshold.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateHealth } from './evaluate.js';
import { createSignalHold } from './hold.js';
import { type HealthModel, parseHealthModel } from './modelFile.js';
import type { HealthReport } from './report.js';
import type { MetricSource, QueryOutcome } from './sources/types.js';
import { watchHealth } from './watchLoop.js';

const model = (signal: string): HealthModel =>
  parseHealthModel(
    `
version: 1
workload: node
components:
  - id: host
    critical: true
    signals:
      - id: cpu
        query: 1 - avg(rate(node_cpu_seconds_total{mode="idle"}[30s]))
        unit: ratio
${signal
  .trim()
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
`,
    'hold.yaml',
    '.',
  );

const down: QueryOutcome = { ok: false, problem: 'down', reason: 'cannot reach 127.0.0.1:9100' };
const value = (v: number): QueryOutcome => ({ ok: true, series: [{ labels: {}, values: [v] }] });

/** Answers each evaluation with the next outcome of the script. */
function scripted(script: readonly QueryOutcome[]): MetricSource {
  let i = 0;
  return {
    description: 'a script',
    open: () => ({ query: async () => script[i++] ?? assert.fail('the script ran out') }),
  };
}

async function reported(m: HealthModel, script: readonly QueryOutcome[], clockStepMs = 1000) {
  const source = scripted(script);
  const hold = createSignalHold();
  let now = 0;
  const states: string[] = [];
  const notified: string[] = [];
  await watchHealth({
    evaluate: () => {
      now += clockStepMs;
      return evaluateHealth(m, { source, hold, clock: () => now });
    },
    intervalMs: 1,
    count: script.length,
    onEvaluation(report: HealthReport, changes) {
      states.push(report.components[0]?.signals[0]?.state ?? '?');
      for (const c of changes) if (c.level === 'signal') notified.push(`${c.from ?? 'start'}→${c.to}`);
    },
  });
  return { states, notified };
}

describe('for: and hysteresis (issue 18, defect 4)', () => {
  it('a restarted exporter (a gap, then one high rate) is not reported; a state that holds 3 evaluations is', async () => {
    const m = model(`
for: 3
thresholds: { degraded: 0.8, unhealthy: 0.95, reason: "a host busy for minutes delays requests" }`);
    const r = await reported(m, [
      value(0.1),
      down,
      value(0.92),
      value(0.1),
      value(0.9),
      value(0.9),
      value(0.9),
      value(0.1),
    ]);
    assert.deepEqual(r.states, [
      'healthy',
      'healthy',
      'healthy',
      'healthy',
      'healthy',
      'healthy',
      'degraded',
      'degraded',
    ]);
    assert.deepEqual(r.notified, ['healthy→degraded']);
  });

  it('a pending state says so in the report: reason and pending', async () => {
    const m = model(`
for: 2
thresholds: { degraded: 0.8, reason: r }`);
    const hold = createSignalHold();
    const source = scripted([value(0.1), value(0.9)]);
    await evaluateHealth(m, { source, hold, clock: () => 1000 });
    const second = await evaluateHealth(m, { source, hold, clock: () => 2000 });
    const s = second.components[0]?.signals[0];
    assert.equal(s?.state, 'healthy');
    assert.equal(s?.value, 0.9);
    assert.deepEqual(s?.pending, { state: 'degraded', evaluations: 1, since: '1970-01-01T00:00:02.000Z' });
    assert.match(s?.reason ?? '', /degraded for 1 of 2 evaluations, still reported healthy$/);
    assert.equal(second.state, 'healthy', 'the roll-up uses the reported state');
  });

  it('for: as a duration counts time since the state was first seen', async () => {
    const m = model(`
for: 10s
thresholds: { degraded: 0.8, reason: r }`);
    const r = await reported(m, [value(0.1), value(0.9), value(0.9), value(0.9)], 5000);
    assert.deepEqual(r.states, ['healthy', 'healthy', 'healthy', 'degraded']);
  });

  it('recoverFor holds a recovery longer than a new problem', async () => {
    const m = model(`
for: 1
recoverFor: 3
thresholds: { degraded: 0.8, reason: r }`);
    const r = await reported(m, [
      value(0.1),
      value(0.9),
      value(0.1),
      value(0.9),
      value(0.1),
      value(0.1),
      value(0.1),
    ]);
    assert.deepEqual(r.states, [
      'healthy',
      'degraded',
      'degraded',
      'degraded',
      'degraded',
      'degraded',
      'healthy',
    ]);
    assert.deepEqual(r.notified, ['healthy→degraded', 'degraded→healthy']);
  });

  it('hysteresis: degraded above 0.8 is left only below 0.7', async () => {
    const m = model(`
thresholds: { degraded: 0.8, hysteresis: 0.1, reason: r }`);
    const r = await reported(m, [
      value(0.5),
      value(0.85),
      value(0.78),
      value(0.81),
      value(0.72),
      value(0.69),
    ]);
    assert.deepEqual(r.states, ['healthy', 'degraded', 'degraded', 'degraded', 'degraded', 'healthy']);
    assert.deepEqual(r.notified, ['healthy→degraded', 'degraded→healthy']);
    const below = model(`
thresholds: { direction: below, degraded: 10, unhealthy: 5, hysteresis: 2, reason: r }`);
    const b = await reported(below, [value(20), value(4), value(6), value(7.5), value(11), value(12.5)]);
    assert.deepEqual(b.states, ['healthy', 'unhealthy', 'unhealthy', 'degraded', 'degraded', 'healthy']);
  });

  it('a bad for: is refused with its line', () => {
    for (const [text, message] of [
      ['for: 0', /evaluations in a row, a whole number from 1 to 1000/],
      ['for: 2.5', /evaluations in a row/],
      ['for: often', /"often" is not a duration/],
      ['for: 2d', /out of range: a hold is from 1ms to 1d/],
    ] as const)
      assert.throws(
        () => model(`${text}\nthresholds: { degraded: 0.8, reason: r }`),
        (err: Error) => message.test(err.message) && /hold\.yaml:\d+:\d+: /.test(err.message),
      );
    assert.throws(() => model('thresholds: { degraded: 0.8, hysteresis: -1, reason: r }'), /hysteresis/);
  });
});
