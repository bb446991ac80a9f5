/** The evaluation result: plain JSON-serialisable data, for the CLI today and a server later. */
import type { HealthState, Propagation, RollUpRules } from './schema.js';
import type { QueryProblem } from './sources/types.js';

export type SignalProblem = QueryProblem | 'no-data' | 'several-series' | 'not-finite' | 'counter';

export interface ThresholdRef {
  readonly state: 'degraded' | 'unhealthy';
  readonly op: '>' | '<';
  readonly value: number;
  /** False when the signal is healthy and this is the nearest threshold it stays clear of. */
  readonly crossed: boolean;
}

export interface SeriesResult {
  /** The series' labels as PromQL writes them, e.g. `{instance="b:9100"}`; its key in notifications. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: HealthState;
  readonly value: number | null;
  readonly reason: string;
}

export interface SignalResult {
  readonly id: string;
  /** `component.signal` */
  readonly key: string;
  readonly state: HealthState;
  /** The value that decided the state; null when it could not be read. */
  readonly value: number | null;
  readonly unit: string;
  readonly threshold: ThresholdRef | null;
  /** What decided the state, in words: the comparison, or why the signal is unknown. */
  readonly reason: string;
  readonly problem?: SignalProblem;
  /** Why the thresholds fit this workload, from the model. */
  readonly why: string;
  /** The PromQL or selector that was asked. */
  readonly query: string;
  /** With perSeries: each series' own state, worst first. */
  readonly series?: readonly SeriesResult[];
  /** A new state seen but not yet held for its `for:`; `state` is still the one reported before. */
  readonly pending?: { readonly state: HealthState; readonly evaluations: number; readonly since: string };
}

export type DecidedBy = { readonly kind: 'signal' | 'dependency' | 'component'; readonly id: string } | null;

export interface ComponentResult {
  readonly id: string;
  readonly name: string;
  readonly critical: boolean;
  readonly dependsOn: readonly string[];
  /** What each dependency's state does here, where the model says (see schema `propagate`). */
  readonly propagate?: Readonly<Record<string, Propagation>>;
  readonly state: HealthState;
  /** From its own signals only, before dependencies are taken into account. */
  readonly ownState: HealthState;
  readonly decidedBy: DecidedBy;
  readonly reason: string;
  readonly signals: readonly SignalResult[];
}

export interface HealthReport {
  readonly formatVersion: 1;
  readonly workload: string;
  readonly state: HealthState;
  readonly decidedBy: DecidedBy;
  readonly reason: string;
  readonly source: string;
  readonly evaluatedAt: string;
  readonly durationMs: number;
  readonly rollUp: RollUpRules;
  readonly components: readonly ComponentResult[];
}
