/**
 * State-change detection between two evaluations. Pure, so a server can reuse it on stored
 * reports. The first evaluation has nothing to compare with: only states other than healthy are
 * reported then, so a watch started during an incident still raises it.
 */
import type { HealthReport } from './report.js';
import type { HealthState } from './schema.js';

interface Judged {
  readonly state: HealthState;
  readonly reason: string;
}

/** What detection reads of a report (a HealthReport has it all; the server gets it from a request). */
export interface ReportStates extends Judged {
  readonly workload: string;
  readonly evaluatedAt: string;
  readonly components: readonly (Judged & {
    readonly id: string;
    readonly signals: readonly (Judged & {
      readonly id: string;
      readonly key: string;
      readonly value?: number | null | undefined;
      readonly series?:
        | readonly (Judged & { readonly name: string; readonly value: number | null })[]
        | undefined;
    })[];
  })[];
}

export interface StateChange {
  readonly at: string;
  readonly workload: string;
  readonly level: 'workload' | 'component' | 'signal' | 'series';
  /** `workload`, a component id, `component.signal`, or `component.signal{labels}` (perSeries). */
  readonly id: string;
  /**
   * `<workload>/<id>`: the same for one signal (or component) in every evaluation and every run, so
   * a receiver can group, deduplicate or resolve on it, as alerting rules do with a label set.
   */
  readonly key: string;
  readonly from: HealthState | null;
  readonly to: HealthState;
  readonly reason: string;
  readonly value?: number | null;
}

export function detectChanges(previous: ReportStates | undefined, next: ReportStates): StateChange[] {
  const at = next.evaluatedAt;
  const changes: StateChange[] = [];
  const seen = (from: HealthState | undefined, to: HealthState) =>
    from === undefined ? to !== 'healthy' : from !== to;
  const common = { at, workload: next.workload };
  const key = (id: string) => `${next.workload}/${id}`;
  if (seen(previous?.state, next.state))
    changes.push({
      ...common,
      level: 'workload',
      id: 'workload',
      key: key('workload'),
      from: previous?.state ?? null,
      to: next.state,
      reason: next.reason,
    });
  const prevComponents = new Map(previous?.components.map((c) => [c.id, c]));
  for (const c of next.components) {
    const before = prevComponents.get(c.id);
    if (seen(before?.state, c.state))
      changes.push({
        ...common,
        level: 'component',
        id: c.id,
        key: key(c.id),
        from: before?.state ?? null,
        to: c.state,
        reason: c.reason,
      });
    const prevSignals = new Map(before?.signals.map((s) => [s.id, s]));
    for (const s of c.signals) {
      const prevSignal = prevSignals.get(s.id);
      const from = prevSignal?.state;
      if (seen(from, s.state))
        changes.push({
          ...common,
          level: 'signal',
          id: s.key,
          key: key(s.key),
          from: from ?? null,
          to: s.state,
          reason: s.reason,
          value: s.value,
        });
      // perSeries: each series named, so on-call sees which instance or mount point moved.
      const prevSeries = new Map(prevSignal?.series?.map((x) => [x.name, x.state]));
      for (const x of s.series ?? []) {
        const was = prevSeries.get(x.name);
        if (seen(was, x.state))
          changes.push({
            ...common,
            level: 'series',
            id: `${s.key}${x.name}`,
            key: key(`${s.key}${x.name}`),
            from: was ?? null,
            to: x.state,
            reason: x.reason,
            value: x.value,
          });
      }
    }
  }
  return changes;
}

/**
 * Every change is told, a signal's too: inside a component that stays degraded the cause can
 * switch, or a second signal go bad, and on-call must hear it. One notification per evaluation
 * carries all its changes; flapping is held back by `for:` before it gets here.
 */
export function shouldNotify(changes: readonly StateChange[]): boolean {
  return changes.length > 0;
}

export interface HealthNotification {
  readonly kind: 'waymark.health.change';
  readonly workload: string;
  readonly state: HealthState;
  readonly previousState: HealthState | null;
  readonly at: string;
  readonly reason: string;
  readonly changes: readonly StateChange[];
  readonly report: HealthReport;
}

export function notificationFor(
  previous: HealthReport | undefined,
  report: HealthReport,
  changes: readonly StateChange[],
): HealthNotification {
  return {
    kind: 'waymark.health.change',
    workload: report.workload,
    state: report.state,
    previousState: previous?.state ?? null,
    at: report.evaluatedAt,
    reason: notificationReason(previous, report, changes),
    changes,
    report,
  };
}

/** The workload's reason, or, when its state held, which signals moved under it. */
function notificationReason(
  previous: HealthReport | undefined,
  report: HealthReport,
  changes: readonly StateChange[],
): string {
  if (previous === undefined || previous.state !== report.state) return report.reason;
  const moved = changes
    .filter((c) => c.level === 'signal' || c.level === 'series')
    .map((c) => `${c.id} ${c.from ?? 'start'} → ${c.to}`);
  return moved.length ? `still ${report.state}; ${moved.join(', ')}` : report.reason;
}
