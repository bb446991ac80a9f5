/**
 * Measured figures as suggested answers: each practice that declares `measures` in its model gets
 * a suggestion when every measure has enough data, with the figures and what they were computed
 * from as the evidence. Suggestions never touch an answer; a person accepts or overrides them.
 * The thresholds are the model's, never this module's.
 */
import type { Confidence, PracticeSuggestion, SuggestedStatus } from '../evidence/index.js';
import type { DeliveryMeasure, Measure, RunMeasure } from '../model/index.js';
import type { CommitSource } from './commits.js';
import { isProduction } from './events.js';
import type { History } from './history.js';
import { workloadMetrics } from './metrics.js';
import type { DeliveryMetrics } from './report.js';

export interface MeasuredPractice {
  id: string;
  measures: readonly Measure[];
}

/** Results pushed to the server, as the suggestions need them. */
export interface RunResults {
  health?: { evaluatedAt: string; state: string } | undefined;
  perf?:
    | {
        comparedAt: string;
        baselineCreated: string | null;
        flows: number;
        regressed: number;
        targetsMissed: number;
      }
    | undefined;
}

export interface SuggestionOptions {
  /** The end of every window, and what "recent" is measured from. */
  now: string;
  linkHorizonHours?: number | undefined;
  commits?: CommitSource | undefined;
}

interface Outcome {
  status: SuggestedStatus;
  confidence: Confidence;
  evidence: string[];
  summary: string;
  detector: string;
}

const DAY = 86_400_000;
const RANK: Record<SuggestedStatus, number> = { met: 2, partial: 1, 'not-met': 0 };
const TRUST: Record<Confidence, number> = { high: 2, medium: 1, low: 0 };
const MAX_LISTED = 10;

const WORDS: Record<DeliveryMeasure['metric'], { name: string; unit: string }> = {
  'delivery.deployments-per-week': { name: 'successful production deployments a week', unit: '' },
  'delivery.commits-per-deployment': { name: 'commits per deployment (median)', unit: '' },
  'delivery.lead-time-hours': { name: 'change lead time (median)', unit: ' h' },
  'delivery.change-failure-rate': { name: 'change failure rate', unit: '' },
  'delivery.recovery-hours': { name: 'failed deployment recovery time (median)', unit: ' h' },
  'delivery.rework-rate': { name: 'deployment rework rate', unit: '' },
};

/** The figure a measure reads, how many observations it rests on, and the deployments it used. */
function figure(
  m: DeliveryMetrics,
  metric: DeliveryMeasure['metric'],
): { value: number | null; sample: number; used: string[] } {
  switch (metric) {
    case 'delivery.deployments-per-week':
      return {
        value: m.deploymentFrequency.perWeek,
        sample: m.changeFailureRate.deployments,
        used: m.deploymentFrequency.used,
      };
    case 'delivery.commits-per-deployment':
      return {
        value: m.leadTime.medianCommits,
        sample: m.leadTime.changes.length,
        used: m.leadTime.changes.map((c) => c.deployment),
      };
    case 'delivery.lead-time-hours':
      return {
        value: m.leadTime.medianHours,
        sample: m.leadTime.changes.length,
        used: m.leadTime.changes.map((c) => c.deployment),
      };
    case 'delivery.change-failure-rate':
      return {
        value: m.changeFailureRate.value,
        sample: m.changeFailureRate.deployments,
        used: m.changeFailureRate.used.map((u) => u.deployment),
      };
    case 'delivery.recovery-hours':
      return {
        value: m.recoveryTime.medianHours,
        sample: m.changeFailureRate.deployments,
        used: m.recoveryTime.recovered.map((r) => r.deployment),
      };
    case 'delivery.rework-rate':
      return {
        value: m.reworkRate.value,
        sample: m.reworkRate.deployments,
        used: m.reworkRate.used.map((u) => u.deployment),
      };
  }
}

const within = (v: number, b: { atLeast?: number | undefined; atMost?: number | undefined }) =>
  (b.atLeast === undefined || v >= b.atLeast) && (b.atMost === undefined || v <= b.atMost);
const boundText = (b: { atLeast?: number | undefined; atMost?: number | undefined }) =>
  [b.atLeast !== undefined ? `≥ ${b.atLeast}` : '', b.atMost !== undefined ? `≤ ${b.atMost}` : '']
    .filter(Boolean)
    .join(' and ');
const listed = (keys: readonly string[]) =>
  keys.length <= MAX_LISTED
    ? keys.join(', ')
    : `${keys.slice(0, MAX_LISTED).join(', ')} and ${keys.length - MAX_LISTED} more`;

