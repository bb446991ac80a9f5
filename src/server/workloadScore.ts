import { type Answer, type Assessment, migrateAnswers, type Status } from '../answers/index.js';
import { type PillarScore, type Score, scoreAssessment } from '../assess/index.js';
import type { ModelSet } from '../model/index.js';
import type { RetiredMove, StoredAnswer } from '../store/index.js';

/** A workload's context as stored: question id → chosen option. */
export type WorkloadContext = Readonly<Record<string, string>>;

/** What the portfolio needs of a workload, kept beside it and rewritten on every answer. */
export interface WorkloadSummary {
  pillars: {
    key: string;
    modelId: string;
    version: string;
    level: number;
    maxLevel: number;
    levels: { level: number; coverage: number; held: boolean }[];
    blocking: string[];
  }[];
  /** Coverage per strategy (met 1, partial 0.5), for the heat map across workloads. */
  strategies: Record<string, number>;
  /**
   * Strategies with practices in force of which none has an answer yet: their coverage is 0, but
   * they were never assessed, which the heat map shows apart from a 0% that was.
   */
  unanswered: string[];
  answered: number;
  /** When an answer last changed (any status, a person's or a scan's); null when none was given. */
  lastAnsweredAt: string | null;
  /** Practices the workload's context rules out, and why (they count as not applicable). */
  notInForce: { practiceId: string; reason: string }[];
}

function answerMap(answers: readonly StoredAnswer[]): Map<string, Answer> {
  const map = new Map<string, Answer>();
  for (const a of answers) {
    map.set(a.practiceId, {
      status: a.status,
      reason: a.reason ?? undefined,
      note: a.note ?? undefined,
      evidence: a.evidence,
      by: a.author ?? undefined,
      at: a.updatedAt,
      source: a.source,
      confidence: a.confidence ?? undefined,
    });
  }
  return map;
}

export function toAssessment(
  answers: readonly StoredAnswer[],
  context: WorkloadContext = {},
  workload = 'workload',
): Assessment {
  return {
    file: '(server)',
    workload,
    modelVersions: {},
    context: new Map(Object.entries(context)),
    answers: answerMap(answers),
    moves: [],
  };
}

export function scoreAnswers(
  models: ModelSet,
  answers: readonly StoredAnswer[],
  context: WorkloadContext = {},
): Score {
  return scoreAssessment(models, toAssessment(answers, context));
}

/** Where each answer under a retired id goes under the models in force (see migrateAnswers). */
export function retiredMoves(models: ModelSet, answers: readonly StoredAnswer[]): RetiredMove[] {
  return [...migrateAnswers(answerMap(answers), models).moves];
}

/** Practices ruled out by the context, once each even when several pillars score them. */
export function notInForce(score: Score): WorkloadSummary['notInForce'] {
  const seen = new Map<string, string>();
  for (const pillar of score.pillars)
    for (const p of pillar.practices) if (p.notInForce && !seen.has(p.id)) seen.set(p.id, p.notInForce);
  return [...seen].map(([practiceId, reason]) => ({ practiceId, reason }));
}

export function summarise(
  models: ModelSet,
  answers: readonly StoredAnswer[],
  context: WorkloadContext = {},
): WorkloadSummary {
  const score = scoreAnswers(models, answers, context);
  const strategies: Record<string, number> = {};
  const answeredStrategies = new Set<string>();
  for (const pillar of score.pillars) {
    const byStrategy = new Map<string, number[]>();
    for (const p of pillar.practices) {
      if (p.status === 'not-applicable') continue;
      if (p.status !== 'unknown') answeredStrategies.add(p.strategyId);
      const list = byStrategy.get(p.strategyId) ?? [];
      list.push(p.status === 'met' ? 1 : p.status === 'partial' ? 0.5 : 0);
      byStrategy.set(p.strategyId, list);
    }
    for (const [id, values] of byStrategy)
      strategies[id] = round(values.reduce((a, b) => a + b, 0) / values.length);
  }
  const unanswered = Object.keys(strategies).filter((id) => !answeredStrategies.has(id));
  return {
    pillars: score.pillars.map(pillarSummary),
    strategies,
    unanswered,
    answered: answers.filter((a) => a.status !== 'unknown').length,
    lastAnsweredAt: answers.reduce<string | null>(
      (m, a) => (m === null || a.updatedAt > m ? a.updatedAt : m),
      null,
    ),
    notInForce: notInForce(score),
  };
}

function pillarSummary(p: PillarScore): WorkloadSummary['pillars'][number] {
  return {
    key: p.key,
    modelId: p.modelId,
    version: p.version,
    level: p.level,
    maxLevel: p.maxLevel,
    levels: p.levels.map((l) => ({ level: l.level, coverage: round(l.coverage), held: l.held })),
    blocking: p.blocking.map((b) => b.id),
  };
}

/** A milestone freezes the answers and what they scored at that moment. */
export interface MilestoneSnapshot {
  /** Note and evidence are absent in milestones made before they were kept. */
  answers: Record<string, { status: Status; revision: number; note?: string | null; evidence?: string[] }>;
  /** The context scored with; absent in milestones made before context existed. */
  context?: WorkloadContext;
  summary: WorkloadSummary;
}

export function snapshot(
  models: ModelSet,
  answers: readonly StoredAnswer[],
  context: WorkloadContext = {},
): MilestoneSnapshot {
  return {
    answers: Object.fromEntries(
      answers.map((a) => [
        a.practiceId,
        { status: a.status, revision: a.revision, note: a.note, evidence: a.evidence },
      ]),
    ),
    context,
    summary: summarise(models, answers, context),
  };
}

export interface MilestoneDiff {
  levels: { key: string; from: number; to: number }[];
  /** Every practice whose status, note or evidence changed; from and to are statuses. */
  moved: {
    practiceId: string;
    from: Status;
    to: Status;
    note?: { from: string | null; to: string | null };
    evidence?: { added: string[]; removed: string[] };
  }[];
}

/** What changed between two milestones: level per pillar, and every practice whose status moved. */
export function diffSnapshots(from: MilestoneSnapshot, to: MilestoneSnapshot): MilestoneDiff {
  const levels = to.summary.pillars.map((p) => ({
    key: p.key,
    from: from.summary.pillars.find((q) => q.key === p.key)?.level ?? 0,
    to: p.level,
  }));
  const ids = new Set([...Object.keys(from.answers), ...Object.keys(to.answers)]);
  const moved = [...ids].sort().flatMap((id) => {
    const a = from.answers[id];
    const b = to.answers[id];
    const m: MilestoneDiff['moved'][number] = {
      practiceId: id,
      from: a?.status ?? 'unknown',
      to: b?.status ?? 'unknown',
    };
    // Text is compared only where the newer milestone kept it (an older one may not have).
    if (b?.note !== undefined && (a?.note ?? null) !== b.note) m.note = { from: a?.note ?? null, to: b.note };
    if (b?.evidence !== undefined) {
      const before = new Set(a?.evidence ?? []);
      const after = new Set(b.evidence);
      const added = b.evidence.filter((e) => !before.has(e));
      const removed = [...before].filter((e) => !after.has(e));
      if (added.length || removed.length) m.evidence = { added, removed };
    }
    return m.from !== m.to || m.note || m.evidence ? [m] : [];
  });
  return { levels, moved };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
