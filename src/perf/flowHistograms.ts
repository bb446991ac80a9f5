import { createRequire } from 'node:module';
import type { Int32Histogram as Int32HistogramClass, JsHistogram } from 'hdr-histogram-js';
import { FlowMatcher, UNMATCHED } from './flowMatcher.js';
import { sampleProblem } from './limits.js';
import type { PercentileKey, Targets } from './targetsFile.js';

/**
 * Latencies are recorded in microseconds so that k6's fractional milliseconds and JMeter's whole
 * milliseconds share one histogram type. Three significant digits: any reported value is within
 * 0.1% (1 part in 1024) of the exact sample at that rank.
 */
export const SIGNIFICANT_DIGITS = 3;
export const RELATIVE_PRECISION = 1 / 1024;
// Windows only feed the over-time view, where two digits (1%) are plenty and memory is 8x smaller.
const WINDOW_DIGITS = 2;

// The package's index also loads its WebAssembly build and log codecs, ~40 ms at every start and
// again in every parsing worker; only this class is used. (A test records through it.)
const { default: Int32Histogram } = createRequire(import.meta.url)(
  'hdr-histogram-js/dist/Int32Histogram.js',
) as { default: typeof Int32HistogramClass };

export function newHistogram(digits = SIGNIFICANT_DIGITS): JsHistogram {
  const h = new Int32Histogram(1, 2 ** 32, digits);
  h.autoResize = true;
  return h;
}

/**
 * recordValue of hdr-histogram-js computes the bucket with Math.log2 and Math.pow, which was half
 * of the JTL hot path. This is the same index (lowestDiscernibleValue 1, so unitMagnitude 0) with
 * integer bit operations; values beyond the current array go through recordValue to auto-resize.
 * A test checks it against recordValue.
 */
export function recordFast(h: JsHistogram, value: number): void {
  if (value >= 0x80000000) {
    h.recordValue(value);
    return;
  }
  const half = h.subBucketHalfCountMagnitude;
  const bucket = Math.max(31 - Math.clz32(value) - half, 0);
  const index = ((bucket + 1) << half) + (value >>> bucket) - h.subBucketHalfCount;
  if (index >= h.countsArrayLength) {
    h.recordValue(value);
    return;
  }
  h.incrementCountAtIndex(index);
  if (value > h.maxValue || value < h.minNonZeroValue) h.updateMinAndMax(value);
  h.incrementTotalCount();
}

export interface ReportedStats {
  count: number;
  errors: number;
  meanMs?: number;
  minMs?: number;
  maxMs?: number;
  percentilesMs: Partial<Record<PercentileKey, number>>;
  /** How many entries of the tool's report were folded into this flow. */
  entries: number;
}

export interface ReportedWindow {
  startMs: number;
  throughput: number;
  errorRate?: number;
  p95Ms?: number;
}

export class WindowAcc {
  count = 0;
  errors = 0;
  readonly hist = newHistogram(WINDOW_DIGITS);
}

export class FlowAcc {
  count = 0;
  errors = 0;
  readonly hist = newHistogram();
  readonly windows = new Map<number, WindowAcc>();
  reported?: ReportedStats;
  reportedWindows?: ReportedWindow[];
  /** A Transaction Controller's rows: shown as a flow, left out of the run's totals. */
  transaction = false;
  /** The flow's own first sample start and last sample end (ms), as JMeter's dashboard spans a flow. */
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  // Samples arrive roughly in time order: the window of the previous one is usually the right one.
  lastKey = Number.NaN;
  lastWindow: WindowAcc | undefined;
  constructor(readonly name: string) {}
}

export interface SkipEntry {
  count: number;
  /** The first few places, `file:line`, so a user can look. */
  where: string[];
}

/** Collects samples from any parser into histograms per flow and per time window. */
export class RunRecorder {
  readonly matcher: FlowMatcher;
  readonly windowMs: number;
  readonly flows: FlowAcc[] = [];
  readonly skipped = new Map<string, SkipEntry>();
  readonly notes = new Set<string>();
  unmatchedCount = 0;
  readonly unmatchedLabels = new Set<string>();
  startMs = Number.POSITIVE_INFINITY;
  endMs = Number.NEGATIVE_INFINITY;
  /** Reported (not sampled) run duration, when the tool states it. */
  reportedDurationSec?: number;
  /**
   * Set by the first latency that is not a whole millisecond. Until then (JMeter writes whole
   * milliseconds) the summary reads figures as whole milliseconds: the histogram's bucket edges
   * would otherwise print 200 ms as 200.127.
   */
  fractionalMs = false;

  constructor(targets?: Targets, windowMs?: number) {
    this.matcher = new FlowMatcher(targets);
    this.windowMs = windowMs ?? targets?.windowMs ?? 60_000;
  }

  flow(id: number): FlowAcc {
    let f = this.flows[id];
    if (!f) {
      f = new FlowAcc(this.matcher.names[id] ?? `#${id}`);
      this.flows[id] = f;
    }
    return f;
  }

  markTransaction(flowId: number): void {
    if (flowId !== UNMATCHED) this.flow(flowId).transaction = true;
  }

  unmatched(label: string): void {
    this.unmatchedCount++;
    if (this.unmatchedLabels.size < 20) this.unmatchedLabels.add(label);
  }

