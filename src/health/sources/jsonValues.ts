import { z } from 'zod';
import { parseYaml } from '../../yamlDoc/index.js';
import { boundedInputError, quote } from '../messages.js';
import { parseValue } from '../promText.js';
import { readTextFile, withoutBom } from '../text.js';
import { explainNoMatch, type MetricSource, matchesLabels, type Series } from './types.js';

/**
 * Values kept in a JSON file, for offline use and for tests:
 *
 *   { "values": { "api.error-rate": 0.004, "db.lag": "NaN", "db.up": null },
 *     "series": [ { "metric": "up", "labels": { "job": "db" }, "value": 1 } ] }
 *
 * `values` is keyed by `component.signal` and answers any signal; `series` answers `metric:` signals
 * the way a metrics page would. JSON has no NaN or Infinity, so they are written as strings.
 */
const number = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : parseValue(v.trim());
  if (n === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(String(v))} is not a number (NaN, +Inf and -Inf are allowed)`,
    });
    return z.NEVER;
  }
  return n;
});
const labelled = z.strictObject({ labels: z.record(z.string(), z.string()).default({}), value: number });
// A hand-made union: zod's own reports only "Invalid input" when no branch fits.
const entry = z.unknown().transform((v, ctx): number | null | z.output<typeof labelled>[] => {
  if (v === null) return null;
  const parsed = Array.isArray(v) ? z.array(labelled).safeParse(v) : number.safeParse(v);
  if (parsed.success) return parsed.data;
  ctx.addIssue({
    code: 'custom',
    message:
      typeof v === 'number' || typeof v === 'string' || Array.isArray(v)
        ? (parsed.error.issues[0]?.message ?? 'invalid value')
        : 'expected a number, a string such as "NaN", null, or a list of { labels, value }',
  });
  return z.NEVER;
});
const valuesFileSchema = z.strictObject({
  values: z.record(z.string(), entry).default({}),
  series: z
    .array(
      z.strictObject({
        metric: z.string(),
        labels: z.record(z.string(), z.string()).default({}),
        value: number,
      }),
    )
    .default([]),
});
export type ValuesFile = z.output<typeof valuesFileSchema>;

export function parseValuesFile(text: string, file: string): ValuesFile {
  try {
    // JSON is YAML, so the shared reader gives line numbers for JSON mistakes too.
    return parseYaml(withoutBom(text), file, valuesFileSchema).value;
  } catch (err) {
    throw boundedInputError(err);
  }
}

export function jsonValuesSource(file: string): MetricSource {
  return {
    description: `values file ${file}`,
    open() {
      let data: ValuesFile | undefined;
      const load = (): ValuesFile => {
        if (data) return data;
        data = parseValuesFile(readTextFile(file, 'values file'), file);
        return data;
      };
      return {
        async query(request) {
          const values = load();
          if (Object.hasOwn(values.values, request.key)) {
            const v = values.values[request.key];
            if (v === null || v === undefined)
              return { ok: true, series: [], note: `${request.key} is null in ${file}` };
            const series: Series[] = Array.isArray(v)
              ? v.map((s) => ({ labels: s.labels, values: [s.value] }))
              : [{ labels: {}, values: [v] }];
            return { ok: true, series };
          }
          const q = request.query;
          if (q.kind === 'promql')
            return { ok: true, series: [], note: `no value for ${request.key} in ${file}` };
          const available = values.series.map((s) => ({ name: s.metric, labels: s.labels }));
          const matches = values.series.filter(
            (s) => s.metric === q.name && matchesLabels(s.labels, q.labels),
          );
          if (matches.length === 0)
            return { ok: true, series: [], note: explainNoMatch(available, q.name, q.labels) };
          return { ok: true, series: matches.map((s) => ({ labels: s.labels, values: [s.value] })) };
        },
      };
    },
  };
}
