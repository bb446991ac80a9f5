/**
 * Generated hostile inputs for the health readers: the model file, the values file, Prometheus
 * text and OpenMetrics text. Each must accept the input or reject it with an input error that is
 * short and escaped; then a few whole runs of `waymark health eval` on broken files.
 * WAYMARK_FUZZ_RUNS scales the number of cases (see src/testing/fuzz.ts).
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { assertCleanRun, fuzzReader, fuzzRuns, mutated, recordTally, type Tally } from '../testing/fuzz.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { parseHealthModel } from './modelFile.js';
import { parsePromText } from './promText.js';
import { parseValuesFile } from './sources/index.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

const MODELS = [
  read('waymark.health.yaml'),
  `version: 1
workload: shop
source: { prometheus: "http://127.0.0.1:9090", timeout: 1500ms, concurrency: 4 }
rollUp: { nonCritical: unhealthy, unknown: degraded, dependencyUnhealthy: none }
components:
  - id: api
    critical: true
    dependsOn: [queue]
    signals:
      - { id: errors, query: 'max(app_error_ratio{service="api"})', unit: ratio, thresholds: { degraded: 0.01, unhealthy: 0.05, reason: budget } }
      - { id: latency, metric: app_latency_seconds, labels: { quantile: "0.99" }, window: 10m, step: 30s, overTime: max, unit: s, thresholds: { degraded: 0.5, unhealthy: 2, reason: time-outs } }
  - id: queue
    signals:
      - { id: depth, metric: app_queue_depth, aggregation: sum, unit: messages, thresholds: { direction: below, unhealthy: -1, reason: never below zero } }
`,
];
const VALUES = [
  read('values.json'),
  '{"values": {"api.errors": 0.5, "api.latency": "NaN", "queue.depth": null, "db.lag": [{"labels": {"r": "a"}, "value": "+Inf"}, {"value": -1e3}]}}\n',
];
const PROM = [
  read('metrics.prom'),
  '# TYPE up gauge\nup{job="api",instance="a:9100"} 1 1714550400000\nup 0\n',
];
const OPENMETRICS = [read('metrics.om.txt'), '# TYPE info info\ninfo_info{version="1.2"} 1\n# EOF\n'];

/** The shared property, plus: whatever a rejection says stays short and escaped. */
function shortErrors<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (err) {
      const errors = err instanceof InputErrors ? err.errors : err instanceof InputError ? [err] : [];
      assert.ok(errors.length <= 21, `${errors.length} problems reported at once`);
      for (const e of errors) {
        const m = e.format();
        assert.ok(m.length <= 500, `a ${m.length}-character message: ${m.slice(0, 200)}`);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: none may reach the terminal
        assert.doesNotMatch(m.replace('\n  hint: ', ' '), /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
      }
      throw err;
    }
  };
}

const tallies: Tally[] = [];

describe('health readers under generated input', { timeout: 120_000 }, () => {
  it('the health model file', async () => {
    tallies.push(
      await fuzzReader(
        'health model (YAML)',
        mutated(MODELS),
        shortErrors((t) => parseHealthModel(t, 'm.yaml', '.')),
        300,
      ),
    );
  });

  it('the health values file', async () => {
    tallies.push(
      await fuzzReader(
        'health values (JSON)',
        mutated(VALUES),
        shortErrors((t) => parseValuesFile(t, 'v.json')),
      ),
    );
  });

  it('Prometheus text', async () => {
    tallies.push(
      await fuzzReader(
        'Prometheus text',
        mutated(PROM),
        shortErrors((t) => parsePromText(t)),
      ),
    );
  });

  it('OpenMetrics text', async () => {
    tallies.push(
      await fuzzReader(
        'OpenMetrics text',
        mutated(OPENMETRICS),
        shortErrors((t) => parsePromText(t, 'application/openmetrics-text; version=1.0.0')),
      ),
    );
  });

  it('whole runs of health eval on a broken model or values file end cleanly and write nothing', async () => {
    const tally: Tally = { name: 'health eval (process)', runs: 0, accepted: 0, rejected: 0 };
    const dir = tempDir('waymark-health-fuzz-');
    const kind = fc.constantFrom('model' as const, 'values' as const);
    await fc.assert(
      fc.asyncProperty(
        kind,
        mutated(MODELS.slice(0, 1)),
        mutated(VALUES.slice(0, 1)),
        async (which, model, values) => {
          writeFileSync(join(dir, 'm.yaml'), which === 'model' ? model : (MODELS[0] ?? ''));
          if (which === 'values') writeFileSync(join(dir, 'values.json'), values);
          else copyFileSync(join(FIX, 'values.json'), join(dir, 'values.json'));
          // --allow-unknown: a value dropped by the mutation is a legitimate unknown, not what this checks.
          const r = await assertCleanRun(
            ['health', 'eval', '--allow-unknown', '-m', 'm.yaml', '-s', 'values.json'],
            dir,
          );
          tally.runs++;
          if (r.code === 2) tally.rejected++;
          else tally.accepted++;
        },
      ),
      { numRuns: fuzzRuns(6) },
    );
    recordTally(tally);
    tallies.push(tally);
  });

  it('every property ran its cases', () => {
    for (const t of tallies) assert.equal(t.accepted + t.rejected, t.runs, t.name);
    process.stdout.write(`${tallies.map((t) => `# fuzz ${JSON.stringify(t)}`).join('\n')}\n`);
  });
});
