import { z } from 'zod';
import type { HttpAuth } from '../authSchema.js';
import { formatDuration } from '../duration.js';
import { excerpt } from '../messages.js';
import { parseValue } from '../promText.js';
import { type ClientContext, httpClient } from './httpClient.js';
import {
  explainNoMatch,
  formatSelector,
  type MetricSource,
  type QueryOutcome,
  type QueryRequest,
  type Series,
  typeOf,
} from './types.js';

// What the HTTP API answers, checked rather than trusted: a proxy in front of Prometheus, or
// something else on that port, may answer `null`, HTML or a different JSON.
const envelopeSchema = z.object({
  status: z.string().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
});
const pointSchema = z.tuple([z.number(), z.string()]);
const metadataSchema = z.object({
  status: z.literal('success'),
  data: z.record(z.string(), z.array(z.object({ type: z.string() }))),
});
const labelsSchema = z.record(z.string(), z.string()).default({});
const vectorSchema = z.array(z.object({ metric: labelsSchema, value: pointSchema }));
const matrixSchema = z.array(z.object({ metric: labelsSchema, values: z.array(pointSchema) }));

export interface PrometheusOptions {
  readonly auth?: HttpAuth;
  /** Where relative files in `auth` are, and whose settings they are, for messages. */
  readonly context?: ClientContext;
  readonly clock?: () => number;
}

/**
 * The Prometheus HTTP API: instant queries, and range queries for signals with a window.
 * Credentials come from `auth` or the URL, never appear in a description or a reason.
 */
