/**
 * The shape of `waymark.health.yaml`: components, their dependencies, signals with thresholds,
 * and the roll-up rules. Cross-field rules (unique ids, known dependencies, no cycles) live here
 * too, so every problem is reported with its path and therefore its line.
 */
import { z } from 'zod';
import { httpAuthSchema } from './authSchema.js';
import { deepestChain, dependencyGraph, MAX_DEPENDENCY_DEPTH } from './dependencies.js';
import {
  checkDuration,
  type DurationRange,
  HOLD_RANGE,
  MAX_RANGE_POINTS,
  STEP_RANGE,
  TIMEOUT_RANGE,
  WINDOW_RANGE,
} from './duration.js';
import { chainExcerpt, listExcerpt, quote } from './messages.js';

/**
 * States in order of how bad they are for roll-up. `unknown` sits between degraded and unhealthy:
 * a signal we cannot read might hide an outage, so it outranks a known degradation, yet it is
 * not proof of one.
 */
export const STATES = ['healthy', 'degraded', 'unknown', 'unhealthy'] as const;
export type HealthState = (typeof STATES)[number];

export const AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const OVER_TIME = ['avg', 'min', 'max', 'last'] as const;
export type OverTime = (typeof OVER_TIME)[number];

/** Queries in flight at once, from the model or --concurrency. */
export const MAX_CONCURRENCY = 256;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const id = z
  .string()
  .regex(ID, { message: 'ids use letters, digits, "-" and "_", starting with a letter or digit' });

// z.unknown, not z.union([z.number(), z.string()]): zod's number refuses .inf with a bare "Invalid input".
const duration = (range: DurationRange) =>
  z.unknown().transform((v, ctx) => {
    const checked =
      typeof v === 'number' || typeof v === 'string'
        ? checkDuration(v, range)
        : { problem: 'expected a duration such as 500ms, 30s or 5m' };
    if ('problem' in checked) {
      ctx.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    }
    return checked.ms;
  });

/** An http(s) URL that fetch can use: the scheme alone is not enough (`http://[x` has it). */
export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    return new URL(text).hostname !== '';
  } catch {
    return false;
  }
}

const httpUrl = z.string().refine(isHttpUrl, { message: 'expected an http(s) URL' });

const finite = z.number().refine(Number.isFinite, { message: 'thresholds must be finite numbers' });

const thresholdsSchema = z
  .strictObject({
    /** `above`: larger values are worse (latency, errors). `below`: smaller values are worse (throughput, free space). */
    direction: z.enum(['above', 'below']).default('above'),
    degraded: finite.optional(),
    unhealthy: finite.optional(),
    /** Why these numbers fit this workload; a health model without reasons is guesswork. */
    reason: z.string().trim().min(1, { message: 'say why these thresholds fit this workload' }),
    /**
     * Recovery margin: a state reached by crossing a threshold is left only once the value is back
     * past it by this much, so a value hovering at the line does not flip the state each time.
     */
    hysteresis: z.number().refine(Number.isFinite, { message: 'must be a finite number' }).min(0).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.degraded === undefined && t.unhealthy === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give a degraded or an unhealthy threshold (or both)' });
      return;
    }
    if (t.degraded === undefined || t.unhealthy === undefined) return;
    const inverted = t.direction === 'above' ? t.degraded > t.unhealthy : t.degraded < t.unhealthy;
    if (inverted) {
      ctx.addIssue({
        code: 'custom',
        path: ['unhealthy'],
        message:
          t.direction === 'above'
            ? `unhealthy (${t.unhealthy}) must not be below degraded (${t.degraded}) when larger values are worse`
            : `unhealthy (${t.unhealthy}) must not be above degraded (${t.degraded}) when direction is below`,
      });
    }
  });

