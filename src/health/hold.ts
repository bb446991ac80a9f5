/**
 * Flap suppression across evaluations, for `watch`: a signal's new state is reported only once it
 * has held for its `for:` (evaluations in a row or a duration; `recoverFor:` for a better state),
 * and a state reached by crossing a threshold is left only once the value clears it by the
 * threshold's `hysteresis`. One evaluation (`eval`) has nothing to hold against and is untouched.
 */
import { classify, formatNumber, type SignalHold } from './evaluate.js';
import type { SignalResult } from './report.js';
import { rank } from './rollUp.js';
import type { HealthState, Hold, Thresholds } from './schema.js';

interface Memory {
  reported: HealthState;
  candidate?: { state: HealthState; since: number; seen: number };
}

export function createSignalHold(): SignalHold {
  const memory = new Map<string, Memory>();
  return {
    apply(spec, result, now) {
      const before = memory.get(result.key);
      // The first evaluation is reported as it is: a watch started during an incident raises it.
      if (!before || (spec.for === undefined && spec.thresholds.hysteresis === undefined)) {
        memory.set(result.key, { reported: result.state });
        return result;
      }
      const state = withHysteresis(result, spec.thresholds, before.reported);
      if (state === before.reported) {
        memory.set(result.key, { reported: state });
        return state === result.state ? result : kept(result, state, spec.thresholds);
      }
      const same = before.candidate?.state === state ? before.candidate : undefined;
      const candidate = { state, since: same?.since ?? now, seen: (same?.seen ?? 0) + 1 };
      const needed = rank(state) > rank(before.reported) ? spec.for : (spec.recoverFor ?? spec.for);
      if (needed === undefined || held(candidate, needed, now)) {
        memory.set(result.key, { reported: state });
        return state === result.state ? result : kept(result, state, spec.thresholds);
      }
      memory.set(result.key, { reported: before.reported, candidate });
      return {
        ...result,
        state: before.reported,
        reason: `${result.reason}; ${state} ${progress(candidate, needed, now)}, still reported ${before.reported}`,
        pending: { state, evaluations: candidate.seen, since: new Date(candidate.since).toISOString() },
      };
    },
  };
}

function held(c: { since: number; seen: number }, needed: Hold, now: number): boolean {
  return 'evaluations' in needed ? c.seen >= needed.evaluations : now - c.since >= needed.ms;
}

function progress(c: { since: number; seen: number }, needed: Hold, now: number): string {
  return 'evaluations' in needed
    ? `for ${c.seen} of ${needed.evaluations} evaluations`
    : `for ${formatNumber((now - c.since) / 1000)} s of ${formatNumber(needed.ms / 1000)} s`;
}

/**
 * The state with the recovery margin: moving to a better state needs the value past the
 * thresholds moved by `hysteresis` toward the healthy side. Unknowns and worse states pass.
 */
function withHysteresis(result: SignalResult, t: Thresholds, reported: HealthState): HealthState {
  const margin = t.hysteresis ?? 0;
  if (margin === 0 || result.value === null || result.state === 'unknown') return result.state;
  if (reported === 'unknown' || rank(result.state) >= rank(reported)) return result.state;
  const shift = t.direction === 'above' ? -margin : margin;
  const moved = classify(result.value, {
    ...t,
    ...(t.degraded !== undefined ? { degraded: t.degraded + shift } : {}),
    ...(t.unhealthy !== undefined ? { unhealthy: t.unhealthy + shift } : {}),
  }).state;
  return rank(moved) >= rank(reported) ? reported : rank(moved) > rank(result.state) ? moved : result.state;
}

/** A state kept by the recovery margin although the value is already past the threshold. */
function kept(result: SignalResult, state: HealthState, t: Thresholds): SignalResult {
  return {
    ...result,
    state,
    reason: `${result.reason}; still ${state} until it clears the threshold by ${formatNumber(t.hysteresis ?? 0)} ${result.unit}`,
  };
}
