import { parseValue } from '../promText.js';
import {
  explainNoMatch,
  fetchProblem,
  formatSelector,
  type MetricSource,
  type QueryOutcome,
  type QueryRequest,
  type Series,
} from './types.js';

interface PromResponse {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

type PromSample = [number, string];
interface PromSeries {
  metric?: Record<string, string>;
  value?: PromSample;
  values?: PromSample[];
}

/** The Prometheus HTTP API: instant queries, and range queries for signals with a window. */
export function prometheusApiSource(baseUrl: string, clock: () => number = Date.now): MetricSource {
  const base = baseUrl.replace(/\/+$/, '');
  const description = `Prometheus at ${base}`;
  return {
    description,
    open({ timeoutMs }) {
      const run = async (expr: string, window?: QueryRequest['window']): Promise<QueryOutcome> => {
        const params = new URLSearchParams({
          query: expr,
          timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s`,
        });
        let path = '/api/v1/query';
        if (window) {
          const end = clock() / 1000;
          params.set('start', String(end - window.ms / 1000));
          params.set('end', String(end));
          params.set('step', String(Math.max(window.stepMs / 1000, 0.001)));
          path = '/api/v1/query_range';
        }
        const url = `${base}${path}`;
        let res: Response;
        let text: string;
        try {
          // POST keeps long PromQL out of URL length limits; Prometheus accepts form bodies on both endpoints.
          res = await fetch(url, {
            method: 'POST',
            body: params,
            headers: { accept: 'application/json' },
            signal: AbortSignal.timeout(timeoutMs),
          });
          text = await res.text();
        } catch (err) {
          return fetchProblem(err, base, timeoutMs);
        }
        let body: PromResponse;
        try {
          body = JSON.parse(text) as PromResponse;
        } catch {
          return {
            ok: false,
            problem: 'bad-response',
            reason: `${base} answered HTTP ${res.status} without JSON: ${text.slice(0, 120)}`,
          };
        }
        if (body.status !== 'success') {
          // Prometheus' own words: for a PromQL syntax error they name the position and the token.
          const problem = body.errorType === 'timeout' ? 'timeout' : 'rejected';
          return {
            ok: false,
            problem,
            reason: `Prometheus: ${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? text.slice(0, 200)}`,
          };
        }
        return toSeries(body.data, base);
      };
      return {
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

function toSeries(data: PromResponse['data'], base: string): QueryOutcome {
  const bad = (why: string): QueryOutcome => ({
    ok: false,
    problem: 'bad-response',
    reason: `${base}: ${why}`,
  });
  if (!data?.resultType) return bad('response without data');
  const point = (s: unknown): number => {
    const v = Array.isArray(s) && typeof s[1] === 'string' ? parseValue(s[1]) : undefined;
    return v ?? Number.NaN;
  };
  switch (data.resultType) {
    case 'scalar':
      return { ok: true, series: [{ labels: {}, values: [point(data.result)] }] };
    case 'vector':
    case 'matrix': {
      if (!Array.isArray(data.result)) return bad('result is not a list');
      const series: Series[] = (data.result as PromSeries[]).map((r) => ({
        labels: r.metric ?? {},
        values: data.resultType === 'vector' ? [point(r.value)] : (r.values ?? []).map(point),
      }));
      return { ok: true, series };
    }
    default:
      return {
        ok: false,
        problem: 'unsupported',
        reason: `the query returns a ${data.resultType}, not numbers`,
      };
  }
}

function withoutName(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { __name__: _, ...rest } = labels;
  return rest;
}