function deliveryOutcome(
  measure: DeliveryMeasure,
  m: DeliveryMetrics | undefined,
  anyDeployment: boolean,
): Outcome | undefined {
  if (!m) return undefined;
  const f = figure(m, measure.metric);
  // Frequency speaks even when low, once the workload sends deployments at all; the others need a sample.
  const enough =
    measure.metric === 'delivery.deployments-per-week' ? anyDeployment : f.sample >= measure.minDeployments;
  if (!enough || f.value === null) return undefined;
  const status: SuggestedStatus = within(f.value, measure.met)
    ? 'met'
    : measure.partial && within(f.value, measure.partial)
      ? 'partial'
      : 'not-met';
  const w = WORDS[measure.metric];
  const rule = `met at ${boundText(measure.met)}${measure.partial ? `, partial at ${boundText(measure.partial)}` : ''}`;
  return {
    status,
    confidence: measure.confidence,
    evidence: [
      `${w.name}: ${f.value}${w.unit} in ${m.window.days} days to ${m.environment} (${rule}), from ${f.sample} deployments`,
      ...(f.used.length > 0 ? [`${measure.metric} used deployments ${listed(f.used)}`] : []),
    ],
    summary: `${w.name} ${f.value}${w.unit}`,
    detector: 'delivery-metrics',
  };
}

/** Evidence only while recent: an old run says nothing about today's practice. */
const recent = (iso: string, days: number, now: number) => {
  const at = Date.parse(iso);
  return !Number.isNaN(at) && now - at <= days * DAY && at <= now + DAY;
};

function runOutcome(measure: RunMeasure, runs: RunResults, now: number): Outcome | undefined {
  if (measure.metric === 'perf.baseline-comparison') {
    const p = runs.perf;
    // A comparison against targets alone is no baseline comparison; a failing one is no pass.
    if (!p?.baselineCreated || !recent(p.comparedAt, measure.withinDays, now)) return undefined;
    if (p.regressed > 0 || p.targetsMissed > 0) return undefined;
    return {
      status: 'met',
      confidence: measure.confidence,
      evidence: [
        `load-test comparison pushed at ${p.comparedAt}: ${p.flows} flows against the baseline of ${p.baselineCreated}, none regressed, no target missed (within ${measure.withinDays} days)`,
      ],
      summary: `a load test passed its baseline comparison at ${p.comparedAt}`,
      detector: 'perf-comparison',
    };
  }
  const h = runs.health;
  if (!h || !recent(h.evaluatedAt, measure.withinDays, now)) return undefined;
  return {
    status: 'met',
    confidence: measure.confidence,
    evidence: [
      `health evaluation pushed at ${h.evaluatedAt} (state ${h.state}), within ${measure.withinDays} days`,
    ],
    summary: `health evaluated at ${h.evaluatedAt}`,
    detector: 'health-evaluation',
  };
}

/** The production environment with the most deployments: the one the practices are about. */
function production(all: readonly DeliveryMetrics[]): DeliveryMetrics | undefined {
  return all
    .filter((m) => m.production)
    .sort(
      (a, b) =>
        b.changeFailureRate.deployments - a.changeFailureRate.deployments ||
        (a.environment < b.environment ? -1 : 1),
    )[0];
}

/** One workload's measured suggestions (its history, and its pushed run results). */
export function measuredSuggestions(
  practices: readonly MeasuredPractice[],
  history: History,
  runs: RunResults,
  opts: SuggestionOptions,
): PracticeSuggestion[] {
  const now = Date.parse(opts.now);
  const workload = history.deployments[0]?.workload ?? '';
  const anyDeployment = history.deployments.some((d) => isProduction(d.environment) && d.time < now);
  const byWindow = new Map<number, DeliveryMetrics | undefined>();
  const metricsFor = (days: number) => {
    if (!byWindow.has(days)) {
      const window = { from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() };
      const all = workloadMetrics(workload, history.deployments, history.incidents, {
        window,
        linkHorizonHours: opts.linkHorizonHours,
        commits: opts.commits,
      });
      byWindow.set(days, production(all));
    }
    return byWindow.get(days);
  };
  const out: PracticeSuggestion[] = [];
  for (const p of practices) {
    if (p.measures.length === 0) continue;
    const outcomes = p.measures.map((m) =>
      'withinDays' in m
        ? runOutcome(m, runs, now)
        : deliveryOutcome(m, metricsFor(m.windowDays), anyDeployment),
    );
    const all = outcomes.filter((o): o is Outcome => o !== undefined);
    // Met needs every measure; one measure that fails is enough for not met. Anything else
    // with a measure silent (too few deployments) could be either: no suggestion.
    if (all.length < outcomes.length && !all.some((o) => o.status === 'not-met')) continue;
    const worst = all.reduce((a, b) => (RANK[b.status] < RANK[a.status] ? b : a));
    const least = all.reduce((a, b) => (TRUST[b.confidence] < TRUST[a.confidence] ? b : a));
    out.push({
      practiceId: p.id,
      status: worst.status,
      confidence: least.confidence,
      evidence: all.flatMap((o) => o.evidence),
      summary: `Measured: ${all.map((o) => o.summary).join('; ')}`,
      detector: [...new Set(all.map((o) => o.detector))].join('+'),
    });
  }
  return out.sort((a, b) => (a.practiceId < b.practiceId ? -1 : 1));
}
