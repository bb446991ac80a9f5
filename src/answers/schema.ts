import { z } from 'zod';
import type * as words from './vocabulary.js';
import {
  ANSWER_SOURCES,
  CONFIDENCES,
  missingReason,
  NEEDS_REASON_MESSAGE,
  STATUSES,
  SUGGESTED_STATUSES,
} from './vocabulary.js';

// Each the same type as its namesake in vocabulary.ts.
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;
export const SuggestedStatus = z.enum(SUGGESTED_STATUSES);
export type SuggestedStatus = z.infer<typeof SuggestedStatus>;
export const AnswerSource = z.enum(ANSWER_SOURCES);
export type AnswerSource = z.infer<typeof AnswerSource>;
export const Confidence = z.enum(CONFIDENCES);
export type Confidence = z.infer<typeof Confidence>;

/** A suggestion as a scan job carries it (the API's request schema adds its size limits). */
export const Suggestion = z.object({
  practiceId: z.string(),
  status: SuggestedStatus,
  confidence: Confidence,
  evidence: z.array(z.string()).readonly(),
  summary: z.string(),
  detector: z.string(),
}) satisfies z.ZodType<words.Suggestion>;
export type Suggestion = words.Suggestion;

/** The not-applicable rule as a zod refinement, for every schema of an answer (file, API). */
export function reasonRule(
  answer: { status: string; reason?: string | null | undefined },
  ctx: z.RefinementCtx,
): void {
  if (missingReason(answer.status, answer.reason))
    ctx.addIssue({ code: 'custom', path: ['reason'], message: NEEDS_REASON_MESSAGE });
}

const text = z.string().trim().min(1, 'must not be empty');

const AnswerFields = z
  .strictObject({
    status: Status,
    /** Why a practice does not apply; required for `not-applicable`. */
    reason: text.optional(),
    note: text.optional(),
    /** Links, `file:line` locations, run ids: whatever proves the answer. */
    evidence: z.array(text).default([]),
    by: text.optional(),
    /** ISO date or date-time of the answer. */
    at: z
      .union([z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date such as 2026-11-25'), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString() : v))
      .optional(),
    source: AnswerSource.default('person'),
    /** How sure an automatic source is; people are taken at their word. */
    confidence: Confidence.optional(),
  })
  .superRefine(reasonRule);

/** `oe.1.iac.declarative: met` is shorthand for `{ status: met }`. */
export const Answer = z.preprocess((v) => (typeof v === 'string' ? { status: v } : v), AnswerFields);
export type Answer = z.infer<typeof AnswerFields>;

export const AssessmentFile = z.strictObject({
  workload: text.optional(),
  description: text.optional(),
  /** Model id → the version the answers were given against. */
  models: z.record(z.string(), z.string()).default({}),
  /** Context question id → the chosen option (`teams: several`). */
  context: z
    .record(z.string(), z.string())
    .nullable()
    .transform((v) => v ?? {})
    .default({}),
  /** Answers under retired ids that `waymark migrate` could not carry over: kept for the record, never scored. */
  retired: z.record(z.string(), z.unknown()).optional(),
  answers: z
    .record(z.string(), Answer)
    .nullable()
    .transform((v) => v ?? {})
    .default({}),
});
export type AssessmentFile = z.infer<typeof AssessmentFile>;
