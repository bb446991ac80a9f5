/**
 * The edge between the health core and the outside world. Evaluation asks a MetricSession for
 * series; tests and offline use swap in a file or a fixture. A source never throws for a failed
 * query: it answers with a problem, and the signal becomes `unknown` with that reason.
 */
import { excerpt, listExcerpt, quote } from '../messages.js';

/** A label matcher as PromQL has them: equal (a plain string), not equal, regex, not regex. */
export type LabelMatch =
  | string
  | { readonly not: string }
  | { readonly regex: string }
  | { readonly notRegex: string };

export type SignalQuery =
  | { readonly kind: 'promql'; readonly expr: string }
  | { readonly kind: 'metric'; readonly name: string; readonly labels: Readonly<Record<string, LabelMatch>> };

const compiled = new Map<string, RegExp>();
/** Anchored at both ends and a missing label read as "", as Prometheus does. */
export function matchesLabel(value: string | undefined, m: LabelMatch): boolean {
  const v = value ?? '';
  if (typeof m === 'string') return v === m;
  if ('not' in m) return v !== m.not;
  const source = 'regex' in m ? m.regex : m.notRegex;
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(`^(?:${source})$`, 'u');
    compiled.set(source, re);
  }
  return 'regex' in m ? re.test(v) : !re.test(v);
}

export function matchesLabels(
  labels: Readonly<Record<string, string>>,
  matchers: Readonly<Record<string, LabelMatch>>,
): boolean {
  return Object.entries(matchers).every(([k, m]) => matchesLabel(labels[k], m));
}

function matcherText(k: string, m: LabelMatch): string {
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  if (typeof m === 'string') return `${k}="${esc(m)}"`;
  if ('not' in m) return `${k}!="${esc(m.not)}"`;
  return 'regex' in m ? `${k}=~"${esc(m.regex)}"` : `${k}!~"${esc(m.notRegex)}"`;
}

export interface QueryRequest {
  /** `component.signal`, the key a JSON values file uses. */
  readonly key: string;
  readonly query: SignalQuery;
  /** A range read ending now, instead of the latest value. */
  readonly window?: { readonly ms: number; readonly stepMs: number };
}

export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Points in time order; one point for an instant read. */
  readonly values: readonly number[];
}

export type QueryProblem = 'timeout' | 'down' | 'rejected' | 'unsupported' | 'bad-response';

export type QueryOutcome =
  | {
      readonly ok: true;
      readonly series: readonly Series[] /** Why nothing matched, when known. */;
      readonly note?: string;
    }
  | { readonly ok: false; readonly problem: QueryProblem; readonly reason: string };

export type QueryFailure = Extract<QueryOutcome, { ok: false }>;

export interface MetricSession {
  query(request: QueryRequest): Promise<QueryOutcome>;
  /**
   * Each named metric's type as the source knows it (Prometheus' metadata, a page's `# TYPE`):
   * `counter` for a running total, a histogram's or summary's _sum, _count and _bucket included.
   * Names it knows nothing of are left out.
   */
  metricTypes?(names: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** The type of `name` given the types of metric families: suffixed series of a histogram are counters. */
export function typeOf(name: string, familyType: (family: string) => string | undefined): string | undefined {
  const own = familyType(name);
  if (own !== undefined) return own;
  const m = /^(.+)_(total|sum|count|bucket)$/.exec(name);
  if (!m?.[1]) return undefined;
  const base = familyType(m[1]);
  if (m[2] === 'total') return base === 'counter' ? 'counter' : undefined;
  return base === 'histogram' || base === 'summary' ? 'counter' : undefined;
}

export interface MetricSource {
  /** For messages and reports, e.g. `Prometheus at http://…`. */
  readonly description: string;
  /** One evaluation's view: text sources fetch their page once per session. */
  open(options: { readonly timeoutMs: number }): MetricSession;
}

/** Turns what fetch throws into a reason a person can act on. */
export function fetchProblem(err: unknown, url: string, timeoutMs: number): QueryFailure {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return { ok: false, problem: 'timeout', reason: `no answer from ${excerpt(url)} within ${timeoutMs} ms` };
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return { ok: false, problem: 'down', reason: `cannot reach ${excerpt(url)}: ${excerpt(cause)}` };
}

/** Why a metric selector matched nothing, given the series that do exist (whose labels may be anything). */
export function explainNoMatch(
  available: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>> }[],
  name: string,
  labels: Readonly<Record<string, LabelMatch>>,
): string {
  const same = available.filter((s) => s.name === name);
  const metric = excerpt(name);
  if (same.length === 0) return `no series named ${metric}`;
  for (const [k, m] of Object.entries(labels)) {
    const withKey = same.filter((s) => Object.hasOwn(s.labels, k));
    if (typeof m === 'string' && withKey.length === 0) {
      const known = [...new Set(same.flatMap((s) => Object.keys(s.labels)))].sort();
      return `missing label ${quote(k, 60)}: series of ${metric} have ${known.length ? `labels ${listExcerpt(known)}` : 'no labels'}`;
    }
    if (!same.some((s) => matchesLabel(s.labels[k], m))) {
      const seen = [...new Set(withKey.map((s) => s.labels[k] ?? ''))].slice(0, 8);
      return `no series of ${metric} with ${excerpt(matcherText(k, m), 80)} (seen: ${seen.map((x) => quote(x, 40)).join(', ')})`;
    }
  }
  return `no series of ${metric} matches ${excerpt(formatSelector(name, labels))}`;
}

export function formatSelector(name: string, labels: Readonly<Record<string, LabelMatch>>): string {
  const pairs = Object.entries(labels).map(([k, m]) => matcherText(k, m));
  return pairs.length ? `${name}{${pairs.join(',')}}` : name;
}