const regexText = z.string().refine(
  (v) => {
    try {
      new RegExp(`^(?:${v})$`, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);
const labelMatchSchema = z.union(
  [
    z.string(),
    z.strictObject({ not: z.string() }),
    z.strictObject({ regex: regexText }),
    z.strictObject({ notRegex: regexText }),
  ],
  { message: 'a label value (equal), or one of { not: … }, { regex: … }, { notRegex: … }' },
);

/** Evaluations a new state must be seen in a row before it is reported, in `watch`. */
export const MAX_HOLD_EVALUATIONS = 1000;

/**
 * `for:` as Prometheus' alerting rules have it: a whole number is evaluations in a row, a duration
 * (`30s`, `2m`) the time since the state was first seen.
 */
const hold = z.unknown().transform((v, ctx): Hold => {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 1 && v <= MAX_HOLD_EVALUATIONS) return { evaluations: v };
    ctx.addIssue({
      code: 'custom',
      message: `a number here is evaluations in a row, a whole number from 1 to ${MAX_HOLD_EVALUATIONS}; write a duration as 30s or 2m`,
    });
    return z.NEVER;
  }
  const checked =
    typeof v === 'string'
      ? checkDuration(v, HOLD_RANGE)
      : { problem: 'expected evaluations in a row (3) or a duration (30s, 2m)' };
  if ('problem' in checked) {
    ctx.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  }
  return { ms: checked.ms };
});
export type Hold = { readonly evaluations: number } | { readonly ms: number };

const signalSchema = z
  .strictObject({
    id,
    description: z.string().optional(),
    /** A PromQL expression (Prometheus API sources only). */
    query: z.string().trim().min(1).optional(),
    /** A metric name, with `labels` to pick series; works with every source. */
    metric: z.string().regex(METRIC_NAME, { message: 'not a Prometheus metric name' }).optional(),
    /** Equal as a plain string; or { not }, { regex }, { notRegex }, anchored as in PromQL. */
    labels: z
      .record(z.string().regex(LABEL_NAME, { message: 'not a Prometheus label name' }), labelMatchSchema)
      .optional(),
    /** How several series become one value; without it, more than one series is an error. */
    aggregation: z.enum(AGGREGATIONS).optional(),
    /**
     * One state per series (per instance, per mount point), as alerting rules fire per label set,
     * rolled up by `worst` or by the share of series that must be healthy.
     */
    perSeries: z
      .union([
        z.literal('worst'),
        z.strictObject({
          healthyShare: z
            .number()
            .gt(0, { message: 'a share above 0' })
            .max(1, { message: 'a share of at most 1' }),
        }),
      ])
      .optional(),
    /** Read a range of this length (a range query) instead of the latest value. */
    window: duration(WINDOW_RANGE).optional(),
    step: duration(STEP_RANGE).optional(),
    /** How the points of a window become one value. */
    overTime: z.enum(OVER_TIME).optional(),
    unit: z.string().trim().min(1, { message: 'give the unit the value is in, e.g. s, ratio, req/s' }),
    thresholds: thresholdsSchema,
    /** A new state is reported by `watch` once it has held this long; until then the old one stands. */
    for: hold.optional(),
    /** The same for a better state (recovery); default: `for`. */
    recoverFor: hold.optional(),
    /**
     * What a query that returns no series means. Alert-style expressions (`node_load1 > 100`)
     * return none when all is well: `healthy` says so, once the metric they read is known to exist.
     */
    noData: z.enum(['unknown', 'healthy']).optional(),
    /** Read a counter's running total as it is (rare: a total that is itself the level, e.g. restarts); refused otherwise. */
    rawCounter: z.boolean().optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.query === undefined) === (s.metric === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'give either query (PromQL) or metric (a name with labels), not both',
      });
    if (s.labels && s.query !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['labels'],
        message: 'labels go with metric; put them in the PromQL query',
      });
    if (s.perSeries !== undefined && s.aggregation !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['perSeries'],
        message: 'perSeries judges each series; aggregation makes one of them: give one or the other',
      });
    if ((s.step !== undefined || s.overTime !== undefined) && s.window === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [s.step !== undefined ? 'step' : 'overTime'],
        message: 'needs a window',
      });
    if (s.step !== undefined && s.window !== undefined) {
      if (s.step > s.window)
        ctx.addIssue({
          code: 'custom',
          path: ['step'],
          message: 'a step must not be longer than its window',
        });
      else if (s.window / s.step > MAX_RANGE_POINTS)
        ctx.addIssue({
          code: 'custom',
          path: ['step'],
          message: `window / step is ${Math.ceil(s.window / s.step).toLocaleString('en')} points; Prometheus allows at most ${MAX_RANGE_POINTS.toLocaleString('en')}`,
        });
    }
  });

