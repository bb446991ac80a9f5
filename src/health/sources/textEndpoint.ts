import { InputError } from '../../diagnostics/index.js';
import { type Exposition, PromTextError, parsePromText, selectSamples } from '../promText.js';
import { redactUrl } from '../redact.js';
import { readTextFileAsync } from '../text.js';
import { explainNoMatch, fetchProblem, type MetricSource, type QueryFailure, typeOf } from './types.js';

/**
 * A `/metrics` page (Prometheus text or OpenMetrics) over HTTP, or the same text in a file.
 * The page is read once per evaluation; signals pick series from it by name and labels. PromQL
 * needs a Prometheus server, so `query:` signals are unknown here, with that reason.
 */
export function textEndpointSource(location: string): MetricSource {
  const isUrl = /^https?:\/\//.test(location);
  // Shown without a password; fetch refuses URLs with credentials, so they must come from `auth` instead.
  const shown = isUrl ? redactUrl(location) : location;
  return {
    description: isUrl ? `metrics endpoint ${shown}` : `metrics file ${location}`,
    open({ timeoutMs }) {
      let page: Promise<{ ok: true; exposition: Exposition } | QueryFailure> | undefined;
      const load = () => {
        page ??= (isUrl ? fetchPage(location, timeoutMs) : readPage(location)).then(
          ({ text, contentType }) => {
            try {
              return { ok: true as const, exposition: parsePromText(text, contentType) };
            } catch (err) {
              if (!(err instanceof PromTextError)) throw err;
              if (!isUrl)
                throw new InputError(`not Prometheus or OpenMetrics text: ${err.problem}`, {
                  file: location,
                  ...err.location,
                });
              return {
                ok: false as const,
                problem: 'bad-response' as const,
                reason: `${shown}: ${err.message}`,
              };
            }
          },
          (err: unknown): QueryFailure => {
            if (err instanceof InputError) throw err;
            if (err instanceof HttpRefusal)
              return { ok: false, problem: 'rejected', reason: `${shown} answered HTTP ${err.status}` };
            return fetchProblem(err, shown, timeoutMs);
          },
        );
        return page;
      };
      return {
        async query(request) {
          const q = request.query;
          if (q.kind === 'promql')
            return {
              ok: false,
              problem: 'unsupported',
              reason: 'a metrics page cannot run PromQL; use metric and labels, or a Prometheus source',
            };
          const loaded = await load();
          if (!loaded.ok) return loaded;
          const samples = selectSamples(loaded.exposition.samples, q.name, q.labels);
          if (samples.length === 0)
            return {
              ok: true,
              series: [],
              note: explainNoMatch(loaded.exposition.samples, q.name, q.labels),
            };
          // A page is one moment: a window has a single point per series.
          return { ok: true, series: samples.map((s) => ({ labels: s.labels, values: [s.value] })) };
        },
        async metricTypes(names) {
          const loaded = await load();
          const types = new Map<string, string>();
          if (!loaded.ok) return types;
          const families = loaded.exposition.families;
          for (const name of names) {
            const t = typeOf(name, (f) => families.get(f)?.type);
            if (t !== undefined) types.set(name, t);
          }
          return types;
        },
      };
    },
  };
}

/** The endpoint answered, but not with a page (401, 404, 500…): not the same as being down. */
class HttpRefusal extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function fetchPage(url: string, timeoutMs: number): Promise<{ text: string; contentType?: string }> {
  const res = await fetch(url, {
    headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new HttpRefusal(res.status);
  const contentType = res.headers.get('content-type') ?? undefined;
  return { text: await res.text(), ...(contentType ? { contentType } : {}) };
}

async function readPage(file: string): Promise<{ text: string; contentType?: string }> {
  return { text: await readTextFileAsync(file, 'metrics file') };
}
