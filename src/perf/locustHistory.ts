import type { HistoryRow, ReportedStats, RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import type { ByteSource } from './input.js';
import { latencyMsInRange, sampleProblem } from './limits.js';
import { checkCounts, locustFlow, locustRows, NOTE, numberAt, PCT_COLUMNS } from './locustCsv.js';
import type { SourceInfo } from './summary.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

/**
 * Locust's PREFIX_stats_history.csv (2.x): a row per second for the whole run ("Aggregated"), and
 * with --csv-full-history one per request name too. What its columns mean decides what can be
 * drawn from it:
 * - "Total Request Count", "Total Failure Count" and "Total Average Response Time" are running
 *   totals, so an interval's requests, failures and mean follow exactly by difference;
 * - "Requests/s" is Locust's current rate, an average over about the last 10 s (0 for the first
 *   seconds), so it is not used: throughput is the interval's requests over its length;
 * - the percentile columns are, with --csv-full-history, over the last 10 s before the row, where
 *   0 means no data yet; without it, over the run from its start to the row. N/A: no request yet.
 */

const AGGREGATED = '\u0000Aggregated';

export async function readLocustHistory(source: ByteSource, rec: RunRecorder): Promise<SourceInfo> {
  let rows = 0;
  const entries = new Map<string, { type: string; name: string; rows: HistoryRow[] }>();
  for await (const { row, col, where, at } of locustRows(
    source,
    rec,
    ['Timestamp', 'Total Request Count'],
    'Locust stats history file',
  )) {
    const ts = numberAt(row, col('Timestamp'));
    const total = numberAt(row, col('Total Request Count'));
    const failures = numberAt(row, col('Total Failure Count')) ?? 0;
    if (ts === undefined || Number.isNaN(ts) || total === undefined || Number.isNaN(total)) {
      rec.skip('non-numeric Timestamp or Total Request Count', where);
      continue;
    }
    if (Number.isNaN(failures)) {
      rec.skip('non-numeric Total Failure Count', where);
      continue;
    }
    checkCounts(
      { requests: 'Total Request Count', failures: 'Total Failure Count' },
      total,
      failures,
      at,
      true,
    );
    const ms = ts < 1e11 ? ts * 1000 : ts;
    const latency = (name: string) => {
      const v = numberAt(row, col(name));
      return v !== undefined && !Number.isNaN(v) ? v : undefined;
    };
    const pct: Partial<Record<PercentileKey, number>> = {};
    for (const k of PERCENTILES) {
      const v = latency(PCT_COLUMNS[k]);
      if (v !== undefined) pct[k] = v;
    }
    const r: HistoryRow = { ms, total, failures, pct, entries: 1 };
    const users = latency('User Count');
    if (users !== undefined) r.users = users;
    const fields = [
      ['meanMs', 'Total Average Response Time'],
      ['minMs', 'Total Min Response Time'],
      ['maxMs', 'Total Max Response Time'],
      ['medianMs', 'Total Median Response Time'],
    ] as const;
    for (const [key, name] of fields) {
      const v = latency(name);
      if (v !== undefined) r[key] = v;
    }
    const latencies = [...Object.values(pct), r.meanMs, r.minMs, r.maxMs, r.medianMs];
    const problem =
      sampleProblem(ms, 0) ??
      (latencies.some((v) => v !== undefined && !latencyMsInRange(v)) ? 'latency out of range' : undefined);
    if (problem) {
      rec.skip(problem, where);
      continue;
    }
    rows++;
    const type = (row[col('Type')] ?? '').trim();
    const name = row[col('Name')] ?? 'Aggregated';
    const key = name === 'Aggregated' && type === '' ? AGGREGATED : `${type} ${name}`;
    if (key !== AGGREGATED) rec.historyRolling = true;
    let e = entries.get(key);
    if (!e) {
      e = { type, name, rows: [] };
      entries.set(key, e);
    }
    e.rows.push(r);
  }
  for (const [key, e] of entries) {
    e.rows.sort((a, b) => a.ms - b.ms);
    if (key === AGGREGATED) {
      const f = rec.reportedOverallFlow();
      f.history = e.rows;
      f.historyTotals = totalsOf(e.rows, rec.historyRolling);
      const last = e.rows[e.rows.length - 1];
      const first = e.rows[0];
      if (last && first) {
        rec.historyEnd = { ms: last.ms, count: last.total, file: source.name };
        if (last.ms > first.ms) rec.historySpanSec = (last.ms - first.ms) / 1000;
      }
      continue;
    }
    const flow = locustFlow(rec, e.type, e.name);
    if (flow === UNMATCHED) continue;
    const f = rec.flow(flow);
    f.history = f.history ? sumRows(f.history, e.rows) : e.rows;
    f.historyTotals = totalsOf(f.history, true);
  }
  rec.note(NOTE);
  return { name: source.name, format: 'locust-history', rows };
}

/** Two entries' rows summed by timestamp (Locust writes every entry at the same moments). */
function sumRows(a: HistoryRow[], b: HistoryRow[]): HistoryRow[] {
  const byMs = new Map<number, HistoryRow>(a.map((r) => [r.ms, { ...r, pct: { ...r.pct } }]));
  for (const r of b) {
    const o = byMs.get(r.ms);
    if (!o) {
      byMs.set(r.ms, r);
      continue;
    }
    const total = o.total + r.total;
    if (o.meanMs !== undefined && r.meanMs !== undefined)
      o.meanMs = total > 0 ? (o.meanMs * o.total + r.meanMs * r.total) / total : 0;
    o.total = total;
    o.failures += r.failures;
    if (r.minMs !== undefined) o.minMs = Math.min(o.minMs ?? r.minMs, r.minMs);
    if (r.maxMs !== undefined) o.maxMs = Math.max(o.maxMs ?? r.maxMs, r.maxMs);
    // A mixture's percentile is at most the largest of its parts': an upper bound.
    for (const k of PERCENTILES) {
      const v = r.pct[k];
      if (v !== undefined) o.pct[k] = Math.max(o.pct[k] ?? v, v);
    }
    o.medianMs = undefined;
    o.entries += r.entries;
  }
  return [...byMs.values()].sort((x, y) => x.ms - y.ms);
}

/**
 * The totals of the last row: requests, failures, mean, min, max and median of the whole run up to
 * it. Its percentile columns are the run's too unless they are the rolling 10 s ones.
 */
function totalsOf(rows: HistoryRow[], rolling: boolean): ReportedStats | undefined {
  const last = rows[rows.length - 1];
  if (!last) return undefined;
  const percentilesMs: Partial<Record<PercentileKey, number>> = rolling
    ? last.medianMs !== undefined && last.total > 0
      ? { p50: last.medianMs }
      : {}
    : last.total > 0
      ? { ...last.pct }
      : {};
  const s: ReportedStats = { count: last.total, errors: last.failures, percentilesMs, entries: last.entries };
  if (last.total > 0) {
    if (last.meanMs !== undefined) s.meanMs = last.meanMs;
    if (last.minMs !== undefined) s.minMs = last.minMs;
    if (last.maxMs !== undefined) s.maxMs = last.maxMs;
  }
  return s;
}
