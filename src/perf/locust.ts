import { InputError } from '../diagnostics/index.js';
import type { ReportedStats, ReportedWindow, RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import type { ByteSource } from './input.js';
import { splitCsvLine } from './jmeterJtl.js';
import {
  decimalNumber,
  LATENCY_OUT_OF_RANGE,
  latencyMsInRange,
  MAX_RUN_SEC,
  sampleProblem,
} from './limits.js';
import { readLines } from './lines.js';
import type { SourceInfo } from './summary.js';
import type { PercentileKey } from './targetsFile.js';

const PCT_COLUMNS: Record<PercentileKey, string> = { p50: '50%', p90: '90%', p95: '95%', p99: '99%' };

const NOTE =
  'Locust reports percentiles, not samples, and rounds response times above 100 ms to 2 significant digits before computing them: its percentiles are less exact, carry no confidence interval, and a comparison with them cannot tell noise from change';

/**
 * Locust names a request by its path ("/products") and keeps the method apart, whereas JMeter
 * labels often read "GET /products": a flow may use either, so the bare name is tried first.
 */
function locustFlow(rec: RunRecorder, type: string, name: string): number {
  const bare = rec.matcher.flowOf(name, name);
  if (bare !== UNMATCHED || !type || !rec.matcher.declared) return bare;
  return rec.matcher.flowOf(`${type} ${name}`, name);
}

/** The number in a column: undefined when absent or "N/A", NaN when not a finite decimal number. */
function numberAt(row: string[], col: number): number | undefined {
  if (col < 0) return undefined;
  const t = (row[col] ?? '').trim();
  if (t === '' || t === 'N/A') return undefined;
  const n = decimalNumber(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * Counts and rates are held to the rules of the sample readers: a negative or fractional count, or
 * more failures than requests, is not a value Locust writes, so the file is refused at that line.
 */
function checkCounts(
  what: { requests: string; failures: string },
  requests: number,
  failures: number,
  at: { file: string; line: number },
  whole: boolean,
): void {
  for (const [name, n] of [
    [what.requests, requests],
    [what.failures, failures],
  ] as const) {
    if (n < 0) throw new InputError(`${name} is negative (${n})`, at);
    if (whole && !Number.isSafeInteger(n)) throw new InputError(`${name} is not a whole number (${n})`, at);
  }
  if (failures > requests)
    throw new InputError(`${what.failures} (${failures}) is larger than ${what.requests} (${requests})`, at);
}

/**
 * The data rows of a Locust CSV file: the header must name the `required` columns; rows of the
 * wrong width are skipped and counted; a file with no header at all is an error.
 */
async function* locustRows(source: ByteSource, rec: RunRecorder, required: readonly string[], kind: string) {
  let header: string[] | undefined;
  const col = (name: string) => header?.indexOf(name) ?? -1;
  for await (const line of readLines(source)) {
    if (line.text.trim() === '') continue;
    const row = splitCsvLine(line.text);
    if (!header) {
      header = row;
      if (required.some((name) => col(name) < 0)) {
        const names = required.map((n) => `"${n}"`).join(' and ');
        throw new InputError(`not a ${kind}: no ${names} columns`, { file: source.name, line: line.no });
      }
      continue;
    }
    const where = `${source.name}:${line.no}`;
    if (row.length !== header.length) {
      const reason = line.terminated
        ? `wrong number of fields (expected ${header.length})`
        : 'truncated last line';
      rec.skip(reason, where);
      continue;
    }
    yield { row, col, where, at: { file: source.name, line: line.no } };
  }
  if (!header) throw new InputError('the results file is empty', { file: source.name, line: 1 });
}

/** `locust --csv PREFIX` → PREFIX_stats.csv: one row per request name plus an "Aggregated" row. */
export async function readLocustStats(source: ByteSource, rec: RunRecorder): Promise<SourceInfo> {
  let rows = 0;
  for await (const { row, col, where, at } of locustRows(
    source,
    rec,
    ['Name', 'Request Count'],
    'Locust stats file',
  )) {
    const count = numberAt(row, col('Request Count'));
    const errors = numberAt(row, col('Failure Count')) ?? 0;
    if (count === undefined || Number.isNaN(count) || Number.isNaN(errors)) {
      rec.skip('non-numeric count', where);
      continue;
    }
    checkCounts({ requests: 'Request Count', failures: 'Failure Count' }, count, errors, at, true);
    const percentilesMs: Partial<Record<PercentileKey, number>> = {};
    let bad = false;
    for (const [k, name] of Object.entries(PCT_COLUMNS) as [PercentileKey, string][]) {
      const v = numberAt(row, col(name));
      if (v !== undefined && Number.isNaN(v)) bad = true;
      else if (v !== undefined) percentilesMs[k] = v;
    }
    if (bad) {
      rec.skip('non-numeric percentile', where);
      continue;
    }
    const stats: ReportedStats = { count, errors, percentilesMs, entries: 1 };
    const mean = numberAt(row, col('Average Response Time'));
    const min = numberAt(row, col('Min Response Time'));
    const max = numberAt(row, col('Max Response Time'));
    if (mean !== undefined && !Number.isNaN(mean)) stats.meanMs = mean;
    if (min !== undefined && !Number.isNaN(min)) stats.minMs = min;
    if (max !== undefined && !Number.isNaN(max)) stats.maxMs = max;
    const latencies = [...Object.values(percentilesMs), stats.meanMs, stats.minMs, stats.maxMs];
    if (latencies.some((v) => v !== undefined && !latencyMsInRange(v))) {
      rec.skip(LATENCY_OUT_OF_RANGE, where);
      continue;
    }
    const name = row[col('Name')] ?? '';
    const type = (row[col('Type')] ?? '').trim();
    rows++;
    if (name === 'Aggregated' && type === '') {
      rec.reportedOverallFlow().reported = stats;
      const rps = numberAt(row, col('Requests/s'));
      const duration = rps ? count / rps : Number.NaN;
      if (duration > 0 && duration <= MAX_RUN_SEC) rec.reportedDurationSec = duration;
      continue;
    }
    const flow = locustFlow(rec, type, name);
    if (flow === UNMATCHED) rec.unmatched(type ? `${type} ${name}` : name);
    else rec.addReported(flow, stats);
  }
  rec.note(NOTE);
  return { name: source.name, format: 'locust-stats', rows };
}

/** PREFIX_stats_history.csv: one row every few seconds; gives the over-time view of a Locust run. */
export async function readLocustHistory(source: ByteSource, rec: RunRecorder): Promise<SourceInfo> {
  let rows = 0;
  const windows = new Map<string, ReportedWindow[]>();
  const required = ['Timestamp', 'Requests/s'];
  for await (const { row, col, where, at } of locustRows(
    source,
    rec,
    required,
    'Locust stats history file',
  )) {
    const ts = numberAt(row, col('Timestamp'));
    const rps = numberAt(row, col('Requests/s'));
    const fps = numberAt(row, col('Failures/s'));
    const p95 = numberAt(row, col('95%'));
    if (ts === undefined || Number.isNaN(ts) || rps === undefined || Number.isNaN(rps)) {
      rec.skip('non-numeric Timestamp or Requests/s', where);
      continue;
    }
    const failing = fps !== undefined && !Number.isNaN(fps) ? fps : 0;
    checkCounts({ requests: 'Requests/s', failures: 'Failures/s' }, rps, failing, at, false);
    const startMs = ts < 1e11 ? ts * 1000 : ts;
    const problem = sampleProblem(startMs, p95 !== undefined && !Number.isNaN(p95) ? p95 * 1000 : 0);
    if (problem) {
      rec.skip(problem, where);
      continue;
    }
    rows++;
    const type = (row[col('Type')] ?? '').trim();
    const name = type ? `${type} ${row[col('Name')] ?? ''}` : (row[col('Name')] ?? 'Aggregated');
    const w: ReportedWindow = { startMs, throughput: rps };
    if (fps !== undefined && !Number.isNaN(fps) && rps > 0) w.errorRate = (fps / rps) * 100;
    if (p95 !== undefined && !Number.isNaN(p95)) w.p95Ms = p95;
    const list = windows.get(name) ?? [];
    list.push(w);
    windows.set(name, list);
  }
  for (const [name, list] of windows) {
    if (name === 'Aggregated') rec.reportedOverallFlow().reportedWindows = list;
    else {
      const [type, ...rest] = name.split(' ');
      const flow = locustFlow(rec, type ?? '', rest.join(' '));
      if (flow !== UNMATCHED) rec.flow(flow).reportedWindows = list;
    }
  }
  rec.note(NOTE);
  return { name: source.name, format: 'locust-history', rows };
}