  /**
   * The hot path: called once per sample. `startMs` may be NaN when the source has no timestamps.
   * Readers check the values with sampleProblem() first, to skip the row with its line; a value
   * out of range that reaches here anyway is not recorded (the histogram cannot hold it), and the
   * reason is returned.
   */
  add(flowId: number, startMs: number, latencyUs: number, ok: boolean): string | undefined {
    const problem = sampleProblem(startMs, latencyUs);
    if (problem) return problem;
    if (flowId === UNMATCHED) return undefined;
    if (!this.fractionalMs && latencyUs % 1000 !== 0) this.fractionalMs = true;
    const f = this.flows[flowId] ?? this.flow(flowId);
    f.count++;
    if (!ok) f.errors++;
    const v = latencyUs < 1 ? 1 : Math.round(latencyUs);
    recordFast(f.hist, v);
    if (!Number.isNaN(startMs)) {
      if (startMs < this.startMs) this.startMs = startMs;
      const end = startMs + latencyUs / 1000;
      if (end > this.endMs) this.endMs = end;
      if (startMs < f.firstMs) f.firstMs = startMs;
      if (end > f.lastMs) f.lastMs = end;
      const key = Math.floor(startMs / this.windowMs);
      let w = key === f.lastKey ? f.lastWindow : f.windows.get(key);
      if (!w) {
        w = new WindowAcc();
        f.windows.set(key, w);
      }
      f.lastKey = key;
      f.lastWindow = w;
      w.count++;
      if (!ok) w.errors++;
      recordFast(w.hist, v);
    }
    return undefined;
  }

  /** The whole run as a tool reported it (Locust's "Aggregated" row, k6's summary). */
  reportedOverall?: FlowAcc;

  reportedOverallFlow(): FlowAcc {
    this.reportedOverall ??= new FlowAcc('(all)');
    return this.reportedOverall;
  }

  /**
   * Folds a tool's reported figures into a flow. Percentiles of several entries cannot be merged;
   * the largest is kept because a mixture's percentile never exceeds the largest of its parts'.
   */
  addReported(flowId: number, s: ReportedStats): void {
    const f = this.flow(flowId);
    const r = f.reported;
    if (!r) {
      f.reported = { ...s, percentilesMs: { ...s.percentilesMs } };
      return;
    }
    const total = r.count + s.count;
    if (r.meanMs !== undefined && s.meanMs !== undefined && total > 0)
      r.meanMs = (r.meanMs * r.count + s.meanMs * s.count) / total;
    r.count = total;
    r.errors += s.errors;
    if (s.minMs !== undefined) r.minMs = Math.min(r.minMs ?? s.minMs, s.minMs);
    if (s.maxMs !== undefined) r.maxMs = Math.max(r.maxMs ?? s.maxMs, s.maxMs);
    for (const [k, v] of Object.entries(s.percentilesMs) as [PercentileKey, number][])
      r.percentilesMs[k] = Math.max(r.percentilesMs[k] ?? v, v);
    r.entries += s.entries;
  }

  skip(reason: string, where: string): void {
    let e = this.skipped.get(reason);
    if (!e) {
      e = { count: 0, where: [] };
      this.skipped.set(reason, e);
    }
    e.count++;
    if (e.where.length < 5) e.where.push(where);
  }

  note(message: string): void {
    this.notes.add(message);
  }

  get skippedTotal(): number {
    let n = 0;
    for (const e of this.skipped.values()) n += e.count;
    return n;
  }
}

/**
 * Values (µs) at the given 1-based ranks, in one pass over the buckets. Each is the highest value
 * equivalent to the sample at that rank, clamped to the recorded min and max, so it is never below
 * the exact value and above it by at most the histogram's precision.
 */
export function valuesAtRanks(h: JsHistogram, ranks: readonly number[]): number[] {
  const order = ranks.map((r, i) => ({ r, i })).sort((a, b) => a.r - b.r);
  const out = new Array<number>(ranks.length).fill(Number.NaN);
  let k = 0;
  let cum = 0;
  for (let i = 0; i < h.countsArrayLength && k < order.length; i++) {
    const c = h.getCountAtIndex(i);
    if (c === 0) continue;
    cum += c;
    while (k < order.length) {
      const want = order[k];
      if (!want || want.r > cum) break;
      const v = h.highestEquivalentValue(h.valueFromIndex(i));
      out[want.i] = Math.max(h.minNonZeroValue, Math.min(v, h.maxValue));
      k++;
    }
  }
  return out;
}

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
export function nearestRank(p: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n - 1e-9)));
}

/**
 * A distribution-free 95% confidence interval for the p-th percentile from order statistics (the
 * normal approximation of the binomial count of samples below it). Ranks are 1-based.
 */
export function percentileCiRanks(p: number, n: number): [number, number] {
  const q = p / 100;
  const half = 1.96 * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(1, Math.floor(n * q - half));
  const hi = Math.min(n, Math.ceil(n * q + half) + 1);
  return [lo, hi];
}

/**
 * A percentile of n samples is reported as meaningful only when at least 10 samples lie at or above
 * it: p50 needs 20 samples, p90 100, p95 200, p99 1000. Below that a single sample moves it.
 */
export function minSamplesFor(p: number): number {
  return Math.ceil(10 / (1 - p / 100) - 1e-9);
}
