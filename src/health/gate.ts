/**
 * The pipeline gate on one evaluation. A gate must never pass blind: when any signal could not be
 * read (source down, refused, timed out, a bad query, no data), the answer is `unknown`, apart
 * from `unhealthy`, which the signals that were read prove on their own. Degraded passes with a
 * warning unless the gate is told to fail on it.
 */
import type { HealthReport, SignalResult } from './report.js';
import { rank, rollUp } from './rollUp.js';
import type { HealthState } from './schema.js';

export type GateOutcome = 'pass' | 'unhealthy' | 'degraded' | 'unknown';

export interface GateOptions {
  /** The least state that fails the gate. Default: unhealthy. */
  readonly failOn?: 'unhealthy' | 'degraded';
  /** Let unread signals pass: judge on the signals that were read. */
  readonly allowUnknown?: boolean;
}

export interface GateVerdict {
  readonly outcome: GateOutcome;
  /** What a person should know about a pass or a failure, one line each. */
  readonly notes: readonly string[];
}

export function gateVerdict(report: HealthReport, options: GateOptions = {}): GateVerdict {
  const failRank = rank(options.failOn ?? 'unhealthy');
  const unread = report.components.flatMap((c) => c.signals.filter((s) => s.state === 'unknown'));
  const fails = (state: HealthState) => state !== 'unknown' && rank(state) >= failRank;
  const failure = (state: HealthState): GateOutcome => (state === 'unhealthy' ? 'unhealthy' : 'degraded');
  // The model's own rules may count an unknown as unhealthy; that is the model speaking, not blindness.
  if (report.state === 'unhealthy')
    return { outcome: 'unhealthy', notes: unreadNotes(unread, countSignals(report)) };
  if (unread.length === 0) {
    if (fails(report.state)) return { outcome: failure(report.state), notes: [] };
    return {
      outcome: 'pass',
      notes:
        report.state === 'degraded'
          ? [
              `${report.workload} is degraded (${report.reason}); the gate passes (--fail-on degraded fails it)`,
            ]
          : [],
    };
  }
  if (!options.allowUnknown)
    return {
      outcome: 'unknown',
      notes: [
        `${report.workload} cannot be judged: ${unread.length} of ${countSignals(report)} signals could not be read`,
        ...unreadNotes(unread, countSignals(report)),
      ],
    };
  const known = knownState(report);
  if (fails(known)) return { outcome: failure(known), notes: unreadNotes(unread, countSignals(report)) };
  return {
    outcome: 'pass',
    notes: [
      `${report.workload} passes on the signals that were read (${known}); ${unread.length} unread, allowed by --allow-unknown`,
      ...unreadNotes(unread, countSignals(report)),
    ],
  };
}

/** The workload's state from the signals that were read alone: unread ones left out. */
function knownState(report: HealthReport): HealthState {
  return rollUp(
    report.components.map((c) => ({
      id: c.id,
      critical: c.critical,
      dependsOn: c.dependsOn,
      ...(c.propagate ? { propagate: c.propagate } : {}),
      signals: c.signals.filter((s) => s.state !== 'unknown'),
    })),
    report.rollUp,
  ).state;
}

function countSignals(report: HealthReport): number {
  return report.components.reduce((n, c) => n + c.signals.length, 0);
}

const SHOWN = 5;

/** One line per reason: a source that is down is said once, not once per signal. */
function unreadNotes(unread: readonly SignalResult[], total: number): string[] {
  const byReason = new Map<string, SignalResult[]>();
  for (const s of unread) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  const groups = [...byReason.entries()];
  const lines = groups.slice(0, SHOWN).map(([reason, list]) => {
    if (list.length === 1) return `unknown: ${list[0]?.key}: ${reason}`;
    const who =
      list.length === total
        ? `all ${total} signals`
        : `${list.length} signals (${list
            .slice(0, 3)
            .map((s) => s.key)
            .join(', ')}${list.length > 3 ? ', …' : ''})`;
    return `unknown: ${who}: ${reason}`;
  });
  if (groups.length > SHOWN) lines.push(`… and ${groups.length - SHOWN} more reasons for unknown signals`);
  return lines;
}
