import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../diagnostics/index.js';

import { escapedExcerpt } from './excerpt.js';
import { compilePattern, isRegexPattern } from './flowMatcher.js';
import { PatternError } from './linearRegex.js';
import { parsePerfYaml } from './perfYaml.js';
import { durationMs, percent, ratePerSec, windowMs } from './units.js';

export const DEFAULT_TARGETS_FILE = 'waymark.perf.yaml';
export const PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;
export type PercentileKey = (typeof PERCENTILES)[number];
export type MetricKey = PercentileKey | 'throughput' | 'errorRate';

const level = z
  .union([z.enum(['low', 'medium', 'high']), z.number().int().min(1).max(5)])
  .transform((v) => (typeof v === 'number' ? v : v === 'low' ? 1 : v === 'medium' ? 3 : 5));

const rankSchema = z.strictObject({
  frequency: level.optional(),
  criticality: level.optional(),
  risk: level.optional(),
  data: level.optional().describe('data intensiveness'),
  architecture: level.optional().describe('architecture intensiveness'),
});

const toleranceSchema = z.strictObject({
  /** Percent of the baseline value a latency percentile may grow by. */
  latency: percent.optional(),
  p50: percent.optional(),
  p90: percent.optional(),
  p95: percent.optional(),
  p99: percent.optional(),
  /** Percent of the baseline throughput it may drop by. */
  throughput: percent.optional(),
  /** Percentage points the error rate may grow by. */
  errorRate: percent.optional(),
});

const targetsSchema = z.strictObject({
  p50: durationMs.optional(),
  p90: durationMs.optional(),
  p95: durationMs.optional(),
  p99: durationMs.optional(),
  /** Minimum requests per second. */
  throughput: ratePerSec.optional(),
  /** Maximum error rate, percent. */
  errorRate: percent.optional(),
});

const patternSchema = z
  .string()
  .min(1)
  .superRefine((v, ctx) => {
    try {
      compilePattern(v);
    } catch (err) {
      if (!(err instanceof PatternError)) throw err;
      const what = isRegexPattern(v) ? 'regular expression' : 'glob';
      ctx.addIssue({ code: 'custom', message: `unsupported ${what} ${escapedExcerpt(v)}: ${err.message}` });
    }
  });

const flowSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    match: z
      .strictObject({
        labels: z.array(patternSchema).optional(),
        urls: z.array(patternSchema).optional(),
      })
      .optional(),
    rank: rankSchema.optional(),
    targets: targetsSchema.optional(),
    tolerance: toleranceSchema.optional(),
  })
  .transform((f) => ({ ...f, match: f.match ?? { labels: [f.name] } }));

const fileSchema = z
  .strictObject({
    version: z.literal(1, { message: 'version must be 1' }).optional(),
    defaults: z
      .strictObject({
        tolerance: toleranceSchema.optional(),
        window: windowMs.optional().describe('time window for over-time figures (1 s to 24 h)'),
      })
      .optional(),
    flows: z.array(flowSchema).min(1, { message: 'list at least one flow under flows:' }),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.flows.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({
          code: 'custom',
          path: ['flows', i, 'name'],
          message: `duplicate flow name "${f.name}"`,
        });
      seen.add(f.name);
    });
  });

export type TargetsFileData = z.output<typeof fileSchema>;
export type Tolerance = z.output<typeof toleranceSchema>;

export interface FlowDefinition {
  name: string;
  description?: string;
  labels: string[];
  urls: string[];
  rank: { frequency?: number; criticality?: number; risk?: number; data?: number; architecture?: number };
  /** Sum of the rank factors: higher means the flow matters more and is listed first. */
  priority: number;
  targets: Partial<Record<MetricKey, number>>;
  tolerance: Record<MetricKey, number>;
}

export interface Targets {
  file?: string;
  windowMs?: number;
  flows: FlowDefinition[];
}

/** Used when neither the flow nor the file says otherwise. */
export const DEFAULT_TOLERANCE: Record<MetricKey, number> = {
  p50: 10,
  p90: 10,
  p95: 10,
  p99: 15,
  throughput: 10,
  errorRate: 1,
};

function resolveTolerance(...layers: (Tolerance | undefined)[]): Record<MetricKey, number> {
  const out = { ...DEFAULT_TOLERANCE };
  for (const t of layers) {
    if (!t) continue;
    if (t.latency !== undefined) for (const p of PERCENTILES) out[p] = t.latency;
    for (const p of PERCENTILES) if (t[p] !== undefined) out[p] = t[p];
    if (t.throughput !== undefined) out.throughput = t.throughput;
    if (t.errorRate !== undefined) out.errorRate = t.errorRate;
  }
  return out;
}

export function parseTargets(text: string, file = DEFAULT_TARGETS_FILE): Targets {
  const data = parsePerfYaml(text, file, fileSchema);
  const defaults = data.defaults?.tolerance;
  const flows = data.flows.map((f): FlowDefinition => {
    const rank = f.rank ?? {};
    const targets: Partial<Record<MetricKey, number>> = {};
    for (const [k, v] of Object.entries(f.targets ?? {})) if (v !== undefined) targets[k as MetricKey] = v;
    return {
      name: f.name,
      ...(f.description ? { description: f.description } : {}),
      labels: f.match.labels ?? [],
      urls: f.match.urls ?? [],
      rank,
      priority: Object.values(rank).reduce<number>((a, b) => a + (b ?? 0), 0),
      targets,
      tolerance: resolveTolerance(defaults, f.tolerance),
    };
  });
  // Stable: equal priorities keep the order the team wrote.
  const ordered = flows.map((f, i) => ({ f, i })).sort((a, b) => b.f.priority - a.f.priority || a.i - b.i);
  return {
    file,
    ...(data.defaults?.window !== undefined ? { windowMs: data.defaults.window } : {}),
    flows: ordered.map((x) => x.f),
  };
}

export function loadTargets(path: string): Targets {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read targets file: ${(err as Error).message}`, { file: path });
  }
  return parseTargets(text, path);
}

/** The explicit file, else the default one when it exists, else none (every label is its own flow). */
export function loadTargetsOption(path: string | undefined, cwd = process.cwd()): Targets | undefined {
  if (path) return loadTargets(path);
  const fallback = `${cwd}/${DEFAULT_TARGETS_FILE}`;
  return existsSync(fallback) ? loadTargets(fallback) : undefined;
}