const impact = z.enum(['degraded', 'unknown', 'unhealthy', 'none']);
/**
 * What a dependency's state does to the component that depends on it, as Azure's health models
 * let each relationship say: for each bad state of the dependency, the least state the dependent
 * becomes (`none`: nothing). `same` carries every state as it is; `none` carries nothing.
 */
const propagateSchema = z
  .union([
    z.literal('same'),
    z.literal('none'),
    z.strictObject({ degraded: impact.optional(), unknown: impact.optional(), unhealthy: impact.optional() }),
  ])
  .transform(
    (p): Propagation =>
      p === 'same'
        ? { degraded: 'degraded', unknown: 'unknown', unhealthy: 'unhealthy' }
        : p === 'none'
          ? { degraded: 'none', unknown: 'none', unhealthy: 'none' }
          : p,
  );
export type Propagation = Partial<Record<'degraded' | 'unknown' | 'unhealthy', z.output<typeof impact>>>;

const componentSchema = z
  .strictObject({
    id,
    name: z.string().trim().min(1).optional(),
    description: z.string().optional(),
    /** A critical component's state carries to the workload unchanged. */
    critical: z.boolean().default(false),
    /** An id, or { id, propagate } to say what this dependency's state does here. */
    dependsOn: z.array(z.union([id, z.strictObject({ id, propagate: propagateSchema })])).default([]),
    signals: z.array(signalSchema).min(1, { message: 'a component needs at least one signal' }),
  })
  .transform(({ dependsOn, ...c }) => {
    const propagate: Record<string, Propagation> = {};
    for (const d of dependsOn) if (typeof d !== 'string') propagate[d.id] = d.propagate;
    return {
      ...c,
      dependsOn: dependsOn.map((d) => (typeof d === 'string' ? d : d.id)),
      ...(Object.keys(propagate).length ? { propagate } : {}),
    };
  });

const sourceSchema = z
  .strictObject({
    prometheus: httpUrl.optional(),
    metrics: z.string().optional(),
    values: z.string().optional(),
    timeout: duration(TIMEOUT_RANGE).optional(),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).optional(),
    /** Credentials and TLS for prometheus (and a metrics URL). */
    auth: httpAuthSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const given = [s.prometheus, s.metrics, s.values].filter((v) => v !== undefined).length;
    if (given !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          'give exactly one of prometheus (API URL), metrics (text endpoint URL or file), values (JSON file)',
      });
  });

const rollUpSchema = z.strictObject({
  /** The most a non-critical component can do to the workload. */
  nonCritical: z.enum(['degraded', 'unhealthy']).default('degraded'),
  /** How a signal that could not be read counts. Never healthy. */
  unknown: z.enum(['unknown', 'degraded', 'unhealthy']).default('unknown'),
  /** The least a component becomes when something it depends on is unhealthy. */
  dependencyUnhealthy: z.enum(['degraded', 'unhealthy', 'none']).default('degraded'),
});

export const healthFileSchema = z
  .strictObject({
    version: z.literal(1, { message: 'version must be 1' }),
    workload: z.string().trim().min(1),
    description: z.string().optional(),
    source: sourceSchema.optional(),
    rollUp: rollUpSchema.prefault({}),
    components: z.array(componentSchema).min(1, { message: 'a health model needs at least one component' }),
  })
  // `when`: run on a file whose fields are wrong too, so every problem is reported in one round.
  .superRefine((file, ctx) => checkComponents(referencesOf(file), ctx), { when: () => true });

export type HealthFile = z.output<typeof healthFileSchema>;
export type ComponentSpec = HealthFile['components'][number];
export type SignalSpec = ComponentSpec['signals'][number];
export type Thresholds = SignalSpec['thresholds'];
export type RollUpRules = HealthFile['rollUp'];
export type SourceSpec = NonNullable<HealthFile['source']>;

