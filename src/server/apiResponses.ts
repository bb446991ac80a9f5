/**
 * Response shapes of the API, in zod like the request shapes: /openapi.json is generated from
 * them, and under test every JSON answer is checked against its route's (see responseCheck.ts).
 * Objects the server builds are strict, so a field added to a view without its schema fails the
 * tests; JSON kept as it was stored (summaries, snapshots, scan results, reports) is `unknown` here,
 * its shape belonging to the module that wrote it.
 */
import { z } from 'zod';
import { AnswerSource, Confidence, Status } from '../answers/index.js';
import { Model, RiskLevel } from '../model/index.js';
import { CRITICALITIES, ROLES } from '../store/index.js';

const time = () => z.string().describe('ISO 8601 date and time');
const levels = () => z.record(z.string(), z.number()).describe('pillar key → level');

export const ErrorBody = z.looseObject({ error: z.string(), message: z.string() });
/** 204 and 202 without content. */
export const NoContent = z.null().describe('No content');

const NotInForce = z.strictObject({ practiceId: z.string(), reason: z.string() });

export const WorkloadView = z.strictObject({
  id: z.string(),
  name: z.string(),
  repository: z.string().nullable(),
  criticality: z.enum(CRITICALITIES),
  tags: z.array(z.string()),
  context: z.record(z.string(), z.string()),
  summary: z
    .unknown()
    .describe('Scores as of the last answer: pillars, strategies, answered, lastAnsweredAt'),
  notInForce: z.array(NotInForce),
  createdAt: time(),
  updatedAt: time(),
  archivedAt: time().nullable(),
});
export const WorkloadList = z.strictObject({ workloads: z.array(WorkloadView) });

export const StoredAnswer = z.strictObject({
  practiceId: z.string(),
  status: Status,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  evidence: z.array(z.string()),
  author: z.string().nullable(),
  source: AnswerSource,
  confidence: Confidence.nullable(),
  modelVersion: z.string(),
  revision: z.number().int(),
  updatedAt: time(),
});
export const AnswerList = z.strictObject({ answers: z.array(StoredAnswer) });
export const AnswerSaved = z.strictObject({ answer: StoredAnswer });
export const AnswerConflict = z.strictObject({
  error: z.literal('conflict'),
  message: z.string(),
  current: StoredAnswer.nullable(),
});

export const ContextView = z.strictObject({
  context: z.record(z.string(), z.string()),
  questions: z.array(
    z.strictObject({
      id: z.string(),
      question: z.string(),
      options: z.array(z.strictObject({ value: z.string(), label: z.string() })),
    }),
  ),
});

const PlanItem = z.strictObject({
  rank: z.number().int(),
  practiceId: z.string(),
  modelId: z.string(),
  pillar: z.string(),
  level: z.number().int(),
  levelName: z.string(),
  strategy: z.string(),
  statement: z.string(),
  status: Status,
  risk: RiskLevel,
  why: z.string(),
  nextStep: z.string(),
  source: z.strictObject({ section: z.string(), url: z.string().optional() }),
});
export const ScoreView = z.strictObject({
  pillars: z.array(
    z.strictObject({
      modelId: z.string(),
      key: z.string(),
      title: z.string(),
      version: z.string(),
      level: z.number().int(),
      levelName: z.string().nullable(),
      maxLevel: z.number().int(),
      levels: z.array(
        z.strictObject({
          level: z.number().int(),
          name: z.string(),
          held: z.boolean(),
          total: z.number().int(),
          met: z.number().int(),
          partial: z.number().int(),
          notMet: z.number().int(),
          notApplicable: z.number().int(),
          unknown: z.number().int(),
          coverage: z.number(),
        }),
      ),
      blocking: z.array(
        z.strictObject({
          id: z.string(),
          level: z.number().int(),
          status: Status,
          statement: z.string(),
        }),
      ),
    }),
  ),
  plan: z.array(PlanItem),
  planTotal: z.number().int(),
  context: z.record(z.string(), z.string()),
  notInForce: z.array(NotInForce),
});

export const ScanStored = z.strictObject({
  id: z.string(),
  createdAt: time(),
  suggestions: z.number().int(),
});
export const ScanView = z.strictObject({
  id: z.string(),
  workloadId: z.string(),
  createdAt: time(),
  createdBy: z.string(),
  result: z.unknown().describe('The scan as pushed: root, scannedAt and suggestions'),
});