export function prometheusApiSource(baseUrl: string, options: PrometheusOptions = {}): MetricSource {
  const clock = options.clock ?? Date.now;
  const client = httpClient(baseUrl, options.auth, options.context ?? { baseDir: '.', origin: '--source' });
  const base = client.url;
  const description = `Prometheus at ${base}${client.identity ? ` (${client.identity})` : ''}`;
  // Metadata changes when a target's code does, not between evaluations: asked once per family.
  const families = new Map<string, Promise<string | undefined>>();
  const familyType = (family: string, timeoutMs: number) => {
    let known = families.get(family);
    if (!known) {
      known = client
        .send({
          url: `${base}/api/v1/metadata?${new URLSearchParams({ metric: family })}`,
          method: 'GET',
          headers: { accept: 'application/json' },
          timeoutMs,
        })
        .then((res) => {
          if (!res.ok) return undefined;
          const body = metadataSchema.safeParse(parseJson(res.text));
          return body.success ? body.data.data[family]?.[0]?.type : undefined;
        });
      families.set(family, known);
      // A failed look-up is tried again next time rather than remembered.
      void known.then((t) => {
        if (t === undefined) families.delete(family);
      });
    }
    return known;
  };
  return {
    description,
    open({ timeoutMs }) {
      const run = async (expr: string, window?: QueryRequest['window']): Promise<QueryOutcome> => {
        const outcome = await ask(expr, window);
        return outcome.ok ? outcome : { ...outcome, reason: client.redact(outcome.reason) };
      };
      const ask = async (expr: string, window?: QueryRequest['window']): Promise<QueryOutcome> => {
        // The same time-out we wait for, so Prometheus gives up when we do (500ms stays 500ms).
        const params = new URLSearchParams({ query: expr, timeout: formatDuration(timeoutMs) });
        let path = '/api/v1/query';
        if (window) {
          const end = clock() / 1000;
          params.set('start', String(end - window.ms / 1000));
          params.set('end', String(end));
          params.set('step', String(Math.max(window.stepMs / 1000, 0.001)));
          path = '/api/v1/query_range';
        }
        // POST keeps long PromQL out of URL length limits; Prometheus accepts form bodies on both endpoints.
        const res = await client.send({
          url: `${base}${path}`,
          method: 'POST',
          body: params.toString(),
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          timeoutMs,
        });
        if (!res.ok) return res;
        const text = res.text;
        const http = `HTTP ${res.status}${res.statusText ? ` ${excerpt(res.statusText, 40)}` : ''}`;
        const body = envelopeSchema.safeParse(parseJson(text));
        if (!body.success || (body.data.status !== 'success' && body.data.status !== 'error'))
          return {
            ok: false,
            problem: res.status === 401 || res.status === 403 ? 'rejected' : 'bad-response',
            reason: `${base} answered ${http}, not a Prometheus API response${res.status === 401 || res.status === 403 ? ' (it wants credentials)' : ''}: ${excerpt(text.trim())}`,
          };
        const { status, errorType, error, data } = body.data;
        if (status !== 'success') {
          // Prometheus' own words: for a PromQL syntax error they name the position and the token.
          const problem = errorType === 'timeout' ? 'timeout' : 'rejected';
          return {
            ok: false,
            problem,
            reason: `Prometheus: ${excerpt(errorType ?? http, 40)}: ${excerpt(error ?? text, 200)}`,
          };
        }
        return toSeries(data, base);
      };
      return {
        async metricTypes(names) {
          const wanted = new Set(names.flatMap((n) => [n, n.replace(/_(total|sum|count|bucket)$/, '')]));
          const known = new Map<string, string | undefined>();
          await Promise.all([...wanted].map(async (f) => known.set(f, await familyType(f, timeoutMs))));
          const types = new Map<string, string>();
          for (const name of names) {
            const t = typeOf(name, (f) => known.get(f));
            if (t !== undefined) types.set(name, t);
          }
          return types;
        },
        async query(request) {
          const q = request.query;
          const expr = q.kind === 'promql' ? q.expr : formatSelector(q.name, q.labels);
          const outcome = await run(expr, request.window);
          if (!outcome.ok || outcome.series.length > 0 || q.kind !== 'metric') return outcome;
          // Nothing matched a name-and-labels signal: one more query says which label is to blame.
          const keys = Object.keys(q.labels);
          const probe = await run(
            keys.length ? `group by (${keys.join(',')}) (${q.name})` : `group(${q.name})`,
          );
          if (!probe.ok) return outcome;
          let available = probe.series.map((s) => ({ name: q.name, labels: s.labels }));
          let note = explainNoMatch(available, q.name, q.labels);
          if (note.startsWith('missing label')) {
            // The grouped probe only knows the asked labels; a sample of whole series names the others.
            const sample = await run(`topk(20, ${q.name})`);
            if (sample.ok && sample.series.length) {
              available = sample.series.map((s) => ({ name: q.name, labels: withoutName(s.labels) }));
              note = explainNoMatch(available, q.name, q.labels);
            }
          }
          return { ok: true, series: [], note };
        },
      };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toSeries(data: z.output<typeof envelopeSchema>['data'], base: string): QueryOutcome {
  const bad = (why: string): QueryOutcome => ({
    ok: false,
    problem: 'bad-response',
    reason: `${base}: ${why}`,
  });
  if (!data) return bad('response without data');
  // Prometheus sends values as strings so NaN and ±Inf survive JSON.
  const value = (p: z.output<typeof pointSchema>): number => parseValue(p[1]) ?? Number.NaN;
  switch (data.resultType) {
    case 'scalar': {
      const point = pointSchema.safeParse(data.result);
      if (!point.success) return bad('a scalar result that is not [time, "value"]');
      return { ok: true, series: [{ labels: {}, values: [value(point.data)] }] };
    }
    case 'vector': {
      const vector = vectorSchema.safeParse(data.result);
      if (!vector.success) return bad('a vector result that is not a list of { metric, value }');
      return { ok: true, series: vector.data.map((r) => ({ labels: r.metric, values: [value(r.value)] })) };
    }
    case 'matrix': {
      const matrix = matrixSchema.safeParse(data.result);
      if (!matrix.success) return bad('a matrix result that is not a list of { metric, values }');
      const series: Series[] = matrix.data.map((r) => ({ labels: r.metric, values: r.values.map(value) }));
      return { ok: true, series };
    }
    default:
      return {
        ok: false,
        problem: 'unsupported',
        reason: `the query returns a ${excerpt(data.resultType, 40)}, not numbers`,
      };
  }
}

function withoutName(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { __name__: _, ...rest } = labels;
  return rest;
}
