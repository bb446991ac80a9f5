import {
  type FlowAcc,
  MAX_FLOW_WINDOWS,
  MAX_WINDOWS,
  minSamplesFor,
  nearestRank,
  newHistogram,
  percentileCiRanks,
  RELATIVE_PRECISION,
  type RunRecorder,
  valuesAtRanks,
} from './flowHistograms.js';
import { historyWindows, LOCUST_ROLLING_SEC, rowIntervalMs } from './historyWindows.js';
import {
  type Grid,
  gridOf,
  P_VALUES,
  runWindows,
  type ToMs,
  type WindowFigure,
  type Windowing,
  windowFigures,
} from './overTime.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

export { P_VALUES, type WindowFigure, type Windowing };

export type Exactness =
  /** From every sample, through a histogram: exact within its precision. */
  | 'samples'
  /** Copied from the tool's own report (Locust, k6 summary): no samples, no confidence interval. */
  | 'reported'
  /** Several reported entries in one flow: percentiles cannot be merged, the largest is an upper bound. */
  | 'reported-upper-bound';

export interface PercentileFigure {
  ms: number | null;
  /** False when there are fewer samples than `minSamples` (see minSamplesFor). */
  enough: boolean;
  minSamples: number;
  /** 95% confidence interval in ms, only when computed from samples. */
  ci?: [number, number];
}

export interface FlowFigures {
  flow: string;
  count: number;
  errors: number;
  /** Percent. */
  errorRate: number;
  /** Requests per second over the whole run; null when the source has no timestamps. */
  throughput: number | null;
  /**
   * Requests per second over the flow's own span, first sample start to last sample end, as
   * JMeter's dashboard computes it; absent without timestamps or for reported figures.
   */
  flowThroughput?: number;
  meanMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  /** KB (1,024 bytes) a second received and sent, over the whole run as `throughput`; absent without the columns. */
  receivedKBps?: number;
  sentKBps?: number;
  percentiles: Record<PercentileKey, PercentileFigure>;
  exactness: Exactness;
  windows: WindowFigure[];
  /** A JMeter Transaction Controller's rows: its requests have rows of their own, so it is not in the totals. */
  transaction?: true;
  /** Failed samples by response code and message, most frequent first (absent: none recorded). */
  errorTypes?: ErrorType[];
}

export interface ErrorType {
  /** The response code (JMeter's responseCode; from Locust's error text when it has one). */
  code: string | null;
  /** JMeter's failureMessage (an assertion's) or else its responseMessage; Locust's error text. */
  message: string;
  count: number;
}

/** Error types from `code \n message` keys (see RunRecorder.addErrorType), most frequent first. */
function errorTypesOf(maps: readonly Map<string, number>[]): { errorTypes?: ErrorType[] } {
  const sum = new Map<string, number>();
  for (const m of maps) for (const [k, n] of m) sum.set(k, (sum.get(k) ?? 0) + n);
  if (sum.size === 0) return {};
  const out = [...sum].map(([k, count]) => {
    const cut = k.indexOf('\n');
    const code = k.slice(0, cut);
    return { code: code === '' ? null : code, message: k.slice(cut + 1), count };
  });
  out.sort((a, b) => b.count - a.count || a.message.localeCompare(b.message));
  return { errorTypes: out };
}

export interface SourceInfo {
  name: string;
  format: string;
  gzip?: boolean;
  rows: number;
}

