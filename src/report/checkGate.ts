/**
 * The CI gate of `waymark check`: per pillar, the level reached against a minimum, the practices
 * it is made of and those that keep it shut. What every check renderer works from.
 */
import { blockingUpTo, type PillarScore, type PracticeResult } from '../assess/index.js';
import type { ModelSet } from '../model/index.js';
import type { AssessmentReport } from './assessmentReport.js';
import type { SarifPlace } from './sarif.js';

/** One gated pillar. */
export interface Gate {
  readonly pillar: PillarScore;
  readonly min: number;
  readonly pass: boolean;
  /** Practices of levels 1..min that do not hold. */
  readonly blocking: readonly PracticeResult[];
  /** Every practice of levels 1..min: what the gate is made of. */
  readonly gated: readonly PracticeResult[];
}

export interface CheckReport extends AssessmentReport {
  readonly gates: readonly Gate[];
  readonly models: ModelSet;
  readonly toolVersion: string;
  /** When the check ran (JUnit timestamps). */
  readonly at: Date;
  /** Where each blocking practice's alert sits (SARIF); see src/cli/evidencePlaces.ts. */
  readonly places: ReadonlyMap<string, SarifPlace>;
}

/** The gates of `minimums` (model key → minimum level) over the scored pillars. */
export function gatesOf(pillars: readonly PillarScore[], minimums: ReadonlyMap<string, number>): Gate[] {
  return [...minimums].map(([key, min]) => {
    const pillar = pillars.find((p) => p.key === key);
    if (!pillar) throw new Error(`pillar ${key} missing from the score`);
    return {
      pillar,
      min,
      pass: pillar.level >= min,
      blocking: blockingUpTo(pillar, min),
      gated: pillar.practices.filter((p) => p.level <= min),
    };
  });
}

export const checkPassed = (r: Pick<CheckReport, 'gates'>): boolean => r.gates.every((g) => g.pass);

/** Blocking practices of every gate, each once, in the improvement plan's order. */
export function blockingPractices(
  r: Pick<CheckReport, 'gates' | 'score'>,
): { practice: PracticeResult; gate: Gate }[] {
  const rank = new Map(r.score.plan.map((i) => [i.practiceId, i.rank]));
  const seen = new Set<string>();
  const out: { practice: PracticeResult; gate: Gate }[] = [];
  for (const gate of r.gates)
    for (const practice of gate.blocking)
      if (!seen.has(practice.id) && seen.add(practice.id)) out.push({ practice, gate });
  return out.sort((a, b) => (rank.get(a.practice.id) ?? 1e9) - (rank.get(b.practice.id) ?? 1e9));
}

export const STATUS_WORDS: Record<string, string> = {
  met: 'met',
  partial: 'partly met',
  'not-met': 'not met',
  unknown: 'not answered yet',
  'not-applicable': 'not applicable',
};

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
