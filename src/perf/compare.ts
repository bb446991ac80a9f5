import { type Baseline, type BaselineFlow, baselinePercentiles } from './baseline.js';
import { type Coupling, closedLoopCoupling } from './coupling.js';
import { minSamplesFor } from './orderStatistics.js';
import { P_VALUES } from './overTime.js';
import type { FlowFigures, PercentileFigure, RunSummary } from './summary.js';
import {
  DEFAULT_TOLERANCE,
  type FlowDefinition,
  type MetricKey,
  PERCENTILES,
  type PercentileKey,
  type Targets,
} from './targetsFile.js';

export type Verdict = 'pass' | 'regressed' | 'target missed' | 'too few samples' | 'no reference';

export interface MetricRow {
  metric: MetricKey;
  unit: 'ms' | 'req/s' | '%';
  target: number | null;
  baseline: number | null;
  current: number | null;
  /** Percent of the baseline for latency and throughput; percentage points for the error rate. */
  change: number | null;
  tolerance: number;
  verdicts: Verdict[];
  note?: string;
  /** Percentiles: this run's 95% confidence interval, ms (absent when too few samples bound it). */
  ci?: [number, number];
  /** Throughput: the flow whose latency explains the drop (closed-loop coupling). */
  explainedBy?: string;
}

export interface FlowComparison {
  flow: string;
  priority: number | null;
  count: number;
  baselineCount: number | null;
  rows: MetricRow[];
  verdicts: Verdict[];
  notes: string[];
}

export interface Comparison {
  targetsFile: string | null;
  baselineFile: string | null;
  baselineCreated: string | null;
  flows: FlowComparison[];
  regressed: number;
  targetsMissed: number;
  /** 1 when anything regressed or missed its target. */
  exitCode: 0 | 1;
  /** Every flow's throughput fell with one flow's latency (closed loop); null when not so. */
  coupling: Coupling | null;
  rules: string[];
  notes: string[];
}

/** The sample floors of the percentiles, as the rules and footnotes state them. */
export const FLOORS_TEXT = (['p50', 'p90', 'p95', 'p99'] as const)
  .map((k) => `${k} ${minSamplesFor(P_VALUES[k])}`)
  .join(', ');

/** The rules, stated in every report so a verdict can be checked by hand. */
export const RULES = [
  'target missed: this run is worse than the target (a percentile or the error rate above it, the throughput below it)',
  'regressed (percentiles): above the baseline by more than the tolerance AND the two 95% confidence intervals (distribution-free, from order statistics) do not overlap, so noise is not called a regression',
  'regressed (error rate): up by more than the tolerance in percentage points AND a two-proportion z-test gives z > 1.96',
  'regressed (throughput): down by more than the tolerance; it depends on the load profile, so compare runs of the same profile',
  'regressed (throughput) in a closed loop: when every flow falls by a similar share, the flow whose latency rise adds most of the time per request (its share of the requests × the rise of its mean) is named as the cause',
  `too few samples: a percentile is judged once its 95% confidence interval (exact binomial bounds on the order statistics) ends below the largest sample, so no single sample sets it: ${FLOORS_TEXT} samples; below that it is shown but never judged`,
];

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function percentileRow(
  key: PercentileKey,
  cur: PercentileFigure | undefined,
  base: PercentileFigure | undefined,
  target: number | undefined,
  tolerance: number,
): MetricRow {
  const row: MetricRow = {
    metric: key,
    unit: 'ms',
    target: target ?? null,
    baseline: base?.ms ?? null,
    current: cur?.ms ?? null,
    change: null,
    tolerance,
    verdicts: [],
  };
  if (row.current !== null && row.baseline !== null && row.baseline > 0)
    row.change = round(((row.current - row.baseline) / row.baseline) * 100);
  if (cur?.ci) row.ci = cur.ci;
  if (!cur || cur.ms === null) return row;
  if (!cur.enough) {
    row.verdicts.push('too few samples');
    row.note = `needs ${cur.minSamples} samples`;
    return row;
  }
  if (target !== undefined && cur.ms > target) row.verdicts.push('target missed');
  if (base && base.ms !== null && row.change !== null) {
    if (!base.enough) row.note = 'baseline had too few samples';
    else if (row.change > tolerance) {
      if (cur.ci && base.ci) {
        if (cur.ci[0] > base.ci[1]) row.verdicts.push('regressed');
        else row.note = 'within noise: confidence intervals overlap';
      } else {
        row.verdicts.push('regressed');
        row.note = 'no noise check: percentiles were reported by the tool, not computed from samples';
      }
    }
  }
  if (target === undefined && (!base || base.ms === null)) row.verdicts.push('no reference');
  if (row.verdicts.length === 0) row.verdicts.push('pass');
  return row;
}

