import { minSamplesFor } from './orderStatistics.js';
import type { ErrorType, FlowFigures, RunSummary } from './summary.js';
import { PERCENTILES } from './targetsFile.js';

/**
 * The tables of a run summary as cells, one home for text, Markdown and HTML: per flow what JMeter's
 * and Locust's own reports lead with (counts, rates, mean, min, percentiles, max, KB/s), the errors
 * by response code and message, and the run over time.
 */

export interface TableModel {
  title?: string;
  head: string[];
  rows: string[][];
  /** Leading columns of text (left-aligned in plain text); 1 when absent. */
  left?: number;
}

export const num = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x.toFixed(d)).toString();

function pct(f: FlowFigures, key: (typeof PERCENTILES)[number]): string {
  const p = f.percentiles[key];
  if (p.ms === null) return '–';
  const mark = f.exactness === 'reported-upper-bound' ? '≤' : '';
  return `${mark}${num(p.ms)}${p.enough ? '' : '*'}`;
}

/** One row per flow and one for the run. KB/s columns only when the data has byte counts. */
export function summaryTable(s: RunSummary): TableModel {
  const flows = [...s.flows, s.overall];
  const received = flows.some((f) => f.receivedKBps !== undefined);
  const sent = flows.some((f) => f.sentKBps !== undefined);
  const head = [
    'flow',
    'count',
    'errors',
    'error %',
    'req/s',
    'own req/s',
    ...(received ? ['KB/s in'] : []),
    ...(sent ? ['KB/s out'] : []),
    'mean ms',
    'min ms',
    'p50 ms',
    'p90 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
  ];
  const rows = flows.map((f) => [
    f.transaction ? `${f.flow} (transaction)` : f.flow,
    String(f.count),
    String(f.errors),
    `${num(f.errorRate, 2)}%`,
    num(f.throughput, 2),
    num(f.flowThroughput, 2),
    ...(received ? [num(f.receivedKBps, 2)] : []),
    ...(sent ? [num(f.sentKBps, 2)] : []),
    num(f.meanMs),
    num(f.minMs),
    ...PERCENTILES.map((k) => pct(f, k)),
    num(f.maxMs),
  ]);
  return { head, rows };
}

/** Messages are kept to 200 characters; a table cell shows the first 80. */
const short = (m: string) => (m.length > 80 ? `${m.slice(0, 79)}…` : m);
const share = (n: number, of: number) => (of > 0 ? `${num((n / of) * 100, 2)}%` : '–');

/**
 * The run's errors by response code and message (JMeter's dashboard "Errors" table): the ten most
 * frequent, each as a share of the errors and of all samples.
 */
export function errorsTable(s: RunSummary): TableModel | undefined {
  const types = s.overall.errorTypes ?? [];
  if (types.length === 0) return undefined;
  const rows = types
    .slice(0, 10)
    .map((e: ErrorType) => [
      e.code ?? '–',
      short(e.message) || '(no message)',
      String(e.count),
      share(e.count, s.overall.errors),
      share(e.count, s.overall.count),
    ]);
  const more = types.length - rows.length;
  return {
    title: `Errors by response code and message${more > 0 ? ` (the 10 most frequent of ${types.length})` : ''}`,
    head: ['code', 'message', 'count', '% of errors', '% of samples'],
    rows,
    left: 2,
  };
}

/** Each flow's most frequent errors (JMeter's "Top 5 errors by sampler"). */
export function flowErrorsTable(s: RunSummary): TableModel | undefined {
  const rows: string[][] = [];
  for (const f of s.flows)
    for (const e of (f.errorTypes ?? []).slice(0, 5))
      rows.push([
        f.flow,
        e.code ?? '–',
        short(e.message) || '(no message)',
        String(e.count),
        share(e.count, f.count),
      ]);
  if (rows.length === 0) return undefined;
  return {
    title: 'Top errors per flow (at most 5 each)',
    head: ['flow', 'code', 'message', 'count', '% of the flow'],
    rows,
    left: 3,
  };
}

function overTimeHeading(s: RunSummary): string {
  const w = s.windowing;
  if (w.source === 'samples')
    return `Over time (all flows, ${w.windowSec} s windows from the run's first sample; req/s over the part of each window the run covers; p95 shown only with ≥${minSamplesFor(95)} samples)`;
  const rows =
    w.windowSec === w.rowIntervalSec
      ? `one window per ${w.rowIntervalSec} s row of the stats history`
      : `${w.windowSec} s windows of the stats history's ${w.rowIntervalSec} s rows`;
  const p95 =
    w.percentileSpan === 'rolling'
      ? `p95 is Locust's rolling figure over the ${w.rollingSec} s before each window's end, not the window's own`
      : "p95 is of the run from its start to each window's end (Locust's history without --csv-full-history)";
  return `Over time (all requests, ${rows}; count and req/s from the running totals; ${p95}; shown only with ≥${minSamplesFor(95)} requests behind it)`;
}

/** The run's over-time table; undefined without windows. */
export function overTimeTable(s: RunSummary): TableModel | undefined {
  const windows = s.overall.windows;
  if (windows.length === 0) return undefined;
  const users = windows.some((w) => w.activeUsers !== undefined);
  const reported = s.windowing.source === 'reported';
  const head = [
    'window start (UTC)',
    'count',
    'req/s',
    'errors',
    'mean ms',
    reported ? `p95 ms (${s.windowing.percentileSpan === 'rolling' ? 'rolling' : 'since start'})` : 'p95 ms',
    ...(users ? [reported ? 'users' : 'threads'] : []),
  ];
  const rows = windows.map((w) => [
    new Date(w.startMs).toISOString().replace('.000Z', 'Z'),
    w.count === undefined ? '–' : String(w.count),
    num(w.throughput, 2),
    w.errorRate === undefined ? '–' : `${num(w.errorRate, 2)}%`,
    num(w.meanMs),
    // A window without a count has no p95 to speak of (nor one from too few requests).
    w.count === undefined || w.p95Ms === null || w.p95Ms === undefined ? '–' : num(w.p95Ms),
    ...(users ? [num(w.activeUsers)] : []),
  ]);
  return { title: overTimeHeading(s), head, rows };
}
