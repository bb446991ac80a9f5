import { createRequire } from 'node:module';
import type { Int32Histogram as Int32HistogramClass, JsHistogram } from 'hdr-histogram-js';
import { FlowMatcher, UNMATCHED } from './flowMatcher.js';
import { sampleProblem } from './limits.js';
import type { PercentileKey, Targets } from './targetsFile.js';
import { bucketIndex, WindowHistogram } from './windowHistogram.js';

export { minSamplesFor, nearestRank, percentileCiRanks } from './orderStatistics.js';

/**
 * Latencies are recorded in microseconds so that k6's fractional milliseconds and JMeter's whole
 * milliseconds share one histogram type. Three significant digits: any reported value is within
 * 0.1% (1 part in 1024) of the exact sample at that rank.
 */
export const SIGNIFICANT_DIGITS = 3;
export const RELATIVE_PRECISION = 1 / 1024;

/**
 * At most this many over-time windows per run: each holds a histogram per flow, so a week-long run
 * in 1 s windows would otherwise hold 600,000 of them per flow. When a run would need more, the
 * windows are widened (doubled, so the old ones nest in the new) and the summary says so.
 */
export const MAX_WINDOWS = 500;
/** And at most this many (flow, window) pairs, so 500 labels do not hold 250,000 histograms. */
export const MAX_FLOW_WINDOWS = 20_000;

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
  recordAtIndex(h, index, value);
}

