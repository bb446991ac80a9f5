import type { Status } from '../answers/index.js';

export interface LevelTally {
  readonly total: number;
  readonly met: number;
  readonly partial: number;
  readonly notMet: number;
  readonly notApplicable: number;
  readonly unknown: number;
  /** met = 1, partial = 0.5, over the practices that apply; 1 when none apply. */
  readonly coverage: number;
}

export function tally(statuses: readonly Status[]): LevelTally {
  const count = (s: Status) => statuses.filter((x) => x === s).length;
  const met = count('met');
  const partial = count('partial');
  const notApplicable = count('not-applicable');
  const applicable = statuses.length - notApplicable;
  return {
    total: statuses.length,
    met,
    partial,
    notMet: count('not-met'),
    notApplicable,
    unknown: count('unknown'),
    coverage: applicable === 0 ? 1 : (met + partial * 0.5) / applicable,
  };
}
