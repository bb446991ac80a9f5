import { z } from 'zod';
import { AnswerSource, Confidence, reasonRule, Status, SuggestedStatus } from '../answers/index.js';
import { CRITICALITIES } from '../store/index.js';

/**
 * Request shapes, written once in zod: Fastify validates requests with them (requestValidation.ts),
 * /openapi.json is generated from them, and handlers get the matching TypeScript types.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
/** Every time a client sends: ISO 8601 with seconds and a zone, and a day that exists. */
const dateTime = () => z.iso.datetime({ offset: true });

export const WorkloadParams = z.strictObject({ id: z.string().uuid() });
export const AnswerParams = z.strictObject({ id: z.string().uuid(), practiceId: text(200) });
export const MilestoneParams = z.strictObject({ id: z.string().uuid(), milestoneId: z.string().uuid() });

export const WorkloadBody = z.strictObject({
  name: text(120),
  repository: z.string().max(500).nullable().optional(),
  criticality: z.enum(CRITICALITIES).optional(),
  tags: z.array(text(50)).max(20).optional(),
});
export type WorkloadBody = z.infer<typeof WorkloadBody>;
export const WorkloadPatch = WorkloadBody.partial().extend({
  /** true archives the workload (out of the portfolio, kept whole), false brings it back. */
  archived: z.boolean().optional(),
});
export type WorkloadPatch = z.infer<typeof WorkloadPatch>;

export const AnswerBody = z
  .strictObject({
    status: Status,
    reason: z.string().max(2000).nullable().optional(),
    note: z.string().max(4000).nullable().optional(),
    evidence: z.array(z.string().min(1).max(1000)).max(50).optional(),
    source: AnswerSource.optional(),
    confidence: Confidence.nullable().optional(),
    /** The revision the client last saw; 0 when the practice was never answered. */
    revision: z.number().int().min(0),
  })
  // The same rule, and the same words, as the assessment file's.
  .superRefine(reasonRule);
export type AnswerBody = z.infer<typeof AnswerBody>;

/** Query strings arrive as text; numbers are converted here, then range-checked. */
export const ScoreQuery = z.strictObject({
  planLimit: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
});

/** `optional=1`: no scan yet is an expected answer (204), not an error (404) a browser logs. */
export const LatestScanQuery = z.strictObject({ optional: z.enum(['1', 'true']).optional() });
export type LatestScanQuery = z.infer<typeof LatestScanQuery>;

/** The whole context: a question absent, null or empty is unanswered (every practice in force). */
export const ContextBody = z.strictObject({
  context: z.record(z.string().min(1).max(100), z.string().max(100).nullable()),
});
export type ContextBody = z.infer<typeof ContextBody>;

export const MilestoneBody = z.strictObject({ name: text(120) });
export const DiffQuery = z.strictObject({ from: z.string().uuid(), to: z.string().uuid() });

export const Suggestion = z.strictObject({
  practiceId: text(200),
  status: SuggestedStatus,
  confidence: Confidence,
  evidence: z.array(z.string().max(1000)).max(100),
  summary: z.string().max(1000),
  detector: z.string().max(200),
});
export const ScanBody = z.strictObject({
  root: z.string().max(1000).optional(),
  scannedAt: dateTime().optional(),
  suggestions: z.array(Suggestion).max(2000),
});
export type ScanBody = z.infer<typeof ScanBody>;

const healthState = z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']);
/** The top of a health report; components are kept as sent (their shape is the health module's). */
export const HealthReportBody = z.looseObject({
  formatVersion: z.literal(1),
  workload: z.string().max(200),
  state: healthState,
  reason: z.string().max(2000),
  evaluatedAt: dateTime(),
  components: z
    .array(
      z.looseObject({
        id: z.string().max(200),
        state: healthState,
        // The timeline keeps the reason of every change.
        reason: z.string().max(2000),
        signals: z
          .array(
            z.looseObject({
              id: z.string().max(200),
              key: z.string().max(400),
              state: healthState,
              reason: z.string().max(2000),
              value: z.number().nullable().optional(),
              /** With perSeries: each series' own state. */
              series: z
                .array(
                  z.looseObject({
                    name: z.string().max(400),
                    state: healthState,
                    reason: z.string().max(2000),
                    value: z.number().nullable(),
                  }),
                )
                .max(1000)
                .optional(),
            }),
          )
          .max(1000),
      }),
    )
    .max(1000),
});

export const PerfBaselineBody = z.strictObject({
  baseline: z
    .string()
    .min(1)
    .max(2 * 1024 * 1024),
});
