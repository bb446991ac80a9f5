import { excerpt } from './messages.js';
import type { HealthModel } from './modelFile.js';
import { type Judged, perSeriesOutcome } from './perSeries.js';
import { checkPromql } from './promql.js';
import type { ComponentResult, HealthReport, SignalResult, ThresholdRef } from './report.js';
import { DEFAULT_RULES, rollUp } from './rollUp.js';
import type { Aggregation, HealthState, OverTime, SignalSpec, Thresholds } from './schema.js';
import {
  formatSelector,
  type MetricSession,
  type MetricSource,
  type QueryOutcome,
  type QueryRequest,
  type Series,
} from './sources/types.js';
import { formatBound, formatNumber, formatValue } from './valueText.js';

export interface EvaluateOptions {
  readonly source: MetricSource;
  /** Per query; default: the model's source.timeout, else 5 s. */
  readonly timeoutMs?: number;
  /** Queries in flight at once; default: the model's source.concurrency, else 16. */
  readonly concurrency?: number;
  readonly clock?: () => number;
  /** Carried across the evaluations of one `watch`: holds new states for their `for:`. */
  readonly hold?: SignalHold;
}

/** What `watch` carries across evaluations to hold new states for their `for:` (see hold.ts). */
export interface SignalHold {
  /** The state to report for this evaluation of `spec`, given what was reported before. */
  apply(spec: SignalSpec, result: SignalResult, now: number): SignalResult;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_CONCURRENCY = 16;

/** One evaluation of the whole model: every signal read once, then rolled up. */
export async function evaluateHealth(model: HealthModel, options: EvaluateOptions): Promise<HealthReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const timeoutMs = options.timeoutMs ?? model.source?.timeout ?? DEFAULT_TIMEOUT_MS;
  const concurrency = options.concurrency ?? model.source?.concurrency ?? DEFAULT_CONCURRENCY;
  const session = options.source.open({ timeoutMs });
  const jobs = model.components.flatMap((c) => c.signals.map((s) => ({ component: c.id, signal: s })));
  const results = await mapLimit(jobs, concurrency, async ({ component, signal }) => {
    const request = requestFor(`${component}.${signal.id}`, signal);
    const counter = signal.rawCounter ? undefined : await counterRead(signal, session);
    const read = counter
      ? signalResult(signal, request, { ok: true, series: [] }, counter)
      : signalResult(signal, request, await session.query(request));
    const result =
      read.problem === 'no-data' && signal.noData === 'healthy' && !counter
        ? await absentMeansHealthy(signal, read, session)
        : read;
    return options.hold ? options.hold.apply(signal, result, started) : result;
  });
  const byComponent = new Map<string, SignalResult[]>();
  jobs.forEach((job, i) => {
    const list = byComponent.get(job.component) ?? [];
    const r = results[i];
    if (r) list.push(r);
    byComponent.set(job.component, list);
  });
  const rules = model.rollUp ?? DEFAULT_RULES;
  const rolled = rollUp(
    model.components.map((c) => ({
      id: c.id,
      critical: c.critical,
      dependsOn: c.dependsOn,
      ...(c.propagate ? { propagate: c.propagate } : {}),
      signals: byComponent.get(c.id) ?? [],
    })),
    rules,
  );
  const components: ComponentResult[] = model.components.map((c) => {
    const r = rolled.components.get(c.id);
    if (!r) throw new Error(`component ${c.id} missing from the roll-up`);
    return {
      id: c.id,
      name: c.name ?? c.id,
      critical: c.critical,
      dependsOn: c.dependsOn,
      ...(c.propagate ? { propagate: c.propagate } : {}),
      state: r.state,
      ownState: r.ownState,
      decidedBy: r.decidedBy,
      reason: r.reason,
      signals: byComponent.get(c.id) ?? [],
    };
  });
  return {
    formatVersion: 1,
    workload: model.workload,
    state: rolled.state,
    decidedBy: rolled.decidedBy,
    reason: rolled.reason,
    source: options.source.description,
    evaluatedAt: new Date(started).toISOString(),
    durationMs: Math.round(clock() - started),
    rollUp: rules,
    components,
  };
}