/** recordFast for a three-digit histogram whose bucket index is already known (bucketIndex(value)). */
function recordAtIndex(h: JsHistogram, index: number, value: number): void {
  if (index >= h.countsArrayLength || value >= 0x80000000) {
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
  /** Bytes received, when the tool states them (Locust's average content size × requests). */
  receivedBytes?: number;
  /** How many entries of the tool's report were folded into this flow. */
  entries: number;
}

/**
 * One row of a tool's stats history (Locust's PREFIX_stats_history.csv) for a flow: running totals
 * at a moment, from which each interval's requests, failures and mean follow by difference.
 */
export interface HistoryRow {
  ms: number;
  users?: number;
  total: number;
  failures: number;
  meanMs?: number;
  minMs?: number;
  maxMs?: number;
  medianMs?: number;
  /** The percentile columns as written: 10 s rolling or since the start (see RunRecorder.historyRolling). */
  pct: Partial<Record<PercentileKey, number>>;
  /** How many of the tool's entries were summed into this row. */
  entries: number;
}

/** Distinct (response code, message) pairs kept per flow; further ones are counted as one. */
export const MAX_ERROR_TYPES = 50;
export const OTHER_ERRORS = '(other messages)';
const MAX_MESSAGE = 200;

/**
 * -0 rather than 0 for sums that outgrow a small integer (µs, bytes): V8 then holds the field as a
 * double from the start. Starting as a small integer, the first large sum changed the field's
 * representation and threw away the optimised hot path in every parsing worker (measured: a
 * recompile of 100–300 ms each on the 2-core benchmark machine).
 */
const SUM = -0;

export class WindowAcc {
  count = 0;
  errors = 0;
  /** Sum of the latencies, µs: the window's exact mean. */
  sumUs = SUM;
  /** Active threads (JMeter's allThreads) summed over the samples that carry it, and how many did. */
  threadsSum = SUM;
  threadsN = 0;
  readonly hist = new WindowHistogram();
  /** Failed samples by response code (`''` when none), made on the window's first failure. */
  errorCodes: Map<string, number> | undefined;

  add(other: WindowAcc): void {
    this.count += other.count;
    this.errors += other.errors;
    this.sumUs += other.sumUs;
    this.threadsSum += other.threadsSum;
    this.threadsN += other.threadsN;
    this.hist.add(other.hist);
    if (other.errorCodes) for (const [code, n] of other.errorCodes) this.addErrorCode(code, n);
  }

  addErrorCode(code: string, n = 1): void {
    this.errorCodes ??= new Map();
    // A window keeps a few codes: a run whose failures each carry a new code would grow it without end.
    const key = this.errorCodes.has(code) || this.errorCodes.size < MAX_WINDOW_CODES ? code : OTHER_CODES;
    this.errorCodes.set(key, (this.errorCodes.get(key) ?? 0) + n);
  }
}

/** Distinct response codes of failures kept per window; the rest count as OTHER_CODES. */
export const MAX_WINDOW_CODES = 12;
export const OTHER_CODES = 'other codes';

export class FlowAcc {
  count = 0;
  errors = 0;
  /** Sum of the latencies, µs: the flow's exact mean (a histogram's mean is of bucket midpoints). */
  sumUs = SUM;
  /** Bytes received and sent (JMeter's bytes and sentBytes), and how many samples carried each. */
  bytes = SUM;
  bytesN = 0;
  sentBytes = SUM;
  sentN = 0;
  readonly hist = newHistogram();
  readonly windows = new Map<number, WindowAcc>();
  reported?: ReportedStats;
  /** Rows of a tool's stats history (Locust), several entries of one flow summed per timestamp. */
  history?: HistoryRow[];
  /** The last history row's totals: the flow's figures when no stats file is given. */
  historyTotals?: ReportedStats;
  /** Failed samples by `code \n message` (see RunRecorder.addErrorType). */
  readonly errorTypes = new Map<string, number>();
  /** A Transaction Controller's rows: shown as a flow, left out of the run's totals. */
  transaction = false;
  /** The flow's own first sample start and last sample end (ms), as JMeter's dashboard spans a flow. */
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  // Samples arrive roughly in time order: the window of the previous one is usually the right one.
  lastKey = Number.NaN;
  lastWindow: WindowAcc | undefined;
  /** lastWindow's bounds, ms: [windowStart, windowEnd). */
  windowStart = 0;
  windowEnd = 0;
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
  readonly flows: FlowAcc[] = [];
  readonly skipped = new Map<string, SkipEntry>();
  readonly notes = new Set<string>();
  unmatchedCount = 0;
  readonly unmatchedLabels = new Set<string>();
  startMs = Number.POSITIVE_INFINITY;
  endMs = Number.NEGATIVE_INFINITY;
  /** The latest sample start, and how many samples had a timestamp: a window's covered time. */
  lastStartMs = Number.NEGATIVE_INFINITY;
  timedCount = 0;
  /**
   * Where window 0 starts: the first timestamp recorded (for a parallel read, the file's first row,
   * handed to every worker). Windows are counted from the run's start, not from clock minutes; the
   * summary moves the first window's start to the earliest sample (see overTime.ts).
   */
  originMs = Number.NaN;
  /** The window width asked for; `windowMs` is it or a doubling of it (see MAX_WINDOWS). */
  readonly requestedWindowMs: number;
  /** Asked for (--window or the targets file), not the 60 s default: a stats history is then regrouped. */
  readonly windowExplicit: boolean;
  windowMs: number;
  minKey = Number.POSITIVE_INFINITY;
  maxKey = Number.NEGATIVE_INFINITY;
  /** Windows held, over all flows. */
  windowCount = 0;
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
    this.requestedWindowMs = windowMs ?? targets?.windowMs ?? 60_000;
    this.windowExplicit = (windowMs ?? targets?.windowMs) !== undefined;
    this.windowMs = this.requestedWindowMs;
  }

  /** The window of flow `f` that holds a sample started at `startMs`, widening windows if need be. */
  windowFor(f: FlowAcc, startMs: number): WindowAcc {
    if (Number.isNaN(this.originMs)) this.originMs = startMs;
    for (;;) {
      const key = Math.floor((startMs - this.originMs) / this.windowMs);
      let w = f.windows.get(key);
      if (!w) {
        const minKey = Math.min(this.minKey, key);
        const maxKey = Math.max(this.maxKey, key);
        if (maxKey - minKey >= MAX_WINDOWS || this.windowCount >= MAX_FLOW_WINDOWS) {
          this.widen(2);
          continue;
        }
        this.minKey = minKey;
        this.maxKey = maxKey;
        w = new WindowAcc();
        f.windows.set(key, w);
        this.windowCount++;
      }
      f.lastKey = key;
      f.lastWindow = w;
      f.windowStart = this.originMs + key * this.windowMs;
      f.windowEnd = f.windowStart + this.windowMs;
      return w;
    }
  }

  /** Doubles the window width until the run's windows fit MAX_WINDOWS and MAX_FLOW_WINDOWS. */
  fitWindows(): void {
    while (this.maxKey - this.minKey >= MAX_WINDOWS || this.windowCount > MAX_FLOW_WINDOWS) this.widen(2);
  }

  /** Windows `factor` times wider; the old ones nest in the new, so the merge is exact. */
  widen(factor: number): void {
    this.windowMs *= factor;
    this.minKey = Math.floor(this.minKey / factor);
    this.maxKey = Math.floor(this.maxKey / factor);
    this.windowCount = 0;
    for (const f of this.flows) {
      if (!f) continue;
      const old = [...f.windows];
      f.windows.clear();
      for (const [k, w] of old) {
        const nk = Math.floor(k / factor);
        const into = f.windows.get(nk);
        if (into) into.add(w);
        else f.windows.set(nk, w);
      }
      f.lastKey = Number.NaN;
      f.lastWindow = undefined;
      this.windowCount += f.windows.size;
    }
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
   * reason is returned. `bytes`, `sentBytes` and `threads` (active threads) are NaN when the
   * source has no such column.
   */
  add(
    flowId: number,
    startMs: number,
    latencyUs: number,
    ok: boolean,
    bytes = Number.NaN,
    sentBytes = Number.NaN,
    threads = Number.NaN,
  ): string | undefined {
    this.failedWindow = undefined;
    const problem = sampleProblem(startMs, latencyUs);
    if (problem) return problem;
    if (flowId === UNMATCHED) return undefined;
    if (!this.fractionalMs && latencyUs % 1000 !== 0) this.fractionalMs = true;
    const f = this.flows[flowId] ?? this.flow(flowId);
    f.count++;
    if (!ok) f.errors++;
    const v = latencyUs < 1 ? 1 : Math.round(latencyUs);
    f.sumUs += v;
    if (!Number.isNaN(bytes)) {
      f.bytes += bytes;
      f.bytesN++;
    }
    if (!Number.isNaN(sentBytes)) {
      f.sentBytes += sentBytes;
      f.sentN++;
    }
    // One bucket index for the flow's histogram and the window's (the same three-digit buckets).
    const index = bucketIndex(v);
    recordAtIndex(f.hist, index, v);
    if (!Number.isNaN(startMs)) {
      if (startMs < this.startMs) this.startMs = startMs;
      if (startMs > this.lastStartMs) this.lastStartMs = startMs;
      this.timedCount++;
      const end = startMs + latencyUs / 1000;
      if (end > this.endMs) this.endMs = end;
      if (startMs < f.firstMs) f.firstMs = startMs;
      if (end > f.lastMs) f.lastMs = end;
      // Samples arrive roughly in time order: the previous sample's window is usually the right one.
      const lw = f.lastWindow;
      const w =
        lw !== undefined && Math.floor((startMs - this.originMs) / this.windowMs) === f.lastKey
          ? lw
          : this.windowFor(f, startMs);
      w.count++;
      if (!ok) {
        w.errors++;
        this.failedWindow = w;
      }
      w.sumUs += v;
      if (!Number.isNaN(threads)) {
        w.threadsSum += threads;
        w.threadsN++;
      }
      w.hist.record(index, v);
    }
    return undefined;
  }

  /**
   * add() for the JTL fast path, whose rows are a successful sample with a timestamp, whole
   * milliseconds, bytes, sent bytes and threads, every value already checked to be in range: the
   * same effect as add(flowId, startMs, elapsedMs * 1000, true, bytes, sentBytes, threads) (a test
   * runs both), without the checks and the float arithmetic, and with the window found by
   * comparing against its bounds. It was 40 ns of the ~190 a row cost.
   */
  addOk(
    flowId: number,
    startMs: number,
    elapsedMs: number,
    bytes: number,
    sentBytes: number,
    threads: number,
  ): void {
    if (flowId === UNMATCHED) return;
    const f = this.flows[flowId] ?? this.flow(flowId);
    f.count++;
    const v = elapsedMs === 0 ? 1 : elapsedMs * 1000;
    f.sumUs += v;
    f.bytes += bytes;
    f.bytesN++;
    f.sentBytes += sentBytes;
    f.sentN++;
    const index = bucketIndex(v);
    recordAtIndex(f.hist, index, v);
    if (startMs < this.startMs) this.startMs = startMs;
    if (startMs > this.lastStartMs) this.lastStartMs = startMs;
    this.timedCount++;
    const end = startMs + elapsedMs;
    if (end > this.endMs) this.endMs = end;
    if (startMs < f.firstMs) f.firstMs = startMs;
    if (end > f.lastMs) f.lastMs = end;
    let w = f.lastWindow;
    if (w === undefined || startMs < f.windowStart || startMs >= f.windowEnd) w = this.windowFor(f, startMs);
    w.count++;
    w.sumUs += v;
    w.threadsSum += threads;
    w.threadsN++;
    w.hist.record(index, v);
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
    if (r.receivedBytes !== undefined && s.receivedBytes !== undefined) r.receivedBytes += s.receivedBytes;
    else delete r.receivedBytes;
    if (s.minMs !== undefined) r.minMs = Math.min(r.minMs ?? s.minMs, s.minMs);
    if (s.maxMs !== undefined) r.maxMs = Math.max(r.maxMs ?? s.maxMs, s.maxMs);
    for (const [k, v] of Object.entries(s.percentilesMs) as [PercentileKey, number][])
      r.percentilesMs[k] = Math.max(r.percentilesMs[k] ?? v, v);
    r.entries += s.entries;
  }

  /**
   * Counts failed samples of a flow by response code and message. Messages are cut at 200
   * characters and at most MAX_ERROR_TYPES are kept per flow (messages that carry ids or times
   * would otherwise grow without bound); the rest are counted under OTHER_ERRORS.
   */
  /**
   * A failed sample's code and message, right after `add` recorded it (a parser calls both in a
   * row): counted by type for its flow, and by code in the sample's window.
   */
  addSampleError(flowId: number, code: string | null, message: string): void {
    if (flowId === UNMATCHED) return;
    this.addErrorType(flowId, code, message);
    this.failedWindow?.addErrorCode(code ?? '');
  }

  /** The window of the failed sample `add` just recorded (none when it had no time, or passed). */
  private failedWindow: WindowAcc | undefined;

  addErrorType(flowId: number, code: string | null, message: string, n = 1): void {
    if (flowId === UNMATCHED) return;
    const f = this.flows[flowId] ?? this.flow(flowId);
    const msg = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
    let key = `${code ?? ''}\n${msg}`;
    if (!f.errorTypes.has(key) && f.errorTypes.size >= MAX_ERROR_TYPES)
      key = `${code ?? ''}\n${OTHER_ERRORS}`;
    f.errorTypes.set(key, (f.errorTypes.get(key) ?? 0) + n);
  }

  /** A history's rows do not say whether --csv-full-history was on; its per-request rows do. */
  historyRolling = false;
  /** The last Aggregated history row: its time and request count, to check against the stats file. */
  historyEnd?: { ms: number; count: number; file: string };
  /** The history's first to last row, s: the run's duration when no stats file gives one. */
  historySpanSec?: number;

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
