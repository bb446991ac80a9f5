import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { writeFileAtomic } from '../atomicFile/index.js';
import { InputError } from '../diagnostics/index.js';
import { MAX_LATENCY_MS, MAX_RUN_SEC } from './limits.js';
import { parsePerfYaml } from './perfYaml.js';
import type { Exactness, FlowFigures, PercentileFigure, RunSummary } from './summary.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

/** Kept in the repository next to the targets, so a change of baseline is reviewed like code. */
export const DEFAULT_BASELINE_FILE = 'waymark.perf.baseline.yaml';

/**
 * Every figure of a baseline is bounded like the readers' values (see limits.ts): latencies from 0
 * to 24 h, a run duration above 0 and at most the whole timestamp range, counts whole and failures
 * at most the count, so a hand-edited baseline cannot make a comparison divide by zero or print
 * an impossible date.
 */
const latencyMs = z
  .number()
  .min(0, { message: 'a latency cannot be negative' })
  .max(MAX_LATENCY_MS, { message: `a latency must be at most ${MAX_LATENCY_MS} ms (24 h)` });

const percentileSchema = z.strictObject({
  ms: latencyMs.nullable(),
  enough: z.boolean(),
  minSamples: z.number().int().positive(),
  ci: z.tuple([latencyMs, latencyMs]).optional(),
});

const flowSchema = z
  .strictObject({
    // A JTL label may be empty, and a baseline must read back whatever was written.
    flow: z.string(),
    count: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    errorRate: z.number().min(0).max(100),
    throughput: z.number().nonnegative().nullable(),
    meanMs: latencyMs.nullable(),
    minMs: latencyMs.nullable(),
    maxMs: latencyMs.nullable(),
    exactness: z.enum(['samples', 'reported', 'reported-upper-bound']),
    p50: percentileSchema,
    p90: percentileSchema,
    p95: percentileSchema,
    p99: percentileSchema,
  })
  .refine((f) => f.errors <= f.count, { message: 'errors cannot exceed count', path: ['errors'] });

const baselineSchema = z.strictObject({
  version: z.literal(1, { message: 'version must be 1' }),
  created: z.string(),
  sources: z.array(z.string()),
  durationSec: z
    .number()
    .positive({ message: 'durationSec must be above 0' })
    .max(MAX_RUN_SEC, { message: `durationSec must be at most ${MAX_RUN_SEC} s` })
    .nullable(),
  flows: z.array(flowSchema),
});

export type BaselineFlow = z.output<typeof flowSchema>;
export interface Baseline {
  file?: string;
  created: string;
  sources: string[];
  durationSec: number | null;
  flows: BaselineFlow[];
}

function toBaselineFlow(f: FlowFigures): BaselineFlow {
  const pick = (p: PercentileFigure) => ({
    ms: p.ms,
    enough: p.enough,
    minSamples: p.minSamples,
    ...(p.ci ? { ci: p.ci } : {}),
  });
  return {
    flow: f.flow,
    count: f.count,
    errors: f.errors,
    errorRate: f.errorRate,
    throughput: f.throughput,
    meanMs: f.meanMs,
    minMs: f.minMs,
    maxMs: f.maxMs,
    exactness: f.exactness,
    p50: pick(f.percentiles.p50),
    p90: pick(f.percentiles.p90),
    p95: pick(f.percentiles.p95),
    p99: pick(f.percentiles.p99),
  };
}

export function baselineFromSummary(summary: RunSummary, now = new Date()): Baseline {
  return {
    created: now.toISOString(),
    sources: summary.sources.map((s) => s.name),
    durationSec: summary.durationSec,
    flows: [...summary.flows, summary.overall].map(toBaselineFlow),
  };
}

export function baselinePercentiles(f: BaselineFlow): Record<PercentileKey, PercentileFigure> {
  const out = {} as Record<PercentileKey, PercentileFigure>;
  for (const p of PERCENTILES) out[p] = f[p];
  return out;
}

export function baselineExactness(f: BaselineFlow): Exactness {
  return f.exactness;
}

export function formatBaseline(b: Baseline): string {
  const body = {
    version: 1,
    created: b.created,
    sources: b.sources,
    durationSec: b.durationSec,
    flows: b.flows,
  };
  return `# waymark perf baseline: written by \`waymark perf baseline set\`; review changes like code.\n${stringify(body, { lineWidth: 0, flowCollectionPadding: false })}`;
}

export function parseBaseline(text: string, file = DEFAULT_BASELINE_FILE): Baseline {
  const data = parsePerfYaml(text, file, baselineSchema);
  return {
    file,
    created: data.created,
    sources: data.sources,
    durationSec: data.durationSec,
    flows: data.flows,
  };
}

export function loadBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no baseline file' : `cannot read baseline file: ${(err as Error).message}`,
      { file: path },
      code === 'ENOENT' ? 'create one with: waymark perf baseline set RESULTS' : undefined,
    );
  }
  return parseBaseline(text, path);
}

export function saveBaseline(path: string, b: Baseline): void {
  // The baseline is Waymark's own file in the repository: its folder is made, like `git` would.
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, formatBaseline(b), { durable: true });
}

const OVERALL = '(all)';

/**
 * What `perf baseline set` would lose by writing `next` over `existing`: whether it has no samples
 * at all, and which flows with samples in the existing baseline have none in the new one.
 */
export function baselineLosses(
  existing: Baseline | undefined,
  next: Baseline,
): { empty: boolean; dropped: string[] } {
  const counted = (b: Baseline) =>
    new Set(b.flows.filter((f) => f.flow !== OVERALL && f.count > 0).map((f) => f.flow));
  const now = counted(next);
  const empty = next.flows.every((f) => f.count === 0);
  const dropped = existing ? [...counted(existing)].filter((f) => !now.has(f)) : [];
  return { empty, dropped };
}
