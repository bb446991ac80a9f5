import type { Answer, Assessment, Status } from '../answers/index.js';
import type { Model, ModelSet, PracticeRef } from '../model/index.js';
import { ruledOutBy } from './context.js';
import { type LevelTally, tally } from './coverage.js';
import { holds, levelReached } from './levelRule.js';
import { improvementPlan, type PlanItem } from './plan.js';

export interface PracticeResult {
  readonly id: string;
  readonly strategyId: string;
  readonly level: number;
  readonly statement: string;
  readonly status: Status;
  readonly answer: Answer | undefined;
  /** Set when the workload's context rules the practice out: why, in words reports show. */
  readonly notInForce?: string;
  /** Set when this pillar shares the practice from another strategy: the model it is defined in. */
  readonly sharedFrom?: string;
}

export interface LevelResult extends LevelTally {
  readonly level: number;
  readonly name: string;
  readonly held: boolean;
}

export interface PillarScore {
  readonly modelId: string;
  readonly key: string;
  readonly title: string;
  readonly version: string;
  /** 0 when level 1 is not yet held. */
  readonly level: number;
  readonly levelName: string | undefined;
  readonly maxLevel: number;
  readonly levels: readonly LevelResult[];
  /** Practices that stand between the reached level and the next one (empty at the top). */
  readonly blocking: readonly PracticeResult[];
  readonly practices: readonly PracticeResult[];
}

export interface Score {
  readonly pillars: readonly PillarScore[];
  readonly plan: readonly PlanItem[];
}

/** Scores an assessment against every model in the set (or only those given). */
export function scoreAssessment(models: ModelSet, assessment: Assessment, only?: readonly Model[]): Score {
  const selected = only ?? models.models;
  const questions = new Map(models.contextQuestions().map((q) => [q.id, q]));
  const entries: { ref: PracticeRef; status: Status }[] = [];
  const pillars = selected.map((model) => {
    const results: PracticeResult[] = [];
    for (const ref of models.scoredPractices(model)) {
      const answer = assessment.answers.get(ref.practice.id);
      const notInForce = ruledOutBy(ref.practice.appliesWhen, assessment.context, questions);
      const status: Status = notInForce ? 'not-applicable' : (answer?.status ?? 'unknown');
      entries.push({ ref, status });
      results.push({
        id: ref.practice.id,
        strategyId: ref.strategy.id,
        level: ref.level.level,
        statement: ref.practice.statement,
        status,
        answer,
        ...(notInForce ? { notInForce } : {}),
        ...(ref.home ? { sharedFrom: ref.home.model.id } : {}),
      });
    }
    return scorePillar(model, results);
  });
  return { pillars, plan: improvementPlan(entries) };
}

function scorePillar(model: Model, practices: PracticeResult[]): PillarScore {
  const byLevel = model.levels.map((l) => practices.filter((p) => p.level === l.level));
  const level = levelReached(byLevel.map((ps) => ps.map((p) => p.status)));
  const levels = model.levels.map((l, i) => ({
    level: l.level,
    name: l.name,
    held: i < level,
    ...tally((byLevel[i] ?? []).map((p) => p.status)),
  }));
  return {
    modelId: model.id,
    key: model.key,
    title: model.title,
    version: model.version,
    level,
    levelName: level > 0 ? model.levels[level - 1]?.name : undefined,
    maxLevel: model.levels.length,
    levels,
    blocking: (byLevel[level] ?? []).filter((p) => !holds(p.status)),
    practices,
  };
}

/** Practices at or below `target` that keep a pillar from reaching it. */
export function blockingUpTo(pillar: PillarScore, target: number): PracticeResult[] {
  return pillar.practices.filter((p) => p.level <= target && !holds(p.status));
}
