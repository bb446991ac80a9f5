/**
 * A load-test run as `waymark perf summary|compare --push` sends it, and the few figures per flow
 * the server keeps beside it for trends. The summary is the one `perf summary --format json`
 * prints; the schema bounds every list and string so that a push cannot grow without limit.
 */
import { z } from 'zod';
import type { Comparison, RunSummary } from '../perf/index.js';
import { PERF_RUN_KINDS } from '../store/index.js';

const ms = z.number().min(0).max(86_400_000);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const rate = z.number().min(0).max(1e12);
const percent = z.number().min(0).max(100);
const label = z.string().max(2000);

const Percentile = z.object({
  ms: ms.nullable(),
  enough: z.boolean(),
  minSamples: count,
  ci: z.tuple([ms, ms]).optional(),
});

const WindowPercentile = z.object({ ms: ms.nullable(), enough: z.boolean() });

const Window = z.object({
  startMs: z.number(),
  endMs: z.number(),
  count: count.optional(),
  errors: count.optional(),
  throughput: rate,
  errorRate: percent.optional(),
  p50Ms: ms.nullable().optional(),
  p95Ms: ms.nullable().optional(),
  p99Ms: ms.nullable().optional(),
  responseCodes: z.record(z.string().max(200), count).optional(),
  errorCodes: z.record(z.string().max(200), count).optional(),
  meanMs: ms.nullable().optional(),
  minMs: ms.nullable().optional(),
  maxMs: ms.nullable().optional(),
  percentiles: z
    .object({
      p50: WindowPercentile.optional(),
      p90: WindowPercentile.optional(),
      p95: WindowPercentile.optional(),
      p99: WindowPercentile.optional(),
    })
    .optional(),
  activeUsers: z.number().min(0).max(1e9).optional(),
});

/** How the over-time windows were cut (see perf's overTime.ts). */
const Windowing = z.object({
  windowSec: z
    .number()
    .positive()
    .max(86_400 * 7),
  requestedSec: z
    .number()
    .positive()
    .max(86_400 * 7),
  originMs: z.number().nullable(),
  source: z.enum(['samples', 'reported']),
  rowIntervalSec: z.number().positive().optional(),
  percentileSpan: z.enum(['rolling', 'since-start']).optional(),
  rollingSec: z.number().positive().optional(),
});

// A day of one-second windows, or a week of 30-second ones.
export const MAX_WINDOWS = 86_400;

const Flow = z.object({
  flow: label,
  count,
  errors: count,
  errorRate: percent,
  throughput: rate.nullable(),
  flowThroughput: rate.optional(),
  meanMs: ms.nullable(),
  minMs: ms.nullable(),
  maxMs: ms.nullable(),
  percentiles: z.object({ p50: Percentile, p90: Percentile, p95: Percentile, p99: Percentile }),
  exactness: z.enum(['samples', 'reported', 'reported-upper-bound']),
  windows: z.array(Window).max(MAX_WINDOWS),
  transaction: z.literal(true).optional(),
});

export const PushedSummary = z.object({
  sources: z
    .array(z.object({ name: label, format: z.string().max(100), gzip: z.boolean().optional(), rows: count }))
    .max(1000),
  startMs: z.number().int().nullable(),
  endMs: z.number().nullable(),
  durationSec: z.number().positive().nullable(),
  windowSec: z
    .number()
    .positive()
    .max(86_400 * 7),
  windowing: Windowing,
  flows: z.array(Flow).max(2000),
  overall: Flow,
  unmatched: z.object({ count, labels: z.array(label).max(100) }),
  skipped: z.object({
    total: count,
    reasons: z.array(z.object({ reason: label, count, where: z.array(label).max(100) })).max(1000),
  }),
  notes: z.array(z.string().max(10_000)).max(1000),
  precision: z.string().max(2000),
});

export const PerfRunBody = z.strictObject({
  /** A name for the run: a build number, a commit. */
  name: z.string().trim().min(1).max(200).nullable().optional(),
  /** `baseline` when the run is also made the baseline (`perf baseline set --server`). */
  kind: z.enum(PERF_RUN_KINDS).default('run'),
  summary: PushedSummary,
  /** The baseline file's text the run was compared against (for `baseline`: the one it became). */
  baseline: z
    .string()
    .min(1)
    .max(2 * 1024 * 1024)
    .optional(),
  /** The targets file's text the run was read with. */
  targets: z
    .string()
    .min(1)
    .max(2 * 1024 * 1024)
    .optional(),
});
export type PerfRunBody = z.output<typeof PerfRunBody>;

// What the server reads back is what it wrote, but it is checked all the same.
export const StoredSummary = PushedSummary;

/** A run summary as the perf core types it: the schema's output has every field RunSummary needs. */
export function asRunSummary(s: z.output<typeof PushedSummary>): RunSummary {
  return s;
}

const FlowFigures = z.object({
  flow: z.string(),
  count: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  throughput: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** False when too few samples for the percentile to be judged. */
  p95Enough: z.boolean(),
  p99Enough: z.boolean(),
  transaction: z.boolean().optional(),
});
export type FlowFigures = z.output<typeof FlowFigures>;

/** The figures per flow a trend reads, kept beside the summary so a trend never parses one. */
export const RunFigures = z.object({
  durationSec: z.number().nullable(),
  sources: z.array(z.string()),
  flows: z.array(FlowFigures),
});
export type RunFigures = z.output<typeof RunFigures>;

export function figuresOf(s: RunSummary): RunFigures {
  const flow = (f: RunSummary['overall']): FlowFigures => ({
    flow: f.flow,
    count: f.count,
    errors: f.errors,
    errorRate: f.errorRate,
    throughput: f.throughput,
    p50: f.percentiles.p50.ms,
    p90: f.percentiles.p90.ms,
    p95: f.percentiles.p95.ms,
    p99: f.percentiles.p99.ms,
    p95Enough: f.percentiles.p95.enough,
    p99Enough: f.percentiles.p99.enough,
    ...(f.transaction ? { transaction: true } : {}),
  });
  return {
    durationSec: s.durationSec,
    sources: s.sources.map((x) => x.name),
    flows: [...s.flows, s.overall].map(flow),
  };
}

/** A comparison's outcome, in a few words per flow. */
export const RunVerdict = z.object({
  exitCode: z.union([z.literal(0), z.literal(1)]),
  regressed: z.number(),
  targetsMissed: z.number(),
  flows: z.array(z.object({ flow: z.string(), verdicts: z.array(z.string()) })),
});
export type RunVerdict = z.output<typeof RunVerdict>;

export function verdictOf(c: Comparison): RunVerdict {
  return {
    exitCode: c.exitCode,
    regressed: c.regressed,
    targetsMissed: c.targetsMissed,
    flows: c.flows.map((f) => ({ flow: f.flow, verdicts: [...f.verdicts] })),
  };
}

export const PerfRunParams = z.strictObject({ id: z.string().uuid(), runId: z.string().uuid() });
export const PerfCompareParams = z.strictObject({
  id: z.string().uuid(),
  runId: z.string().uuid(),
  otherRunId: z.string().uuid(),
});
export const PerfFlowParams = z.strictObject({ id: z.string().uuid(), flow: z.string().min(1).max(2000) });
/**
 * Query strings arrive as text. `width`: draw the charts this many pixels wide (the web UI asks
 * for the width it has; kept within 280 to 1,600).
 */
export const ChartQuery = z.strictObject({
  width: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
});
export const RunListQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
});
export const chartWidth = (q: z.output<typeof ChartQuery>): number | undefined =>
  q.width === undefined ? undefined : Math.min(1600, Math.max(280, Number(q.width)));
