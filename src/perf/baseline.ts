import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { writeFileAtomic } from '../atomicFile/index.js';
import { InputError } from '../diagnostics/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import type { Exactness, FlowFigures, PercentileFigure, RunSummary } from './summary.js';
import { PERCENTILES, type PercentileKey } from './targetsFile.js';

/** Kept in the repository next to the targets, so a change of baseline is reviewed like code. */
export const DEFAULT_BASELINE_FILE = 'waymark.perf.baseline.yaml';

const percentileSchema = z.strictObject({
  ms: z.number().nullable(),
  enough: z.boolean(),
  minSamples: z.number().int().positive(),
  ci: z.tuple([z.number(), z.number()]).optional(),
});

const flowSchema = z.strictObject({
  flow: z.string().min(1),
  count: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  errorRate: z.number().nonnegative(),
  throughput: z.number().nonnegative().nullable(),
  meanMs: z.number().nullable(),
  minMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  exactness: z.enum(['samples', 'reported', 'reported-upper-bound']),
  p50: percentileSchema,
  p90: percentileSchema,
  p95: percentileSchema,
  p99: percentileSchema,
});

const baselineSchema = z.strictObject({
  version: z.literal(1, { message: 'version must be 1' }),
  created: z.string(),
  sources: z.array(z.string()),
  durationSec: z.number().nullable(),
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
  const data = parseYaml(text, file, baselineSchema).value;
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