export function requestFor(key: string, signal: SignalSpec): QueryRequest {
  const query =
    signal.query !== undefined
      ? { kind: 'promql' as const, expr: signal.query }
      : { kind: 'metric' as const, name: signal.metric ?? '', labels: signal.labels ?? {} };
  if (signal.window === undefined) return { key, query };
  // About 60 points per window, never finer than a second: enough to average, cheap to fetch.
  const stepMs = signal.step ?? Math.max(1000, Math.round(signal.window / 60_000) * 1000);
  return { key, query, window: { ms: signal.window, stepMs } };
}

function describeQuery(request: QueryRequest): string {
  const q = request.query;
  const text = q.kind === 'promql' ? q.expr : formatSelector(q.name, q.labels);
  return request.window ? `${text} over ${request.window.ms / 1000}s` : text;
}

/**
 * A counter read as an instant value is a running total since the process started (2456 s of CPU),
 * not a level any threshold can judge: refused, by the type the source gives the metric.
 */
async function counterRead(signal: SignalSpec, session: MetricSession): Promise<string | undefined> {
  if (!session.metricTypes) return undefined;
  const names =
    signal.query !== undefined
      ? checkPromql(signal.query).instantMetrics
      : signal.metric
        ? [signal.metric]
        : [];
  if (names.length === 0) return undefined;
  const types = await session.metricTypes(names);
  const name = names.find((n) => types.get(n) === 'counter');
  if (name === undefined) return undefined;
  const shown = excerpt(name, 80);
  return `${shown} is a counter (so says the source's metric type): its value is a running total, not a level; read rate(${shown}[5m]) or increase(${shown}[1h]) in a query, or set rawCounter: true`;
}

/**
 * `noData: healthy`: an alert-style query with nothing to say. Never blind: each metric it reads
 * must have series, or a typo in a name would read as healthy for ever.
 */
async function absentMeansHealthy(
  signal: SignalSpec,
  read: SignalResult,
  session: MetricSession,
): Promise<SignalResult> {
  const names =
    signal.query !== undefined
      ? checkPromql(signal.query).instantMetrics
      : signal.metric
        ? [signal.metric]
        : [];
  for (const name of names) {
    const probe = await session.query({ key: read.key, query: { kind: 'metric', name, labels: {} } });
    if (!probe.ok || probe.series.length === 0)
      return {
        ...read,
        reason: `no series, and noData: healthy needs the metrics it reads to exist: ${probe.ok ? `no series named ${excerpt(name)}` : probe.reason}`,
      };
  }
  const { problem: _, ...rest } = read;
  return {
    ...rest,
    state: 'healthy',
    reason: 'no series: healthy, as noData: healthy says (nothing matched the condition)',
  };
}

/** Turns what the source said into a state, keeping the value and threshold that decided it. */
export function signalResult(
  signal: SignalSpec,
  request: QueryRequest,
  outcome: QueryOutcome,
  counter?: string,
): SignalResult {
  const base = {
    id: signal.id,
    key: request.key,
    unit: signal.unit,
    why: signal.thresholds.reason,
    query: describeQuery(request),
  };
  const unknown = (
    problem: SignalResult['problem'],
    reason: string,
    value: number | null = null,
  ): SignalResult => ({
    ...base,
    state: 'unknown',
    value,
    threshold: null,
    reason,
    ...(problem ? { problem } : {}),
  });
  if (counter !== undefined) return unknown('counter', counter);
  if (!outcome.ok) return unknown(outcome.problem, outcome.reason);
  const overTime = signal.overTime ?? (request.window ? 'avg' : 'last');
  if (signal.perSeries !== undefined && outcome.series.length > 0) {
    const fanned = perSeriesOutcome(
      outcome.series,
      signal.perSeries,
      (values) => reduceOverTime(values, overTime),
      (value) => judgeValue(value, signal),
    );
    return { ...base, ...fanned };
  }
  const reduced = reduceSeries(outcome.series, signal.aggregation, overTime);
  if ('problem' in reduced) {
    const reason =
      reduced.problem === 'no-data' && outcome.note ? `no data: ${outcome.note}` : reduced.reason;
    return unknown(reduced.problem, reason);
  }
  return { ...base, value: reduced.value, ...judgeValue(reduced.value, signal) };
}