function errorRateRow(
  cur: FlowFigures | undefined,
  base: BaselineFlow | undefined,
  target: number | undefined,
  tolerance: number,
): MetricRow {
  const row: MetricRow = {
    metric: 'errorRate',
    unit: '%',
    target: target ?? null,
    baseline: base?.errorRate ?? null,
    current: cur ? cur.errorRate : null,
    change: null,
    tolerance,
    verdicts: [],
  };
  if (!cur || cur.count === 0) return row;
  if (base) row.change = round(cur.errorRate - base.errorRate, 4);
  if (target !== undefined && cur.errorRate > target) row.verdicts.push('target missed');
  if (base && base.count > 0 && row.change !== null && row.change > tolerance) {
    const p1 = base.errors / base.count;
    const p2 = cur.errors / cur.count;
    const pooled = (base.errors + cur.errors) / (base.count + cur.count);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / base.count + 1 / cur.count));
    const z = se > 0 ? (p2 - p1) / se : Number.POSITIVE_INFINITY;
    if (z > 1.96) row.verdicts.push('regressed');
    else row.note = `within noise: z = ${round(z)}`;
  }
  if (target === undefined && !base) row.verdicts.push('no reference');
  if (row.verdicts.length === 0) row.verdicts.push('pass');
  return row;
}

function throughputRow(
  cur: FlowFigures | undefined,
  base: BaselineFlow | undefined,
  target: number | undefined,
  tolerance: number,
): MetricRow {
  const row: MetricRow = {
    metric: 'throughput',
    unit: 'req/s',
    target: target ?? null,
    baseline: base?.throughput ?? null,
    current: cur?.throughput ?? null,
    change: null,
    tolerance,
    verdicts: [],
  };
  if (row.current === null) return row;
  if (row.baseline !== null && row.baseline > 0)
    row.change = round(((row.current - row.baseline) / row.baseline) * 100);
  if (target !== undefined && row.current < target) row.verdicts.push('target missed');
  if (row.change !== null && -row.change > tolerance) row.verdicts.push('regressed');
  if (target === undefined && row.baseline === null) row.verdicts.push('no reference');
  if (row.verdicts.length === 0) row.verdicts.push('pass');
  return row;
}

function flowVerdicts(rows: MetricRow[]): Verdict[] {
  const all = new Set(rows.flatMap((r) => r.verdicts));
  const out: Verdict[] = [];
  if (all.has('regressed')) out.push('regressed');
  if (all.has('target missed')) out.push('target missed');
  if (out.length === 0) {
    if (all.has('pass')) out.push('pass');
    else if (all.has('too few samples')) out.push('too few samples');
    else out.push('no reference');
  }
  return out;
}