const MilestoneRef = z.strictObject({ id: z.string(), name: z.string(), createdAt: time() });
export const MilestoneView = z.strictObject({
  id: z.string(),
  workloadId: z.string(),
  name: z.string(),
  createdAt: time(),
  createdBy: z.string(),
  snapshot: z.unknown().describe('The answers, context and scores frozen when the milestone was made'),
});
export const MilestoneList = z.strictObject({
  milestones: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      createdAt: time(),
      createdBy: z.string(),
      levels: levels(),
      modelVersions: z.record(z.string(), z.string()).describe('pillar key → model version'),
    }),
  ),
});
export const MilestoneDiffView = z.strictObject({
  from: MilestoneRef,
  to: MilestoneRef,
  levels: z.array(z.strictObject({ key: z.string(), from: z.number().int(), to: z.number().int() })),
  moved: z.array(
    z.strictObject({
      practiceId: z.string(),
      from: Status,
      to: Status,
      note: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }).optional(),
      evidence: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }).optional(),
      statement: z.string().nullable(),
      pillar: z.string().nullable(),
      level: z.number().int().nullable(),
    }),
  ),
});
const VersionChange = z.strictObject({ key: z.string(), from: z.string(), to: z.string() });
export const HistoryView = z.strictObject({
  points: z.array(
    z.strictObject({
      name: z.string(),
      at: time(),
      pillars: z.array(
        z.strictObject({
          key: z.string(),
          version: z.string(),
          level: z.number().int(),
          coverage: z.array(z.number()),
        }),
      ),
      modelChanged: z
        .strictObject({ from: z.string(), to: z.string(), pillars: z.array(VersionChange) })
        .nullable()
        .describe('Set when a pillar was scored on another model version than at the previous point'),
    }),
  ),
});

const HealthChange = z.strictObject({
  at: time(),
  level: z.string(),
  target: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string(),
});
export const HealthStored = z.strictObject({ state: z.string(), changes: z.array(HealthChange) });
export const HealthView = z.strictObject({
  latest: z.unknown().describe('The latest health report pushed, as sent; null before the first'),
  timeline: z.array(HealthChange),
});

export const PerfBaselineStored = z.strictObject({ updatedAt: time() });
export const PerfBaselineView = z.strictObject({
  baseline: z.string().describe('The text of a waymark.perf.baseline.yaml'),
  updatedAt: time(),
  updatedBy: z.string(),
});

const NextLevel = z.strictObject({ level: z.number().int(), coverage: z.number() }).nullable();
export const PortfolioView = z.strictObject({
  workloads: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      criticality: z.enum(CRITICALITIES),
      tags: z.array(z.string()),
      levels: levels(),
      next: z.record(z.string(), NextLevel).describe('pillar key → the next level and its coverage'),
      answered: z.number().int(),
      lastAnsweredAt: time().nullable(),
      milestone: z
        .strictObject({
          name: z.string(),
          createdAt: time(),
          levels: levels(),
          nextCoverage: z.record(z.string(), z.number()),
        })
        .nullable(),
    }),
  ),
  distribution: z.record(z.string(), z.array(z.number().int())).describe('pillar key → workloads per level'),
  topBlocking: z.array(
    z.strictObject({
      practiceId: z.string(),
      statement: z.string(),
      pillar: z.string().nullable(),
      level: z.number().int().nullable(),
      workloads: z.number().int(),
      blocked: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    }),
  ),
  archived: z.array(z.strictObject({ id: z.string(), name: z.string(), archivedAt: time().nullable() })),
});
export const HeatmapView = z.strictObject({
  strategies: z.array(z.string()),
  rows: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      values: z.array(z.number().nullable()),
      unanswered: z.array(z.number().int()),
    }),
  ),
});
export const MeView = z.strictObject({ team: z.string(), name: z.string(), role: z.enum(ROLES) });
export const ModelsView = z.strictObject({ models: z.array(Model) });
export const AuditView = z.strictObject({
  entries: z.array(
    z.strictObject({
      seq: z.number().int(),
      at: time(),
      teamId: z.string(),
      actor: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string(),
      detail: z.unknown(),
    }),
  ),
});
