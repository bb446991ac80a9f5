import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { parseTargets } from './targetsFile.js';

const root = new URL('../../../', import.meta.url);
const fixture = (name: string) => fileURLToPath(new URL(`test/fixtures/perf/${name}`, root));

test('a valid targets file: units, ranks, tolerances and priority order', () => {
  const t = parseTargets(readFileSync(fixture('waymark.perf.yaml'), 'utf8'), 'waymark.perf.yaml');
  assert.equal(t.windowMs, 10_000);
  assert.deepEqual(
    t.flows.map((f) => f.name),
    ['checkout', 'browse'],
  );
  const checkout = t.flows[0];
  assert.ok(checkout);
  assert.deepEqual(checkout.targets, { p50: 120, p95: 400, p99: 1000, throughput: 5, errorRate: 1 });
  assert.equal(checkout.priority, 3 + 5 + 5 + 3 + 3);
  assert.equal(checkout.tolerance.p95, 10);
  assert.equal(checkout.tolerance.errorRate, 1);
  assert.equal(t.flows[1]?.tolerance.p95, 20);
  assert.equal(t.flows[1]?.tolerance.p99, 10);
});

test('rank orders flows: the higher priority comes first even when written last', () => {
  const t = parseTargets(
    'flows:\n  - name: a\n    rank: { criticality: low }\n  - name: b\n    rank: { criticality: high }\n',
  );
  assert.deepEqual(
    t.flows.map((f) => f.name),
    ['b', 'a'],
  );
  assert.deepEqual(t.flows[1]?.labels, ['a'], 'a flow without match: matches its own name');
});

test('errors name the line of each mistake', () => {
  const text = readFileSync(fixture('bad-targets.yaml'), 'utf8');
  let caught: unknown;
  try {
    parseTargets(text, 'bad-targets.yaml');
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof InputErrors, String(caught));
  const byPath = new Map(caught.errors.map((e) => [e.location.path, e]));
  assert.equal(byPath.get('flows[0].targets.p95')?.location.line, 5);
  assert.match(byPath.get('flows[0].targets.p95')?.message ?? '', /not a duration/);
  assert.equal(byPath.get('flows[1].rank.criticality')?.location.line, 8);
});

test('duplicate flow names are reported at the second one', () => {
  assert.throws(
    () => parseTargets('flows:\n  - name: a\n  - name: b\n  - name: a\n', 't.yaml'),
    (err: unknown) => {
      const first = err instanceof InputErrors ? err.errors[0] : err;
      return (
        first instanceof InputError &&
        first.location.line === 4 &&
        /duplicate flow name "a"/.test(first.message)
      );
    },
  );
});

test('YAML syntax errors and unknown keys carry line numbers', () => {
  assert.throws(
    () => parseTargets('flows:\n  - name: a\n    targets: { p95: 1s\n', 't.yaml'),
    (err: unknown) => {
      const e = err instanceof InputErrors ? err.errors[0] : err;
      return e instanceof InputError && e.location.file === 't.yaml' && (e.location.line ?? 0) >= 3;
    },
  );
  assert.throws(
    () => parseTargets('flows:\n  - name: a\n    targtes: {}\n', 't.yaml'),
    (err: unknown) => {
      // The unknown key itself, not the mapping that holds it.
      const e = err instanceof InputErrors ? err.errors[0] : err;
      return e instanceof InputError && e.location.line === 3 && /targtes/.test(e.message);
    },
  );
  assert.throws(() => parseTargets('', 't.yaml'), /empty/);
});
