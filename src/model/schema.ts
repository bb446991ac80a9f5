import { z } from 'zod';

/** How much harm a missing practice does; orders the improvement plan within a level. */
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

const text = z.string().trim().min(1, 'must not be empty');
const slugId = z
  .string()
  .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'must be lower-case words joined by "." or "-"');

/** A risk callout of the source material, kept as data: what can go wrong and how to soften it. */
export const RiskNote = z.strictObject({
  summary: text,
  mitigation: text,
});
export type RiskNote = z.infer<typeof RiskNote>;

/** A trade-off callout: what the strategy gains and what it costs elsewhere. */
export const TradeoffNote = z.strictObject({
  summary: text,
  gain: text,
  cost: text,
});
export type TradeoffNote = z.infer<typeof TradeoffNote>;

/**
 * `appliesWhen: { teams: [several] }`: the practice is in force only where every named context
 * question is answered with one of the listed values. An unanswered question rules nothing out.
 */
export const AppliesWhen = z.record(slugId, z.array(slugId).min(1, 'list at least one value'));
export type AppliesWhen = z.infer<typeof AppliesWhen>;

/** Where in the published model a practice comes from, when not its own strategy's section. */
export const PracticeSource = z.strictObject({
  /** The id of the strategy whose section of the source material this practice comes from. */
  strategy: slugId,
});

/** Another practice that checks something close, and why both are kept. */
export const Overlap = z.strictObject({
  id: slugId,
  why: text,
});

/** Delivery figures a practice can be measured by (see src/delivery), production only. */
export const DELIVERY_MEASURES = [
  'delivery.deployments-per-week',
  'delivery.commits-per-deployment',
  'delivery.lead-time-hours',
  'delivery.change-failure-rate',
  'delivery.recovery-hours',
  'delivery.rework-rate',
] as const;
/** Results pushed to the server that count while recent. */
export const RUN_MEASURES = ['health.evaluation', 'perf.baseline-comparison'] as const;

const Bound = z
  .strictObject({ atLeast: z.number().optional(), atMost: z.number().optional() })
  .refine((b) => b.atLeast !== undefined || b.atMost !== undefined, 'give atLeast, atMost or both');
const MeasureConfidence = z.enum(['high', 'medium', 'low']);

/**
 * `measures`: figures that suggest an answer, with the thresholds as data. A delivery figure
 * inside `met` suggests met, inside `partial` partial, else not met; fewer production
 * deployments than `minDeployments` in the window suggest nothing.
 */
export const DeliveryMeasure = z.strictObject({
  metric: z.enum(DELIVERY_MEASURES),
  met: Bound,
  partial: Bound.optional(),
  windowDays: z.number().int().min(7).max(730).default(90),
  minDeployments: z.number().int().min(1).default(4),
  confidence: MeasureConfidence.default('medium'),
});
/**
 * A run result pushed within `withinDays` suggests met: a health evaluation, or a load-test
 * comparison against a baseline that passed.
 */
export const RunMeasure = z.strictObject({
  metric: z.enum(RUN_MEASURES),
  withinDays: z.number().int().min(1).max(365),
  confidence: MeasureConfidence.default('medium'),
});
export const Measure = z.union([DeliveryMeasure, RunMeasure]);
export type DeliveryMeasure = z.infer<typeof DeliveryMeasure>;
export type RunMeasure = z.infer<typeof RunMeasure>;
export type Measure = z.infer<typeof Measure>;

/** One checkable statement: a team can answer it yes or no. */
export const Practice = z.strictObject({
  id: slugId,
  statement: text,
  why: text,
  evidence: text,
  risk: RiskLevel,
  nextStep: text,
  /**
   * The practice is about security (secrets, access, vulnerabilities): code scanning then ranks
   * its alerts by a security severity taken from `risk`. Absent means it is not.
   */
  security: z.boolean().optional(),
  appliesWhen: AppliesWhen.optional(),
  source: PracticeSource.optional(),
  overlaps: z.array(Overlap).default([]),
  measures: z.array(Measure).optional(),
});
export type Practice = z.infer<typeof Practice>;

export const Strategy = z.strictObject({
  id: slugId,
  title: text,
  summary: text,
  risks: z.array(RiskNote).default([]),
  tradeoffs: z.array(TradeoffNote).default([]),
  practices: z.array(Practice).min(1, 'a strategy needs at least one practice'),
  /**
   * Practices defined elsewhere (in this model or another) that this strategy also relies on:
   * one answer, counted at this strategy's level too. How one check serves two pillars.
   */
  shares: z.array(slugId).default([]),
});
export type Strategy = z.infer<typeof Strategy>;

export const Level = z.strictObject({
  level: z.number().int().min(1),
  name: text,
  goal: text,
  strategies: z.array(Strategy).min(1, 'a level needs at least one strategy'),
});
export type Level = z.infer<typeof Level>;

/** A practice id that an older version used and this one no longer does. Ids are never reused. */
export const RetiredPractice = z.strictObject({
  id: slugId,
  since: text,
  replacedBy: slugId.optional(),
});
export type RetiredPractice = z.infer<typeof RetiredPractice>;

/** A question about the workload itself, whose answer can rule practices in or out. */
export const ContextQuestion = z.strictObject({
  id: slugId,
  question: text,
  options: z
    .array(z.strictObject({ value: slugId, label: text }))
    .min(2, 'a question needs at least two options'),
});
export type ContextQuestion = z.infer<typeof ContextQuestion>;

export const Model = z.strictObject({
  id: slugId,
  /** Short key used on the command line (`--pillar oe`, `--min-level oe=2`). */
  key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a short lower-case key such as "oe"'),
  title: text,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
  description: text,
  /** The published page of the model the practices are drawn from. */
  reference: z.url({ protocol: /^https?$/ }).optional(),
  context: z.array(ContextQuestion).default([]),
  levels: z.array(Level).min(1, 'a model needs at least one level'),
  retired: z.array(RetiredPractice).default([]),
});
export type Model = z.infer<typeof Model>;
