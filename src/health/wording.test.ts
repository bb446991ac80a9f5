/** Issue 18, defect 10: how values, thresholds and a source-wide failure read. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateHealth, signalResult } from './evaluate.js';
import { gateVerdict } from './gate.js';
import { parseHealthModel } from './modelFile.js';
import { renderHealthText } from './render.js';
import type { MetricSource } from './sources/types.js';
import { formatValue } from './valueText.js';

const spec = (unit: string, thresholds: string) =>
  parseHealthModel(
    `version: 1
workload: w
components:
  - id: c
    signals:
      - { id: s, metric: m, unit: ${unit}, thresholds: ${thresholds} }
`,
    'w.yaml',
    '.',
  ).components[0]?.signals[0] ?? assert.fail('no signal');

const read = (unit: string, thresholds: string, v: number) =>
  signalResult(
    spec(unit, thresholds),
    { key: 'c.s', query: { kind: 'metric', name: 'm', labels: {} } },
    { ok: true, series: [{ labels: {}, values: [v] }] },
  ).reason;

describe('wording (issue 18, defect 10)', () => {
  it('a healthy value is said to be below (or above) the threshold it stays clear of', () => {
    assert.equal(
      read('ratio', '{ degraded: 0.8, reason: r }', 0.5),
      '0.5 ratio, below the degraded threshold of 0.8',
    );
    assert.equal(
      read('GB', '{ direction: below, degraded: 10, reason: r }', 42),
      '42 GB, above the degraded threshold of 10',
    );
    assert.equal(read('ratio', '{ degraded: 0.8, reason: r }', 0.9), '0.9 ratio > 0.8 (degraded threshold)');
  });

  it('bytes read in binary units, with the exact count kept', () => {
    assert.equal(formatValue(24773750784, 'bytes'), '23.07 GiB (24,773,750,784 bytes)');
    assert.equal(formatValue(512, 'bytes'), '512 bytes');
    assert.equal(formatValue(1536, 'B'), '1.5 KiB (1,536 B)');
    assert.equal(formatValue(0.25, 'ratio'), '0.25 ratio');
    assert.equal(
      read('bytes', '{ direction: below, degraded: 1073741824, reason: r }', 24773750784),
      '23.07 GiB (24,773,750,784 bytes), above the degraded threshold of 1 GiB (1,073,741,824 bytes)',
    );
  });

  it('a source-wide failure is said once, in the text and in the gate notes', async () => {
    const model = parseHealthModel(
      `version: 1
workload: w
components:
  - id: a
    signals:
      - { id: x, metric: m1, unit: s, thresholds: { degraded: 1, reason: r } }
      - { id: y, metric: m2, unit: s, thresholds: { degraded: 1, reason: r } }
  - id: b
    signals:
      - { id: z, metric: m3, unit: s, thresholds: { degraded: 1, reason: r } }
`,
      'w.yaml',
      '.',
    );
    const down: MetricSource = {
      description: 'Prometheus at http://127.0.0.1:29999',
      open: () => ({
        query: async () => ({
          ok: false,
          problem: 'down',
          reason: 'cannot reach http://127.0.0.1:29999: ECONNREFUSED',
        }),
      }),
    };
    const report = await evaluateHealth(model, { source: down });
    const text = renderHealthText(report);
    assert.equal(text.split('ECONNREFUSED').length - 1, 1, text);
    assert.match(
      text,
      /^ {2}source failed for every signal: cannot reach http:\/\/127\.0\.0\.1:29999: ECONNREFUSED$/m,
    );
    assert.match(text, /├─ x +unknown +the source failed \(above\)/);
    const notes = gateVerdict(report).notes.join('\n');
    assert.equal(notes.split('ECONNREFUSED').length - 1, 1, notes);
    assert.match(notes, /unknown: all 3 signals: cannot reach/);
  });
});
