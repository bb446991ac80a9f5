import type { Status } from '../answers/index.js';
import { holds, levelReached } from './levelRule.js';
import type { PillarScore, Score } from './score.js';

/** A person's decision to live with a practice that does not hold, until a date. */
export interface AcceptedRisk {
  readonly practiceId: string;
  readonly owner: string;
  readonly reason: string;
  /** ISO date (YYYY-MM-DD): the first day the acceptance no longer counts. */
  readonly expires: string;
  /** Where the decision is written down. */
  readonly link?: string;
}

/** What became of one acceptance when a pillar was scored with it. */
export type AcceptanceState =
  /** Counted: the practice does not hold and the acceptance is in date. */
  | 'counted'
  /** Past its expiry date: counts nowhere. */
  | 'expired'
  /** The practice holds already (met or not applicable): nothing to count. */
  | 'not-needed';

export interface AcceptanceResult {
  readonly risk: AcceptedRisk;
  readonly state: AcceptanceState;
}

export interface PillarWithAcceptances {
  readonly modelId: string;
  readonly key: string;
  /** The level reached by the answers alone: no acceptance ever counts here. */
  readonly reached: number;
  /** The level with in-date accepted risks counted as met. Never below `reached`. */
  readonly withAccepted: number;
  /** The acceptances for this pillar's practices, in the order given. */
  readonly acceptances: readonly AcceptanceResult[];
}

export interface AcceptedLevels {
  readonly pillars: readonly PillarWithAcceptances[];
  /** Acceptances that name no practice scored in any pillar. */
  readonly unmatched: readonly AcceptedRisk[];
}

/** True when the acceptance no longer counts on `today` (both ISO dates). */
export function isExpired(risk: Pick<AcceptedRisk, 'expires'>, today: string): boolean {
  return day(today) >= day(risk.expires);
}

/** The ISO date (YYYY-MM-DD) of a moment, in UTC. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function day(value: string): string {
  return value.slice(0, 10);
}

/**
 * Scores each pillar a second time with in-date acceptances counted as met, by the same level
 * rule as the reached level. The reached level is taken from the score untouched.
 */
export function levelsWithAcceptedRisks(
  score: Score,
  risks: readonly AcceptedRisk[],
  today: string,
): AcceptedLevels {
  const seen = new Set<AcceptedRisk>();
  const pillars = score.pillars.map((pillar) => {
    const ids = new Set(pillar.practices.map((p) => p.id));
    const mine = risks.filter((r) => ids.has(r.practiceId));
    for (const r of mine) seen.add(r);
    return pillarWithAcceptances(pillar, mine, today);
  });
  return { pillars, unmatched: risks.filter((r) => !seen.has(r)) };
}

function pillarWithAcceptances(
  pillar: PillarScore,
  risks: readonly AcceptedRisk[],
  today: string,
): PillarWithAcceptances {
  const statusOf = new Map(pillar.practices.map((p) => [p.id, p.status]));
  const acceptances = risks.map((risk): AcceptanceResult => {
    const status = statusOf.get(risk.practiceId);
    if (isExpired(risk, today)) return { risk, state: 'expired' };
    if (status !== undefined && holds(status)) return { risk, state: 'not-needed' };
    return { risk, state: 'counted' };
  });
  const counted = new Set(acceptances.filter((a) => a.state === 'counted').map((a) => a.risk.practiceId));
  // The same ladder scoreAssessment built, with counted acceptances read as met.
  const statusesByLevel = pillar.levels.map((l) =>
    pillar.practices
      .filter((p) => p.level === l.level)
      .map((p): Status => (counted.has(p.id) ? 'met' : p.status)),
  );
  return {
    modelId: pillar.modelId,
    key: pillar.key,
    reached: pillar.level,
    withAccepted: levelReached(statusesByLevel),
    acceptances,
  };
}
