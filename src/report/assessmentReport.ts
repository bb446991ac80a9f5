import type { PlanItem, Score } from '../assess/index.js';

/** What every assessment renderer works from. */
export interface AssessmentReport {
  readonly workload: string | undefined;
  readonly answersFile: string;
  /** What the team said about the workload (context question id → answer). */
  readonly context?: ReadonlyMap<string, string>;
  readonly score: Score;
}

export const JSON_FORMAT_ID = 'waymark.assessment-report';
export const JSON_FORMAT_VERSION = 1;

/** The `--format json` document; its shape is published in schemas/assessment-report.schema.json. */
export function toJsonReport(report: AssessmentReport) {
  return {
    format: JSON_FORMAT_ID,
    formatVersion: JSON_FORMAT_VERSION,
    workload: report.workload ?? null,
    answersFile: report.answersFile,
    context: Object.fromEntries(report.context ?? []),
    pillars: report.score.pillars.map((p) => ({
      modelId: p.modelId,
      key: p.key,
      title: p.title,
      version: p.version,
      level: p.level,
      levelName: p.levelName ?? null,
      maxLevel: p.maxLevel,
      levels: p.levels.map((l) => ({
        level: l.level,
        name: l.name,
        held: l.held,
        total: l.total,
        met: l.met,
        partial: l.partial,
        notMet: l.notMet,
        notApplicable: l.notApplicable,
        unknown: l.unknown,
        coverage: round(l.coverage),
      })),
      blocking: p.blocking.map((b) => ({
        id: b.id,
        level: b.level,
        status: b.status,
        statement: b.statement,
      })),
      practices: p.practices.map((pr) => ({
        id: pr.id,
        strategyId: pr.strategyId,
        level: pr.level,
        status: pr.status,
        source: pr.answer?.source ?? null,
        reason: pr.notInForce ?? pr.answer?.reason ?? null,
        notInForce: pr.notInForce !== undefined,
        sharedFrom: pr.sharedFrom ?? null,
        note: pr.answer?.note ?? null,
        evidence: pr.answer?.evidence ?? [],
        by: pr.answer?.by ?? null,
        at: pr.answer?.at ?? null,
      })),
    })),
    plan: report.score.plan.map(planItemJson),
  };
}

export function planItemJson(item: PlanItem) {
  return { ...item };
}

export function renderJson(report: AssessmentReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