export function compareRun(summary: RunSummary, targets?: Targets, baseline?: Baseline): Comparison {
  const defs = new Map<string, FlowDefinition>((targets?.flows ?? []).map((f) => [f.name, f]));
  const baseFlows = new Map<string, BaselineFlow>((baseline?.flows ?? []).map((f) => [f.flow, f]));
  const curFlows = new Map<string, FlowFigures>(summary.flows.map((f) => [f.flow, f]));
  curFlows.set(summary.overall.flow, summary.overall);
  const names: string[] = [];
  const add = (n: string) => {
    if (!names.includes(n)) names.push(n);
  };
  for (const f of targets?.flows ?? []) add(f.name);
  if (!targets) {
    for (const f of summary.flows) add(f.flow);
    for (const f of baseline?.flows ?? []) if (f.flow !== summary.overall.flow) add(f.flow);
  }
  add(summary.overall.flow);

  const flows: FlowComparison[] = names.map((name) => {
    const def = defs.get(name);
    const cur = curFlows.get(name);
    const base = baseFlows.get(name);
    const tol = def?.tolerance ?? DEFAULT_TOLERANCE;
    const basePct = base ? judgedBaseline(base) : undefined;
    const rows: MetricRow[] = PERCENTILES.map((p) =>
      percentileRow(p, cur?.percentiles[p], basePct?.[p], def?.targets[p], tol[p]),
    );
    rows.push(throughputRow(cur, base, def?.targets.throughput, tol.throughput));
    rows.push(errorRateRow(cur, base, def?.targets.errorRate, tol.errorRate));
    const notes: string[] = [];
    if (!cur || cur.count === 0) {
      notes.push('no samples for this flow in this run: check its labels or URL patterns');
      if (def && Object.keys(def.targets).length > 0) {
        for (const r of rows) if (r.target !== null) r.verdicts = ['target missed'];
      }
    }
    if (cur && cur.exactness !== 'samples')
      notes.push(
        cur.exactness === 'reported-upper-bound'
          ? 'percentiles are the largest of several reported entries: an upper bound, less exact than from samples'
          : 'percentiles as reported by the tool (no samples): less exact, and no noise check is possible',
      );
    if (base && !cur) notes.push('in the baseline but not in this run');
    if (cur && !base && baseline) notes.push('not in the baseline');
    return {
      flow: name,
      priority: def ? def.priority : null,
      count: cur?.count ?? 0,
      baselineCount: base?.count ?? null,
      rows,
      verdicts: flowVerdicts(rows),
      notes,
    };
  });
  const coupling = baseline
    ? closedLoopCoupling(
        summary.overall,
        baseFlows.get(summary.overall.flow),
        summary.flows,
        baseFlows,
        (defs.get(summary.overall.flow)?.tolerance ?? DEFAULT_TOLERANCE).throughput,
      )
    : undefined;
  if (coupling) {
    for (const f of flows) {
      const row = f.rows.find((r) => r.metric === 'throughput');
      if (!row || row.change === null || row.change >= 0) continue;
      row.explainedBy = coupling.cause;
      const because =
        f.flow === coupling.cause
          ? 'this flow’s own latency rise lowers every flow’s throughput (closed loop)'
          : `follows ${coupling.cause}’s latency rise (closed loop)`;
      row.note = row.note ? `${row.note}; ${because}` : because;
    }
  }
  const regressed = flows.filter((f) => f.verdicts.includes('regressed')).length;
  const targetsMissed = flows.filter((f) => f.verdicts.includes('target missed')).length;
  const notes = [...summary.notes];
  if (summary.skipped.total > 0)
    notes.push(`${summary.skipped.total} rows were skipped as unreadable; the figures leave them out`);
  if (summary.unmatched.count > 0)
    notes.push(
      `${summary.unmatched.count} samples matched no flow (e.g. ${summary.unmatched.labels.slice(0, 3).join(', ')})`,
    );
  return {
    targetsFile: targets?.file ?? null,
    baselineFile: baseline?.file ?? null,
    baselineCreated: baseline?.created ?? null,
    flows,
    regressed,
    targetsMissed,
    exitCode: regressed > 0 || targetsMissed > 0 ? 1 : 0,
    coupling: coupling ?? null,
    rules: RULES,
    notes,
  };
}

/**
 * A baseline's percentiles, judged by today's sample floors (a baseline written before the floors
 * were lowered says p99 of 900 samples is not enough; its count decides instead).
 */
function judgedBaseline(base: BaselineFlow): Record<PercentileKey, PercentileFigure> {
  const out = baselinePercentiles(base);
  for (const k of PERCENTILES) {
    const minSamples = minSamplesFor(P_VALUES[k]);
    out[k] = { ...out[k], minSamples, enough: base.count >= minSamples };
  }
  return out;
}