export interface RunSummary {
  sources: SourceInfo[];
  startMs: number | null;
  endMs: number | null;
  durationSec: number | null;
  /** Width of the over-time windows, s (as windowing.windowSec). */
  windowSec: number;
  windowing: Windowing;
  flows: FlowFigures[];
  overall: FlowFigures;
  unmatched: { count: number; labels: string[] };
  skipped: { total: number; reasons: { reason: string; count: number; where: string[] }[] };
  notes: string[];
  precision: string;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

const fractional: ToMs = (us) => round(us / 1000);
/**
 * For whole-millisecond samples: the value a rank reads is the top of its bucket, at most 0.1% above
 * the sample, so the sample is the whole millisecond at or below it (exactly so below about 2 s,
 * where buckets are narrower than a millisecond).
 */
const wholeMs: ToMs = (us) => Math.floor(us / 1000 + 1e-9);

function sampledFigures(
  name: string,
  acc: {
    count: number;
    errors: number;
    sumUs: number;
    bytes?: number;
    bytesN?: number;
    sentBytes?: number;
    sentN?: number;
    hist: FlowAcc['hist'];
    firstMs?: number;
    lastMs?: number;
  },
  durationSec: number | null,
  windows: WindowFigure[],
  toMs: ToMs,
): FlowFigures {
  const n = acc.hist.totalCount;
  const percentiles = {} as Record<PercentileKey, PercentileFigure>;
  for (const key of PERCENTILES) {
    const p = P_VALUES[key];
    const minSamples = minSamplesFor(p);
    if (n === 0) {
      percentiles[key] = { ms: null, enough: false, minSamples };
      continue;
    }
    const [lo, hi] = percentileCiRanks(p, n);
    const [v, l, h] = valuesAtRanks(acc.hist, [nearestRank(p, n), lo, Math.min(hi, n)]).map((us) =>
      toMs(us ?? 0),
    );
    percentiles[key] = {
      ms: v ?? null,
      enough: n >= minSamples,
      minSamples,
      // No interval when its top lies above the largest sample (too few samples to bound it).
      ...(hi <= n ? { ci: [l ?? 0, h ?? 0] as [number, number] } : {}),
    };
  }
  return {
    flow: name,
    count: acc.count,
    errors: acc.errors,
    errorRate: acc.count ? round((acc.errors / acc.count) * 100, 4) : 0,
    throughput: durationSec ? round(acc.count / durationSec) : null,
    ...ownSpan(acc),
    ...kbps(acc, durationSec),
    // From the exact sum, not the histogram (whose mean is of bucket midpoints).
    meanMs: n ? round(acc.sumUs / n / 1000) : null,
    minMs: n ? toMs(acc.hist.minNonZeroValue) : null,
    maxMs: n ? toMs(acc.hist.maxValue) : null,
    percentiles,
    exactness: 'samples',
    windows,
  };
}

function kbps(
  acc: { bytes?: number; bytesN?: number; sentBytes?: number; sentN?: number },
  durationSec: number | null,
): { receivedKBps?: number; sentKBps?: number } {
  if (!durationSec) return {};
  return {
    ...(acc.bytesN ? { receivedKBps: round((acc.bytes ?? 0) / 1024 / durationSec, 2) } : {}),
    ...(acc.sentN ? { sentKBps: round((acc.sentBytes ?? 0) / 1024 / durationSec, 2) } : {}),
  };
}

function ownSpan(acc: { count: number; firstMs?: number; lastMs?: number }): { flowThroughput?: number } {
  const first = acc.firstMs ?? Number.POSITIVE_INFINITY;
  const last = acc.lastMs ?? Number.NEGATIVE_INFINITY;
  if (!(last > first)) return {};
  // At least 1 ms, as for the run: one sample spans its own latency.
  return { flowThroughput: round(acc.count / (Math.max(last - first, 1) / 1000)) };
}

function reportedFigures(
  f: FlowAcc,
  durationSec: number | null,
  windows: (f: FlowAcc) => WindowFigure[],
): FlowFigures {
  const r = f.reported;
  if (!r) throw new Error('reportedFigures without reported stats');
  const percentiles = {} as Record<PercentileKey, PercentileFigure>;
  for (const key of PERCENTILES) {
    const minSamples = minSamplesFor(P_VALUES[key]);
    const ms = r.percentilesMs[key];
    percentiles[key] = { ms: ms ?? null, enough: r.count >= minSamples, minSamples };
  }
  return {
    flow: f.name,
    count: r.count,
    errors: r.errors,
    errorRate: r.count ? round((r.errors / r.count) * 100, 4) : 0,
    throughput: durationSec ? round(r.count / durationSec) : null,
    ...(r.receivedBytes !== undefined && durationSec
      ? { receivedKBps: round(r.receivedBytes / 1024 / durationSec, 2) }
      : {}),
    meanMs: r.meanMs ?? null,
    minMs: r.minMs ?? null,
    maxMs: r.maxMs ?? null,
    percentiles,
    exactness: r.entries > 1 ? 'reported-upper-bound' : 'reported',
    windows: windows(f),
  };
}

export function summarize(rec: RunRecorder, sources: SourceInfo[]): RunSummary {
  const haveTimes = rec.startMs !== Number.POSITIVE_INFINITY;
  // At least 1 ms, reported durations too: a tool's 1e-300 s would make every throughput infinite.
  const measured = rec.reportedDurationSec ?? (haveTimes ? (rec.endMs - rec.startMs) / 1000 : null);
  const durationSec = measured === null ? null : Math.max(measured, 0.001);
  const toMs = rec.fractionalMs ? fractional : wholeMs;
  const flows: FlowFigures[] = [];
  const overall = {
    count: 0,
    errors: 0,
    sumUs: 0,
    bytes: 0,
    bytesN: 0,
    sentBytes: 0,
    sentN: 0,
    hist: newHistogram(),
  };
  const grid = gridOf(rec);
  const series = (windows: FlowAcc['windows']) => (grid ? windowFigures(windows, grid, toMs) : []);
  const reportedWindowing = historyWindowing(rec);
  const reportedSeries = (f: FlowAcc) =>
    f.history ? historyWindows(f.history, rec.historyRolling, reportedWindowing?.groupMs) : [];
  let anyReported = rec.reportedOverall !== undefined;
  let reportedCount = 0;
  let reportedErrors = 0;
  for (const f of rec.flows) {
    if (!f) continue;
    if (f.reported) {
      anyReported = true;
      reportedCount += f.reported.count;
      reportedErrors += f.reported.errors;
      flows.push({ ...reportedFigures(f, durationSec, reportedSeries), ...errorTypesOf([f.errorTypes]) });
      continue;
    }
    const figures = {
      ...sampledFigures(f.name, f, durationSec, series(f.windows), toMs),
      ...errorTypesOf([f.errorTypes]),
    };
    if (f.transaction) {
      flows.push({ ...figures, transaction: true });
      continue;
    }
    flows.push(figures);
    overall.count += f.count;
    overall.errors += f.errors;
    overall.sumUs += f.sumUs;
    overall.bytes += f.bytes;
    overall.bytesN += f.bytesN;
    overall.sentBytes += f.sentBytes;
    overall.sentN += f.sentN;
    overall.hist.add(f.hist);
  }
  const runErrors = errorTypesOf(rec.flows.filter((f) => f && !f.transaction).map((f) => f.errorTypes));
  let overallFigures: FlowFigures = {
    ...sampledFigures('(all)', overall, durationSec, series(runWindows(rec.flows)), toMs),
    ...runErrors,
  };
  if (rec.reportedOverall?.reported) {
    overallFigures = { ...reportedFigures(rec.reportedOverall, durationSec, reportedSeries), ...runErrors };
  } else if (anyReported && overall.count === 0) {
    overallFigures = {
      ...overallFigures,
      count: reportedCount,
      errors: reportedErrors,
      errorRate: reportedCount ? round((reportedErrors / reportedCount) * 100, 4) : 0,
      throughput: durationSec ? round(reportedCount / durationSec) : null,
      exactness: 'reported-upper-bound',
    };
  }
  return {
    sources,
    startMs: haveTimes ? rec.startMs : null,
    endMs: haveTimes ? rec.endMs : null,
    // Never rounded down to 0: a duration is positive (baseline files are checked for it).
    durationSec: durationSec === null ? null : Math.max(round(durationSec), 0.001),
    windowSec: reportedWindowing?.windowing.windowSec ?? rec.windowMs / 1000,
    windowing: reportedWindowing?.windowing ?? windowingOf(rec, grid),
    flows,
    overall: overallFigures,
    unmatched: { count: rec.unmatchedCount, labels: [...rec.unmatchedLabels] },
    skipped: {
      total: rec.skippedTotal,
      reasons: [...rec.skipped.entries()].map(([reason, e]) => ({ reason, count: e.count, where: e.where })),
    },
    notes: [
      ...rec.notes,
      ...(rec.windowMs !== rec.requestedWindowMs
        ? [
            `over-time windows widened from ${rec.requestedWindowMs / 1000} s to ${rec.windowMs / 1000} s: a run is shown in at most ${MAX_WINDOWS} windows, and ${MAX_FLOW_WINDOWS.toLocaleString('en')} over all its flows`,
          ]
        : []),
      ...(flows.some((f) => f.transaction)
        ? [
            `transactions (JMeter Transaction Controller): ${flows
              .filter((f) => f.transaction)
              .map((f) => f.flow)
              .join(
                ', ',
              )}; shown per flow, left out of (all), since the requests inside them are counted there already`,
          ]
        : []),
    ],
    precision: anyReported
      ? 'percentiles copied from the tool’s report (no samples): not checked for precision or noise'
      : `percentiles by nearest rank from HDR histograms, within ${(RELATIVE_PRECISION * 100).toFixed(2)}% of the exact value${rec.fractionalMs ? '' : ' (read as whole milliseconds, as the samples are)'}`,
  };
}

/**
 * How a stats history is cut: one window per row interval, or with --window (or a targets file's
 * window) rows grouped into windows of that width; never narrower than the rows.
 */
function historyWindowing(rec: RunRecorder): { windowing: Windowing; groupMs?: number } | undefined {
  const rows = rec.reportedOverall?.history ?? rec.flows.find((f) => f?.history)?.history;
  if (!rows) return undefined;
  const interval = rowIntervalMs(rows);
  const group =
    rec.windowExplicit && (interval === undefined || rec.requestedWindowMs > interval)
      ? rec.requestedWindowMs
      : undefined;
  if (rec.windowExplicit && interval !== undefined && rec.requestedWindowMs < interval)
    rec.note(
      `the over-time window (${rec.requestedWindowMs / 1000} s) is narrower than the stats history's rows (every ${interval / 1000} s): one window per row`,
    );
  return {
    groupMs: group,
    windowing: {
      windowSec: (group ?? interval ?? rec.requestedWindowMs) / 1000,
      requestedSec: rec.requestedWindowMs / 1000,
      originMs: rows[0]?.ms ?? null,
      source: 'reported',
      ...(interval !== undefined ? { rowIntervalSec: interval / 1000 } : {}),
      percentileSpan: rec.historyRolling ? 'rolling' : 'since-start',
      ...(rec.historyRolling ? { rollingSec: LOCUST_ROLLING_SEC } : {}),
    },
  };
}

function windowingOf(rec: RunRecorder, grid: Grid | undefined): Windowing {
  return {
    windowSec: rec.windowMs / 1000,
    requestedSec: rec.requestedWindowMs / 1000,
    originMs: grid ? (grid.startMs[0] ?? null) : null,
    source: 'samples',
  };
}