/** The state a value is in, the threshold that decided it, and both in words. */
function judgeValue(value: number, signal: SignalSpec): Judged {
  const { state, threshold } = classify(value, signal.thresholds);
  const shown = formatValue(value, signal.unit);
  const bound = threshold ? formatBound(threshold.value, signal.unit) : '';
  // "within the threshold > 0.8" read as if the value were above 0.8: say which side it is on.
  const reason = threshold
    ? threshold.crossed
      ? `${shown} ${threshold.op} ${bound} (${threshold.state} threshold)`
      : `${shown}, ${threshold.op === '>' ? 'below' : 'above'} the ${threshold.state} threshold of ${bound}`
    : shown;
  return { state, threshold, reason };
}

export function classify(
  value: number,
  t: Thresholds,
): { state: HealthState; threshold: ThresholdRef | null } {
  const op = t.direction === 'above' ? ('>' as const) : ('<' as const);
  const beyond = (limit: number) => (t.direction === 'above' ? value > limit : value < limit);
  if (t.unhealthy !== undefined && beyond(t.unhealthy))
    return { state: 'unhealthy', threshold: { state: 'unhealthy', op, value: t.unhealthy, crossed: true } };
  if (t.degraded !== undefined && beyond(t.degraded))
    return { state: 'degraded', threshold: { state: 'degraded', op, value: t.degraded, crossed: true } };
  const nearest =
    t.degraded !== undefined
      ? { state: 'degraded' as const, value: t.degraded }
      : t.unhealthy !== undefined
        ? { state: 'unhealthy' as const, value: t.unhealthy }
        : undefined;
  return { state: 'healthy', threshold: nearest ? { ...nearest, op, crossed: false } : null };
}

type Reduced = { value: number } | { problem: 'no-data' | 'several-series' | 'not-finite'; reason: string };

export function reduceSeries(
  series: readonly Series[],
  aggregation: Aggregation | undefined,
  overTime: OverTime,
): Reduced {
  if (series.length === 0) return { problem: 'no-data', reason: 'no data: the query returned no series' };
  if (series.length > 1 && aggregation === undefined) {
    const shown = series.slice(0, 3).map((s) => excerpt(labelText(s.labels), 60));
    return {
      problem: 'several-series',
      reason: `${series.length} series where one was expected (${shown.join(', ')}${series.length > 3 ? ', …' : ''}); narrow the labels or set an aggregation`,
    };
  }
  const perSeries = series.map((s) => reduceOverTime(s.values, overTime));
  const value = aggregation === undefined ? (perSeries[0] ?? Number.NaN) : aggregate(perSeries, aggregation);
  if (!Number.isFinite(value))
    return {
      problem: 'not-finite',
      reason: `the value is ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}, which no threshold can judge`,
    };
  return { value };
}

// Loops, not Math.max(...values): a spread of a 100,000-point series overflows the stack.
function reduceOverTime(values: readonly number[], how: OverTime): number {
  if (values.length === 0) return Number.NaN;
  if (how === 'last') return values[values.length - 1] ?? Number.NaN;
  return combine(values, how);
}

function aggregate(values: readonly number[], how: Aggregation): number {
  return how === 'count' ? values.length : combine(values, how);
}

function combine(values: readonly number[], how: 'sum' | 'avg' | 'min' | 'max'): number {
  let acc = how === 'min' ? Infinity : how === 'max' ? -Infinity : 0;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    acc = how === 'min' ? Math.min(acc, v) : how === 'max' ? Math.max(acc, v) : acc + v;
  }
  return how === 'avg' ? acc / values.length : acc;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export { formatNumber };
