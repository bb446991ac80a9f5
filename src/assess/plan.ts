import type { Status } from '../answers/index.js';
import { type PracticeRef, practiceSource, type RiskLevel, type SourceLink } from '../model/index.js';
import { holds } from './levelRule.js';

export interface PlanItem {
  readonly rank: number;
  readonly practiceId: string;
  readonly modelId: string;
  readonly pillar: string;
  readonly level: number;
  readonly levelName: string;
  readonly strategy: string;
  readonly statement: string;
  readonly status: Status;
  readonly risk: RiskLevel;
  readonly why: string;
  readonly nextStep: string;
  /** The section of the published model the practice comes from. */
  readonly source: SourceLink;
}

const RISK_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };
/** Within one risk, finish what is started before starting afresh, and find out what is unknown. */
const STATUS_ORDER: Partial<Record<Status, number>> = { partial: 0, 'not-met': 1, unknown: 2 };

/**
 * Everything that does not yet hold, ordered by level (lower levels first: they gate the
 * ones above), then risk, then how close it is, then model order (stable).
 */
export function improvementPlan(entries: readonly { ref: PracticeRef; status: Status }[]): PlanItem[] {
  const sorted = entries
    .map((e, order) => ({ ...e, order }))
    .filter((e) => !holds(e.status))
    .sort(
      (a, b) =>
        a.ref.level.level - b.ref.level.level ||
        RISK_ORDER[a.ref.practice.risk] - RISK_ORDER[b.ref.practice.risk] ||
        (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
        a.order - b.order,
    );
  // A practice two pillars share is one piece of work: listed once, where it is first needed.
  const listed = new Set<string>();
  const once = sorted.filter((e) => !listed.has(e.ref.practice.id) && listed.add(e.ref.practice.id));
  return once.map(({ ref, status }, i) => ({
    rank: i + 1,
    practiceId: ref.practice.id,
    modelId: ref.model.id,
    pillar: ref.model.key,
    level: ref.level.level,
    levelName: ref.level.name,
    strategy: ref.strategy.title,
    statement: ref.practice.statement,
    status,
    risk: ref.practice.risk,
    why: ref.practice.why,
    nextStep: ref.practice.nextStep,
    source: sourceOf(ref.home ?? ref),
  }));
}

function sourceOf(ref: PracticeRef): SourceLink {
  return practiceSource(ref.model, ref.level, ref.strategy, ref.practice);
}
