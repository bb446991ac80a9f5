/** Shapes of the Waymark API (/api/v1) as the UI reads them. */
import type { AnswerSource, Confidence, Status, Suggestion } from '../../src/ui/index.js';

// The answer vocabulary is src/answers' (through src/ui, the bundle's door into src/).
export { STATUSES, type Status, type Suggestion } from '../../src/ui/index.js';
export const STATUS_LABEL: Record<Status, string> = {
  met: 'Met',
  partial: 'Partial',
  'not-met': 'Not met',
  'not-applicable': 'Not applicable',
  unknown: 'Unknown',
};
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export interface RiskNote {
  summary: string;
  mitigation: string;
}
export interface TradeoffNote {
  summary: string;
  gain: string;
  cost: string;
}
export interface Practice {
  id: string;
  statement: string;
  why: string;
  evidence: string;
  risk: 'high' | 'medium' | 'low';
  nextStep: string;
}
export interface Strategy {
  id: string;
  title: string;
  summary: string;
  risks: RiskNote[];
  tradeoffs: TradeoffNote[];
  practices: Practice[];
}
export interface Level {
  level: number;
  name: string;
  goal: string;
  strategies: Strategy[];
}
export interface Model {
  id: string;
  key: string;
  title: string;
  version: string;
  description: string;
  levels: Level[];
}

export interface SummaryPillar {
  key: string;
  modelId: string;
  version: string;
  level: number;
  maxLevel: number;
  levels: { level: number; coverage: number; held: boolean }[];
  blocking: string[];
}
export interface WorkloadSummary {
  pillars: SummaryPillar[];
  strategies: Record<string, number>;
  answered: number;
}
export interface Workload {
  id: string;
  name: string;
  repository: string | null;
  criticality: Criticality;
  tags: string[];
  summary: WorkloadSummary;
  createdAt: string;
  updatedAt: string;
  /** When it was archived; null while in use. */
  archivedAt: string | null;
}

export interface PortfolioRow {
  id: string;
  name: string;
  criticality: Criticality;
  tags: string[];
  levels: Record<string, number>;
  /** Per pillar, the level after the one held and its coverage; null when the top is held. */
  next: Record<string, { level: number; coverage: number } | null>;
  /** Practices answered (not unknown). */
  answered: number;
  lastAnsweredAt: string | null;
  /** The latest milestone: levels then, and the coverage then of each pillar's level that is next now. */
  milestone: {
    name: string;
    createdAt: string;
    levels: Record<string, number>;
    nextCoverage: Record<string, number>;
  } | null;
}

/**
 * GET /portfolio/heatmap: coverage per strategy (columns) per workload (rows); null = nothing
 * applies; `unanswered` = the columns where no practice has an answer yet (never assessed).
 */
export interface Heatmap {
  strategies: string[];
  rows: { id: string; name: string; values: (number | null)[]; unanswered: number[] }[];
}
export interface Portfolio {
  workloads: PortfolioRow[];
  /** Kept, but left out of the portfolio's figures. */
  archived: { id: string; name: string; archivedAt: string }[];
  distribution: Record<string, number[]>;
  topBlocking: {
    practiceId: string;
    statement: string;
    pillar: string | null;
    level: number | null;
    workloads: number;
    /** Up to five of the workloads it blocks. */
    blocked: { id: string; name: string }[];
  }[];
}

export interface StoredAnswer {
  practiceId: string;
  status: Status;
  reason: string | null;
  note: string | null;
  evidence: string[];
  author: string | null;
  source: AnswerSource;
  confidence: Confidence | null;
  modelVersion: string;
  revision: number;
  updatedAt: string;
}

export interface ScoreLevel {
  level: number;
  name: string;
  held: boolean;
  total: number;
  met: number;
  partial: number;
  notMet: number;
  notApplicable: number;
  unknown: number;
  coverage: number;
}
export interface ScorePillar {
  modelId: string;
  key: string;
  title: string;
  version: string;
  level: number;
  levelName: string | null;
  maxLevel: number;
  levels: ScoreLevel[];
  blocking: { id: string; level: number; status: Status; statement: string }[];
}
export interface PlanItem {
  rank: number;
  practiceId: string;
  modelId: string;
  pillar: string;
  level: number;
  levelName: string;
  strategy: string;
  statement: string;
  status: Status;
  risk: 'high' | 'medium' | 'low';
  why: string;
  nextStep: string;
}
export interface Score {
  pillars: ScorePillar[];
  /** The top of the plan (25 items unless planLimit asks for more). */
  plan: PlanItem[];
  /** How many items the whole plan has. */
  planTotal: number;
  /** Practices the workload's context rules out, with the reason. */
  notInForce?: { practiceId: string; reason: string }[];
}

export interface Scan {
  id: string;
  createdAt: string;
  createdBy: string;
  result: { root?: string; scannedAt?: string; suggestions: Suggestion[] };
}

export interface HistoryPoint {
  name: string;
  at: string;
  pillars: { key: string; level: number; coverage: number[]; version?: string }[];
  /** Set when the models changed since the previous point: a level change there is the model's, not the team's. */
  modelChanged?: { from: string; to: string; pillars: { key: string; from: string; to: string }[] } | null;
}
export interface MilestoneInfo {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  levels: Record<string, number>;
}
export interface MilestoneDiff {
  from: { id: string; name: string; createdAt: string };
  to: { id: string; name: string; createdAt: string };
  levels: { key: string; from: number; to: number }[];
  /** Practices whose status (from, to), note or evidence changed; statement and place from the model. */
  moved: {
    practiceId: string;
    from: Status;
    to: Status;
    note?: { from: string | null; to: string | null };
    evidence?: { added: string[]; removed: string[] };
    statement: string | null;
    pillar: string | null;
    level: number | null;
  }[];
}
