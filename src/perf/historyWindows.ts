import type { HistoryRow } from './flowHistograms.js';
import { minSamplesFor } from './orderStatistics.js';
import { P_VALUES, type WindowFigure, type WindowPercentile } from './overTime.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

/**
 * Over-time windows from a tool's stats history (rows of running totals, see locustHistory.ts),
 * rather than from samples.
 */

/** Locust keeps the last 10 s of response times for its "current" percentiles. */
export const LOCUST_ROLLING_SEC = 10;

/** The usual interval between rows, ms (the median, so one late row does not change it). */
export function rowIntervalMs(rows: readonly HistoryRow[]): number | undefined {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const g = (rows[i]?.ms ?? 0) - (rows[i - 1]?.ms ?? 0);
    if (g > 0) gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Windows from history rows: each interval between two rows (its requests, failures and mean by
 * difference of the running totals), or, with `windowMs`, the intervals that end in each window of
 * that width from the first row, summed. A window's percentiles are those of its last row: over
 * the 10 s before it (`rolling`, 0 read as no data) or over the run up to it.
 */
export function historyWindows(
  rows: readonly HistoryRow[],
  rolling: boolean,
  windowMs?: number,
): WindowFigure[] {
  const first = rows[0];
  if (!first) return [];
  type Acc = {
    start: number;
    end: number;
    count: number;
    errors: number;
    sum: number;
    users: number[];
    last: HistoryRow;
  };
  const windows: Acc[] = [];
  let prev = first;
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i] as HistoryRow;
    if (r.ms <= prev.ms) continue;
    // A running total that went down was reset (Locust's --reset-stats): count from zero again.
    const reset = r.total < prev.total || r.failures < prev.failures;
    const count = reset ? r.total : r.total - prev.total;
    const errors = reset ? r.failures : r.failures - prev.failures;
    const sum = (r.meanMs ?? 0) * r.total - (reset ? 0 : (prev.meanMs ?? 0) * prev.total);
    const key = windowMs ? Math.floor((r.ms - first.ms - 1) / windowMs) : i;
    let w = windows[windows.length - 1];
    if (!w || (windowMs ? Math.floor((w.end - first.ms - 1) / windowMs) !== key : true)) {
      w = { start: prev.ms, end: r.ms, count: 0, errors: 0, sum: 0, users: [], last: r };
      windows.push(w);
    }
    w.end = r.ms;
    w.count += count;
    w.errors += errors;
    w.sum += sum;
    if (r.users !== undefined) w.users.push(r.users);
    w.last = r;
    prev = r;
  }
  return windows.map((w) => {
    const percentiles: Partial<Record<PercentileKey, WindowPercentile>> = {};
    // Requests the last row's percentiles cover: the 10 s before it, or the run up to it.
    const covered = rolling ? requestsBefore(rows, w.last, LOCUST_ROLLING_SEC * 1000) : w.last.total;
    for (const k of PERCENTILES) {
      const v = w.last.pct[k];
      const ms = v === undefined || (rolling && v === 0) ? null : v;
      percentiles[k] = { ms, enough: ms !== null && covered >= minSamplesFor(P_VALUES[k]) };
    }
    const p95 = percentiles.p95;
    const fig: WindowFigure = {
      startMs: w.start,
      endMs: w.end,
      count: w.count,
      errors: w.errors,
      throughput: round(w.count / ((w.end - w.start) / 1000)),
      errorRate: w.count ? round((w.errors / w.count) * 100, 4) : 0,
      // No p95 for a window without requests, or one whose figure rests on too few.
      p95Ms: w.count > 0 && p95?.enough ? p95.ms : null,
      meanMs: w.count > 0 ? round(w.sum / w.count) : null,
      minMs: null,
      maxMs: null,
      percentiles,
    };
    if (w.users.length > 0) fig.activeUsers = round(w.users.reduce((a, b) => a + b, 0) / w.users.length, 2);
    return fig;
  });
}

/** Requests counted in the `spanMs` before row `at` (by difference of the running totals). */
function requestsBefore(rows: readonly HistoryRow[], at: HistoryRow, spanMs: number): number {
  let base: HistoryRow | undefined;
  for (const r of rows) {
    if (r.ms > at.ms - spanMs) break;
    base = r;
  }
  return base && base.total <= at.total ? at.total - base.total : at.total;
}
