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

/** One checkable statement: a team can answer it yes or no. */
export const Practice = z.strictObject({
  id: slugId,
  statement: text,
  why: text,
  evidence: text,
  risk: RiskLevel,
  nextStep: text,
});
export type Practice = z.infer<typeof Practice>;

export const Strategy = z.strictObject({
  id: slugId,
  title: text,
  summary: text,
  risks: z.array(RiskNote).default([]),
  tradeoffs: z.array(TradeoffNote).default([]),
  practices: z.array(Practice).min(1, 'a strategy needs at least one practice'),
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

export const Model = z.strictObject({
  id: slugId,
  /** Short key used on the command line (`--pillar oe`, `--min-level oe=2`). */
  key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a short lower-case key such as "oe"'),
  title: text,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
  description: text,
  levels: z.array(Level).min(1, 'a model needs at least one level'),
  retired: z.array(RetiredPractice).default([]),
});
export type Model = z.infer<typeof Model>;
