import {
  type FlowAcc,
  minSamplesFor,
  nearestRank,
  newHistogram,
  percentileCiRanks,
  RELATIVE_PRECISION,
  type RunRecorder,
  valuesAtRanks,
  WindowAcc,
} from './flowHistograms.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

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

export interface WindowFigure {
  startMs: number;
  count?: number;
  errors?: number;
  throughput: number;
  errorRate?: number;
  p95Ms?: number | null;
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
  percentiles: Record<PercentileKey, PercentileFigure>;
  exactness: Exactness;
  windows: WindowFigure[];
  /** A JMeter Transaction Controller's rows: its requests have rows of their own, so it is not in the totals. */
  transaction?: true;
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
  windowSec: number;
  flows: FlowFigures[];
  overall: FlowFigures;
  unmatched: { count: number; labels: string[] };
  skipped: { total: number; reasons: { reason: string; count: number; where: string[] }[] };
  notes: string[];
  precision: string;
}

export const P_VALUES: Record<PercentileKey, number> = { p50: 50, p90: 90, p95: 95, p99: 99 };
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Microseconds from a histogram to the milliseconds a summary shows. */
type ToMs = (us: number) => number;
const fractional: ToMs = (us) => round(us / 1000);
/**
 * For whole-millisecond samples: the value a rank reads is the top of its bucket, at most 0.1% above
 * the sample, so the sample is the whole millisecond at or below it (exactly so below about 2 s,
 * where buckets are narrower than a millisecond).
 */
const wholeMs: ToMs = (us) => Math.floor(us / 1000 + 1e-9);

function sampledFigures(
  name: string,
  acc: { count: number; errors: number; hist: FlowAcc['hist']; firstMs?: number; lastMs?: number },
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
    const [v, l, h] = valuesAtRanks(acc.hist, [nearestRank(p, n), lo, hi]).map((us) => toMs(us ?? 0));
    percentiles[key] = {
      ms: v ?? null,
      enough: n >= minSamples,
      minSamples,
      ci: [l ?? 0, h ?? 0],
    };
  }
  return {
    flow: name,
    count: acc.count,
    errors: acc.errors,
    errorRate: acc.count ? round((acc.errors / acc.count) * 100, 4) : 0,
    throughput: durationSec ? round(acc.count / durationSec) : null,
    ...ownSpan(acc),
    // The histogram's mean is of bucket midpoints and can lie above the largest sample: clamp it.
    meanMs: n
      ? round(Math.min(Math.max(acc.hist.mean, acc.hist.minNonZeroValue), acc.hist.maxValue) / 1000)
      : null,
    minMs: n ? toMs(acc.hist.minNonZeroValue) : null,
    maxMs: n ? toMs(acc.hist.maxValue) : null,
    percentiles,
    exactness: 'samples',
    windows,
  };
}

function ownSpan(acc: { count: number; firstMs?: number; lastMs?: number }): { flowThroughput?: number } {
  const first = acc.firstMs ?? Number.POSITIVE_INFINITY;
  const last = acc.lastMs ?? Number.NEGATIVE_INFINITY;
  if (!(last > first)) return {};
  // At least 1 ms, as for the run: one sample spans its own latency.
  return { flowThroughput: round(acc.count / (Math.max(last - first, 1) / 1000)) };
}

function windowFigures(windows: Map<number, WindowAcc>, windowMs: number, toMs: ToMs): WindowFigure[] {
  return [...windows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, w]) => {
      const n = w.hist.totalCount;
      return {
        startMs: key * windowMs,
        count: w.count,
        errors: w.errors,
        throughput: round(w.count / (windowMs / 1000)),
        errorRate: w.count ? round((w.errors / w.count) * 100, 4) : 0,
        p95Ms: n >= minSamplesFor(95) ? toMs(valuesAtRanks(w.hist, [nearestRank(95, n)])[0] ?? 0) : null,
      };
    });
}

function reportedFigures(f: FlowAcc, durationSec: number | null): FlowFigures {
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
    meanMs: r.meanMs ?? null,
    minMs: r.minMs ?? null,
    maxMs: r.maxMs ?? null,
    percentiles,
    exactness: r.entries > 1 ? 'reported-upper-bound' : 'reported',
    windows: (f.reportedWindows ?? []).map((w) => ({ ...w })),
  };
}

export function summarize(rec: RunRecorder, sources: SourceInfo[]): RunSummary {
  const haveTimes = rec.startMs !== Number.POSITIVE_INFINITY;
  // At least 1 ms, reported durations too: a tool's 1e-300 s would make every throughput infinite.
  const measured = rec.reportedDurationSec ?? (haveTimes ? (rec.endMs - rec.startMs) / 1000 : null);
  const durationSec = measured === null ? null : Math.max(measured, 0.001);
  const toMs = rec.fractionalMs ? fractional : wholeMs;
  const flows: FlowFigures[] = [];
  const overall = { count: 0, errors: 0, hist: newHistogram() };
  const overallWindows = new Map<number, WindowAcc>();
  let anyReported = rec.reportedOverall !== undefined;
  let reportedCount = 0;
  let reportedErrors = 0;
  for (const f of rec.flows) {
    if (!f) continue;
    if (f.reported) {
      anyReported = true;
      reportedCount += f.reported.count;
      reportedErrors += f.reported.errors;
      flows.push(reportedFigures(f, durationSec));
      continue;
    }
    const figures = sampledFigures(
      f.name,
      f,
      durationSec,
      windowFigures(f.windows, rec.windowMs, toMs),
      toMs,
    );
    if (f.transaction) {
      flows.push({ ...figures, transaction: true });
      continue;
    }
    flows.push(figures);
    overall.count += f.count;
    overall.errors += f.errors;
    overall.hist.add(f.hist);
    for (const [k, w] of f.windows) {
      let o = overallWindows.get(k);
      if (!o) {
        o = new WindowAcc();
        overallWindows.set(k, o);
      }
      o.count += w.count;
      o.errors += w.errors;
      o.hist.add(w.hist);
    }
  }
  let overallFigures = sampledFigures(
    '(all)',
    overall,
    durationSec,
    windowFigures(overallWindows, rec.windowMs, toMs),
    toMs,
  );
  if (rec.reportedOverall?.reported) {
    overallFigures = reportedFigures(rec.reportedOverall, durationSec);
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
    windowSec: rec.windowMs / 1000,
    flows,
    overall: overallFigures,
    unmatched: { count: rec.unmatchedCount, labels: [...rec.unmatchedLabels] },
    skipped: {
      total: rec.skippedTotal,
      reasons: [...rec.skipped.entries()].map(([reason, e]) => ({ reason, count: e.count, where: e.where })),
    },
    notes: [
      ...rec.notes,
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
