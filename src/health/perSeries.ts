/**
 * Per-series signals: each series judged on its own, then one state for the signal by a stated
 * rule, as alerting rules fire per label set. The series that decided is named in the reason, and
 * every series' state is kept so a change of one is notified with its labels.
 */
import type { SeriesResult, ThresholdRef } from './report.js';
import { rank } from './rollUp.js';
import type { HealthState } from './schema.js';
import type { Series } from './sources/types.js';

export type PerSeriesRule = 'worst' | { readonly healthyShare: number };

export interface Judged {
  readonly state: HealthState;
  readonly threshold: ThresholdRef | null;
  readonly reason: string;
}

export interface PerSeriesOutcome extends Judged {
  readonly value: number | null;
  readonly series: readonly SeriesResult[];
}

export function seriesName(labels: Readonly<Record<string, string>>): string {
  const { __name__: _, ...rest } = labels;
  return `{${Object.entries(rest)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** `reduce` turns a series' points into one value (NaN when it cannot); `judge` a value into a state. */
export function perSeriesOutcome(
  series: readonly Series[],
  rule: PerSeriesRule,
  reduce: (values: readonly number[]) => number,
  judge: (value: number) => Judged,
): PerSeriesOutcome {
  const judged = series.map((s) => {
    const value = reduce(s.values);
    const name = seriesName(s.labels);
    if (!Number.isFinite(value))
      return {
        name,
        labels: s.labels,
        state: 'unknown' as const,
        value: null,
        reason: 'not a finite value',
        threshold: null,
      };
    const j = judge(value);
    return { name, labels: s.labels, value, ...j };
  });
  judged.sort((a, b) => rank(b.state) - rank(a.state) || a.name.localeCompare(b.name));
  const worst = judged[0];
  const healthy = judged.filter((s) => s.state === 'healthy').length;
  const shareMet = typeof rule === 'object' && healthy / judged.length >= rule.healthyShare;
  const state: HealthState = !worst ? 'unknown' : shareMet ? 'healthy' : worst.state;
  const count = `${healthy} of ${judged.length} series healthy`;
  const needs = typeof rule === 'object' ? ` (at least ${Math.round(rule.healthyShare * 100)}% must be)` : '';
  const reason = !worst
    ? 'no series'
    : worst.state === 'healthy'
      ? count
      : `${count}${needs}; worst: ${worst.name} ${worst.reason}`;
  return {
    state,
    value: worst?.value ?? null,
    threshold: worst?.threshold ?? null,
    reason,
    series: judged.map(({ threshold: _, ...s }) => s),
  };
}
