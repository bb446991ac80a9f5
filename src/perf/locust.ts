import type { ReportedStats, RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import type { ByteSource } from './input.js';
import { LATENCY_OUT_OF_RANGE, latencyMsInRange, MAX_RUN_SEC } from './limits.js';
import { checkCounts, locustFlow, locustRows, NOTE, numberAt, PCT_COLUMNS } from './locustCsv.js';
import type { SourceInfo } from './summary.js';
import type { PercentileKey } from './targetsFile.js';

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
    const size = numberAt(row, col('Average Content Size'));
    if (size !== undefined && size >= 0 && Number.isFinite(size)) stats.receivedBytes = size * count;
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

/**
 * The response code in one of Locust's error texts: requests' HTTPError reads
 * "HTTPError('500 Server Error: Internal Server Error for url: /x')"; other errors have none.
 */
export function locustErrorCode(error: string): string | null {
  return /^HTTPError\('(\d{3}) /.exec(error)?.[1] ?? null;
}

/**
 * PREFIX_failures.csv: one row per request name and error text, with its number of occurrences.
 * It holds no requests, so it only adds the errors by message to the flows the stats (or the stats
 * history) count.
 */
export async function readLocustFailures(source: ByteSource, rec: RunRecorder): Promise<SourceInfo> {
  let rows = 0;
  for await (const { row, col, where, at } of locustRows(
    source,
    rec,
    ['Name', 'Error', 'Occurrences'],
    'Locust failures file',
  )) {
    const n = numberAt(row, col('Occurrences'));
    if (n === undefined || Number.isNaN(n)) {
      rec.skip('non-numeric Occurrences', where);
      continue;
    }
    checkCounts({ requests: 'Occurrences', failures: 'Occurrences' }, n, 0, at, true);
    const name = row[col('Name')] ?? '';
    const type = (row[col('Method')] ?? '').trim();
    const error = row[col('Error')] ?? '';
    rows++;
    const flow = locustFlow(rec, type, name);
    if (flow !== UNMATCHED) rec.addErrorType(flow, locustErrorCode(error), error, n);
  }
  return { name: source.name, format: 'locust-failures', rows };
}

/**
 * PREFIX_exceptions.csv: exceptions raised in the locustfile itself (not failed requests). Read
 * only to say how many there were, since a locustfile that raises changes the load it makes.
 */
export async function readLocustExceptions(source: ByteSource, rec: RunRecorder): Promise<SourceInfo> {
  let rows = 0;
  let total = 0;
  for await (const { row, col } of locustRows(source, rec, ['Count', 'Message'], 'Locust exceptions file')) {
    rows++;
    const n = numberAt(row, col('Count'));
    if (n !== undefined && Number.isFinite(n)) total += n;
  }
  if (total > 0)
    rec.note(
      `${source.name}: the locustfile raised ${total} exception(s) of ${rows} kind(s) (see that file); they are not failed requests, but the load they made differs from the plan`,
    );
  return { name: source.name, format: 'locust-exceptions', rows };
}
