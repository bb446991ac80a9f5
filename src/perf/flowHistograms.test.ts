import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  minSamplesFor,
  nearestRank,
  newHistogram,
  percentileCiRanks,
  RELATIVE_PRECISION,
  recordFast,
  valuesAtRanks,
} from './flowHistograms.js';

function exactNearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? Number.NaN;
}

test('histogram percentiles match exact nearest-rank percentiles within the stated precision', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 3_600_000_000 }), { minLength: 1, maxLength: 400 }),
      fc.constantFrom(50, 90, 95, 99, 99.9, 100),
      (values, p) => {
        const h = newHistogram();
        for (const v of values) h.recordValue(v);
        const exact = exactNearestRank(values, p);
        const [got] = valuesAtRanks(h, [nearestRank(p, values.length)]);
        assert.ok(got !== undefined && got >= exact, `p${p}: ${got} below exact ${exact}`);
        assert.ok(got <= exact * (1 + RELATIVE_PRECISION), `p${p}: ${got} vs exact ${exact}`);
      },
    ),
    { numRuns: 300 },
  );
});

test('nearest rank is ceil(p·n) clamped to 1..n', () => {
  assert.equal(nearestRank(95, 100), 95);
  assert.equal(nearestRank(95, 101), 96);
  assert.equal(nearestRank(50, 1), 1);
  assert.equal(nearestRank(0, 10), 1);
  assert.equal(nearestRank(100, 10), 10);
});

test('minimum samples per percentile: the 95% interval ends below the largest sample', () => {
  assert.deepEqual(
    [50, 90, 95, 99].map((p) => minSamplesFor(p)),
    [9, 54, 110, 555],
  );
});

test('confidence interval ranks bracket the percentile and narrow with more samples', () => {
  const [lo1, hi1] = percentileCiRanks(95, 1000);
  assert.ok(lo1 < 950 && hi1 > 950);
  const [lo2, hi2] = percentileCiRanks(95, 100_000);
  assert.ok((hi2 - lo2) / 100_000 < (hi1 - lo1) / 1000);
  const [lo3, hi3] = percentileCiRanks(99, 10);
  assert.equal(lo3 >= 1, true);
  assert.equal(hi3, 11, 'n + 1: ten samples cannot bound p99 from above');
});

test('recordFast puts every value in the same bucket as recordValue', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2 ** 33 })), {
        maxLength: 200,
      }),
      fc.constantFrom(2, 3),
      (values, digits) => {
        const a = newHistogram(digits);
        const b = newHistogram(digits);
        for (const v of values) {
          a.recordValue(v);
          recordFast(b, v);
        }
        assert.equal(b.totalCount, a.totalCount);
        assert.equal(b.maxValue, a.maxValue);
        assert.equal(b.minNonZeroValue, a.minNonZeroValue);
        for (const p of [1, 25, 50, 90, 99, 100])
          assert.equal(b.getValueAtPercentile(p), a.getValueAtPercentile(p));
      },
    ),
    { numRuns: 300 },
  );
});
