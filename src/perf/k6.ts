import { InputError } from '../diagnostics/index.js';
import { escapedExcerpt } from './excerpt.js';
import type { ReportedStats, RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import type { ByteSource } from './input.js';
import { LATENCY_OUT_OF_RANGE, latencyMsInRange, MAX_RUN_SEC, sampleProblem } from './limits.js';
import { readLines } from './lines.js';
import type { SourceInfo } from './summary.js';
import type { PercentileKey } from './targetsFile.js';
import { TimeParser } from './timestamps.js';

interface K6Point {
  type?: unknown;
  metric?: unknown;
  data?: { time?: unknown; value?: unknown; tags?: Record<string, unknown> };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Success as k6 itself judges it (`expected_response`), else by HTTP status. */
function isOk(tags: Record<string, unknown>): boolean {
  if (tags.expected_response !== undefined) return String(tags.expected_response) === 'true';
  const status = Number(tags.status);
  return status >= 200 && status < 400;
}

/** `k6 run --out json=FILE`: one JSON object per line; each http_req_duration point is one request. */
export async function readK6Json(
  source: ByteSource,
  rec: RunRecorder,
  meta: { gzip?: boolean } = {},
): Promise<SourceInfo> {
  const times = new TimeParser();
  let rows = 0;
  let lines = 0;
  for await (const line of readLines(source)) {
    lines++;
    // Most lines are other metrics; a substring test is far cheaper than parsing them.
    if (!line.text.includes('"http_req_duration"')) {
      if (line.text.trim() !== '' && !line.terminated && !line.text.trimEnd().endsWith('}'))
        rec.skip('truncated last line', `${source.name}:${line.no}`);
      continue;
    }
    let obj: K6Point;
    try {
      obj = JSON.parse(line.text) as K6Point;
    } catch {
      rec.skip(line.terminated ? 'unreadable JSON line' : 'truncated last line', `${source.name}:${line.no}`);
      continue;
    }
    if (obj.type !== 'Point' || obj.metric !== 'http_req_duration') continue;
    const data = obj.data;
    const value = isObject(data) ? data.value : undefined;
    if (!isObject(data) || typeof value !== 'number') {
      rec.skip('non-numeric http_req_duration value', `${source.name}:${line.no}`);
      continue;
    }
    const tags = isObject(data.tags) ? data.tags : {};
    const label = String(tags.name ?? tags.url ?? '(unnamed)');
    const url = String(tags.url ?? '');
    const t = typeof data.time === 'string' ? times.parse(data.time) : Number.NaN;
    if (Number.isNaN(t)) {
      rec.skip('unreadable time', `${source.name}:${line.no}`);
      continue;
    }
    const problem = sampleProblem(t, value * 1000);
    if (problem) {
      rec.skip(problem, `${source.name}:${line.no}`);
      continue;
    }
    const flow = rec.matcher.flowOf(label, url);
    if (flow === UNMATCHED) rec.unmatched(label);
    rec.add(flow, t, value * 1000, isOk(tags));
    rows++;
  }
  if (lines === 0) throw new InputError('the results file is empty', { file: source.name, line: 1 });
  for (const n of times.notes()) rec.note(`${source.name}: ${n}`);
  return { name: source.name, format: 'k6-json', rows, ...(meta.gzip ? { gzip: true } : {}) };
}

function trendValues(metric: unknown): Record<string, number> | undefined {
  if (!isObject(metric)) return undefined;
  // `--summary-export` puts the figures on the metric; handleSummary's data nests them under `values`.
  const src = isObject(metric.values) ? metric.values : metric;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(src)) if (typeof v === 'number') out[k] = v;
  return out;
}

const K6_PERCENTILE_KEYS: Record<PercentileKey, string[]> = {
  p50: ['med', 'p(50)'],
  p90: ['p(90)'],
  p95: ['p(95)'],
  p99: ['p(99)'],
};

/** The line of a metric's key in the summary text, for messages (JSON.parse keeps no positions). */
function lineOf(text: string, key: string): number | undefined {
  const at = text.indexOf(JSON.stringify(key));
  if (at < 0) return undefined;
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

/** Reported figures, or the reason they cannot be used (a latency out of range). */
function statsFrom(d: Record<string, number>, count: number, errors: number): ReportedStats | string {
  const percentilesMs: Partial<Record<PercentileKey, number>> = {};
  for (const [key, names] of Object.entries(K6_PERCENTILE_KEYS) as [PercentileKey, string[]][]) {
    const name = names.find((n) => d[n] !== undefined);
    if (name) percentilesMs[key] = d[name] as number;
  }
  const figures = [...Object.values(percentilesMs), d.avg, d.min, d.max];
  if (figures.some((v) => v !== undefined && !latencyMsInRange(v))) return LATENCY_OUT_OF_RANGE;
  return {
    count,
    errors,
    ...(d.avg !== undefined ? { meanMs: d.avg } : {}),
    ...(d.min !== undefined ? { minMs: d.min } : {}),
    ...(d.max !== undefined ? { maxMs: d.max } : {}),
    percentilesMs,
    entries: 1,
  };
}

const isCount = (n: number | undefined): n is number => n !== undefined && Number.isSafeInteger(n) && n >= 0;

/**
 * `k6 run --summary-export=FILE`: aggregates only, so percentiles are as k6 computed them. Figures
 * are held to the rules of the sample readers: a latency out of range skips its metric (reported
 * with its line), a negative or fractional count, or more failures than requests, is an error.
 */
export function readK6Summary(input: string, file: string, rec: RunRecorder): SourceInfo {
  const text = input.replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    throw new InputError(`not valid JSON (${escapedExcerpt((err as Error).message.split('\n')[0] ?? '')})`, {
      file,
      line,
    });
  }
  if (!isObject(doc) || !isObject(doc.metrics))
    throw new InputError('not a k6 summary: no "metrics" object', { file, line: 1 });
  const m = doc.metrics;
  const dur = trendValues(m.http_req_duration);
  const reqs = trendValues(m.http_reqs);
  if (!dur || !reqs || reqs.count === undefined)
    throw new InputError('the k6 summary has no http_req_duration or http_reqs metric (no HTTP requests?)', {
      file,
    });
  const at = (key: string) => ({ file, line: lineOf(text, key) });
  if (!isCount(reqs.count))
    throw new InputError('http_reqs count must be a whole number of at least 0', at('http_reqs'));
  const failed = trendValues(m.http_req_failed);
  // http_req_failed is a Rate of "failed": its `passes` are the failed requests.
  const errors = failed?.passes ?? (failed?.value !== undefined ? Math.round(failed.value * reqs.count) : 0);
  if (!isCount(errors) || errors > reqs.count)
    throw new InputError(
      `http_req_failed says ${errors} failed requests of ${reqs.count}: failures must be a whole number from 0 to the request count`,
      at('http_req_failed'),
    );
  const duration = reqs.rate ? reqs.count / reqs.rate : Number.NaN;
  if (duration > 0 && duration <= MAX_RUN_SEC) rec.reportedDurationSec = duration;
  else if (reqs.rate !== undefined && reqs.count > 0)
    rec.note(
      `${file}: the http_reqs rate (${reqs.rate}) gives no usable run duration; throughput is not shown`,
    );
  // A line costs a scan of the text, so it is looked up only while the skip list keeps places (5).
  const skipAt = (reason: string, key: string) => {
    const kept = rec.skipped.get(reason)?.where.length ?? 0;
    rec.skip(reason, kept < 5 ? `${file}:${lineOf(text, key) ?? 1}` : file);
  };
  let read = 0;
  const overall = statsFrom(dur, reqs.count, errors);
  if (typeof overall === 'string') skipAt(overall, 'http_req_duration');
  else {
    rec.reportedOverallFlow().reported = overall;
    read++;
  }
  let subs = 0;
  for (const [key, metric] of Object.entries(m)) {
    const sub = /^http_req_duration\{(name|url):(.*)\}$/.exec(key);
    if (!sub?.[2]) continue;
    const d = trendValues(metric);
    const count = trendValues(m[`http_reqs{${sub[1]}:${sub[2]}}`])?.count ?? 0;
    if (!d) continue;
    const stats = isCount(count) ? statsFrom(d, count, 0) : 'non-numeric count';
    if (typeof stats === 'string') {
      skipAt(stats, key);
      continue;
    }
    read++;
    const flow = rec.matcher.flowOf(sub[2], sub[1] === 'url' ? sub[2] : '');
    if (flow === UNMATCHED) {
      rec.unmatched(sub[2]);
      continue;
    }
    rec.addReported(flow, stats);
    subs++;
  }
  rec.note(
    `${file}: a k6 summary has percentiles, not samples${subs === 0 ? '; it has no per-name sub-metrics, so only the whole run is shown (add thresholds on http_req_duration{name:…} to get them)' : ''}; per-flow error counts are not in it`,
  );
  return { name: file, format: 'k6-summary', rows: read };
}