type Ctx = z.core.$RefinementCtx;

interface References {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly signals: readonly { readonly id: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * Only what the reference checks read, from a file that may fail its field checks. Plain checks,
 * not a schema: they run over every component of a 100,000-wide model.
 */
function referencesOf(file: unknown): readonly References[] {
  const components = isRecord(file) && Array.isArray(file.components) ? file.components : [];
  return components.map((c: unknown) => {
    const o = isRecord(c) ? c : {};
    return {
      id: isString(o.id) ? o.id : '',
      dependsOn: Array.isArray(o.dependsOn)
        ? o.dependsOn.map((d: unknown) => (isString(d) ? d : isRecord(d) && isString(d.id) ? d.id : ''))
        : [],
      signals: Array.isArray(o.signals)
        ? o.signals.map((x: unknown) => ({ id: isRecord(x) && isString(x.id) ? x.id : '' }))
        : [],
    };
  });
}

/** Unique ids, known dependencies, no cycles and a bounded depth: every issue with its path. */
function checkComponents(components: readonly References[], ctx: Ctx): void {
  const index = new Map<string, number>();
  components.forEach((c, i) => {
    if (c.id === '') return;
    if (index.has(c.id))
      ctx.addIssue({
        code: 'custom',
        path: ['components', i, 'id'],
        message: `duplicate component id ${quote(c.id)}`,
      });
    else index.set(c.id, i);
    const seen = new Set<string>();
    c.signals.forEach((s, j) => {
      if (s.id === '') return;
      if (seen.has(s.id))
        ctx.addIssue({
          code: 'custom',
          path: ['components', i, 'signals', j, 'id'],
          message: `duplicate signal id ${quote(s.id)} in component ${quote(c.id)}`,
        });
      seen.add(s.id);
    });
  });
  // Built once: a wide model with many unknown names must not list every id per mistake.
  let known: string | undefined;
  components.forEach((c, i) => {
    c.dependsOn.forEach((d, j) => {
      if (d === '') return; // not an id: its field check says so
      const path = ['components', i, 'dependsOn', j];
      if (d === c.id)
        ctx.addIssue({ code: 'custom', path, message: `component ${quote(c.id)} depends on itself` });
      else if (!index.has(d)) {
        known ??= listExcerpt([...index.keys()]);
        ctx.addIssue({ code: 'custom', path, message: `unknown component ${quote(d)}; known: ${known}` });
      }
    });
  });
  const graph = dependencyGraph(withoutSelfLoops(components));
  if (graph.cycle) {
    const [from, to] = [graph.cycle[graph.cycle.length - 2] ?? '', graph.cycle[graph.cycle.length - 1] ?? ''];
    const i = index.get(from) ?? 0;
    const j = components[i]?.dependsOn.indexOf(to) ?? 0;
    ctx.addIssue({
      code: 'custom',
      path: ['components', i, 'dependsOn', j],
      message: `dependency cycle: ${chainExcerpt(graph.cycle)}`,
    });
    return;
  }
  const deep = graph.height.findIndex((h) => h > MAX_DEPENDENCY_DEPTH);
  if (deep >= 0)
    ctx.addIssue({
      code: 'custom',
      path: ['components', deep, 'dependsOn'],
      message: `dependsOn goes ${(graph.height[deep] ?? 0).toLocaleString('en')} levels deep here (${chainExcerpt(
        deepestChain(graph, deep).map((j) => components[j]?.id ?? ''),
      )}); at most ${MAX_DEPENDENCY_DEPTH.toLocaleString('en')} levels are allowed`,
    });
}

function withoutSelfLoops(components: readonly { id: string; dependsOn: readonly string[] }[]) {
  return components.map((c) => ({ id: c.id, dependsOn: c.dependsOn.filter((d) => d !== c.id) }));
}

/** A cycle as a list of ids whose first and last are the same, or undefined. Self-loops are reported apart. */
export function findCycle(
  components: readonly { id: string; dependsOn: readonly string[] }[],
): string[] | undefined {
  const cycle = dependencyGraph(withoutSelfLoops(components)).cycle;
  return cycle ? [...cycle] : undefined;
}
