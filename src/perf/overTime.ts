import { type FlowAcc, minSamplesFor, nearestRank, type RunRecorder, WindowAcc } from './flowHistograms.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

/**
 * The over-time view: the run cut into windows of equal width counted from its first sample (not
 * from clock minutes), each window's throughput over the part of it the run covers, and its
 * percentiles from the same three-digit buckets as the run's (so they are as exact, and a window
 * holding every sample reads the run's figure). These structures feed the text tables and charts.
 */

export interface WindowPercentile {
  ms: number | null;
  /** False below the percentile's sample floor (minSamplesFor): shown, but one sample moves it. */
  enough: boolean;
}

export interface WindowFigure {
  /** Start of the part of the window the run covers, ms since the epoch. */
  startMs: number;
  /** End of that part: the next window's start, or for the last one where the run stops. */
  endMs: number;
  count?: number;
  errors?: number;
  /** Requests per second over [startMs, endMs). */
  throughput: number;
  /** Percent. */
  errorRate?: number;
  /** p95 when the window has at least its sample floor (200), else null. */
  p95Ms?: number | null;
  meanMs?: number | null;
  minMs?: number | null;
  maxMs?: number | null;
  percentiles?: Partial<Record<PercentileKey, WindowPercentile>>;
  /** Mean of the active threads (JMeter's allThreads) or users (Locust's User Count) in the window. */
  activeUsers?: number;
  /** Failed samples by response code (`''`: the sample had none), when the window had failures. */
  errorCodes?: Record<string, number>;
}

export interface Windowing {
  /** Width of a window, s; wider than asked when the run needed more than MAX_WINDOWS. */
  windowSec: number;
  requestedSec: number;
  /** Start of the first window (the run's first sample), ms since the epoch; null without times. */
  originMs: number | null;
  /**
   * 'samples': windows cut from the samples here. 'reported': one row of the tool's history per
   * window (Locust's stats history), whose percentiles may cover a rolling span (rollingSec).
   */
  source: 'samples' | 'reported';
  /** Reported rows: the usual interval between them, s. */
  rowIntervalSec?: number;
  /**
   * What a reported window's percentiles cover: the `rollingSec` before the window's end (Locust
   * with --csv-full-history), or the run from its start to the window's end (Locust's default).
   */
  percentileSpan?: 'rolling' | 'since-start';
  rollingSec?: number;
}

/** The p of each percentile key. */
export const P_VALUES: Record<PercentileKey, number> = { p50: 50, p90: 90, p95: 95, p99: 99 };
const P = P_VALUES;

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Microseconds from a histogram to the milliseconds a summary shows (see summary.ts). */
export type ToMs = (us: number) => number;

/** Window k of the grid: where its covered part starts and ends. */
export interface Grid {
  keys: number[];
  startMs: number[];
  endMs: number[];
  /** Key −1 folded into window 0 (samples that started a little before the first row's). */
  fold: boolean;
}

export function gridOf(rec: RunRecorder): Grid | undefined {
  if (rec.timedCount === 0 || !Number.isFinite(rec.minKey)) return undefined;
  const W = rec.windowMs;
  // Rows come in completion order, so the first row (the origin) may have started after a slower
  // sample written later; a window of those up to half a width long joins the first window.
  const fold = rec.minKey === -1 && rec.originMs - rec.startMs <= W / 2;
  const first = fold ? 0 : rec.minKey;
  // The run covers its samples' starts up to one mean interval between starts after the last one:
  // at a steady rate every window, the last too, then shows that rate. (The run's own req/s spans
  // to the last sample's end, as JMeter computes it.)
  const n = rec.timedCount;
  const coverEnd =
    n >= 2 && rec.lastStartMs > rec.startMs
      ? rec.lastStartMs + (rec.lastStartMs - rec.startMs) / (n - 1)
      : Math.max(rec.endMs, rec.startMs + 1);
  const grid: Grid = { keys: [], startMs: [], endMs: [], fold };
  for (let k = first; k <= rec.maxKey; k++) {
    const ws = rec.originMs + k * W;
    const s = k === first ? rec.startMs : ws;
    const e = Math.max(Math.min(ws + W, coverEnd), s + 1);
    grid.keys.push(k);
    grid.startMs.push(s);
    grid.endMs.push(e);
  }
  return grid;
}

function windowAt(windows: Map<number, WindowAcc>, key: number, fold: boolean): WindowAcc | undefined {
  const w = windows.get(key);
  if (!fold || key !== 0) return w;
  const before = windows.get(-1);
  if (!before) return w;
  const merged = new WindowAcc();
  merged.add(before);
  if (w) merged.add(w);
  return merged;
}

/** Every window of the grid for one flow (or the run), empty ones included so a chart shows the gap. */
export function windowFigures(windows: Map<number, WindowAcc>, grid: Grid, toMs: ToMs): WindowFigure[] {
  return grid.keys.map((key, j) => {
    const startMs = grid.startMs[j] as number;
    const endMs = grid.endMs[j] as number;
    const w = windowAt(windows, key, grid.fold);
    const count = w?.count ?? 0;
    const errors = w?.errors ?? 0;
    const fig: WindowFigure = {
      startMs,
      endMs,
      count,
      errors,
      throughput: round(count / ((endMs - startMs) / 1000)),
      errorRate: count ? round((errors / count) * 100, 4) : 0,
      p95Ms: null,
      meanMs: null,
      minMs: null,
      maxMs: null,
    };
    if (w?.errorCodes) fig.errorCodes = Object.fromEntries(w.errorCodes);
    const h = w?.hist;
    if (!w || !h || h.count === 0) return fig;
    const n = h.count;
    const values = h.valuesAtRanks(PERCENTILES.map((k) => nearestRank(P[k], n)));
    const percentiles: Partial<Record<PercentileKey, WindowPercentile>> = {};
    PERCENTILES.forEach((k, i) => {
      percentiles[k] = { ms: toMs(values[i] as number), enough: n >= minSamplesFor(P[k]) };
    });
    fig.percentiles = percentiles;
    fig.p95Ms = percentiles.p95?.enough ? (percentiles.p95.ms ?? null) : null;
    fig.meanMs = round(w.sumUs / n / 1000);
    if (w.threadsN > 0) fig.activeUsers = round(w.threadsSum / w.threadsN, 2);
    fig.minMs = toMs(h.min);
    fig.maxMs = toMs(h.max);
    return fig;
  });
}

/** The run's windows: the sum of its flows' (transactions left out, as from the totals). */
export function runWindows(flows: readonly (FlowAcc | undefined)[]): Map<number, WindowAcc> {
  const out = new Map<number, WindowAcc>();
  for (const f of flows) {
    if (!f || f.reported || f.transaction) continue;
    for (const [k, w] of f.windows) {
      let o = out.get(k);
      if (!o) {
        o = new WindowAcc();
        out.set(k, o);
      }
      o.add(w);
    }
  }
  return out;
}
