/**
 * The shape of `waymark.health.yaml`: components, their dependencies, signals with thresholds,
 * and the roll-up rules. Cross-field rules (unique ids, known dependencies, no cycles) live here
 * too, so every problem is reported with its path and therefore its line.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';

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

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const id = z
  .string()
  .regex(ID, { message: 'ids use letters, digits, "-" and "_", starting with a letter or digit' });

const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; write e.g. 30s, 5m or 1m30s` });
    return z.NEVER;
  }
  return ms;
});

const finite = z.number().refine(Number.isFinite, { message: 'thresholds must be finite numbers' });

const thresholdsSchema = z
  .strictObject({
    /** `above`: larger values are worse (latency, errors). `below`: smaller values are worse (throughput, free space). */
    direction: z.enum(['above', 'below']).default('above'),
    degraded: finite.optional(),
    unhealthy: finite.optional(),
    /** Why these numbers fit this workload; a health model without reasons is guesswork. */
    reason: z.string().trim().min(1, { message: 'say why these thresholds fit this workload' }),
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

const signalSchema = z
  .strictObject({
    id,
    description: z.string().optional(),
    /** A PromQL expression (Prometheus API sources only). */
    query: z.string().trim().min(1).optional(),
    /** A metric name, with `labels` to pick series; works with every source. */
    metric: z.string().regex(METRIC_NAME, { message: 'not a Prometheus metric name' }).optional(),
    labels: z
      .record(z.string().regex(LABEL_NAME, { message: 'not a Prometheus label name' }), z.string())
      .optional(),
    /** How several series become one value; without it, more than one series is an error. */
    aggregation: z.enum(AGGREGATIONS).optional(),
    /** Read a range of this length (a range query) instead of the latest value. */
    window: duration.optional(),
    step: duration.optional(),
    /** How the points of a window become one value. */
    overTime: z.enum(OVER_TIME).optional(),
    unit: z.string().trim().min(1, { message: 'give the unit the value is in, e.g. s, ratio, req/s' }),
    thresholds: thresholdsSchema,
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
    if ((s.step !== undefined || s.overTime !== undefined) && s.window === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [s.step !== undefined ? 'step' : 'overTime'],
        message: 'needs a window',
      });
  });

const componentSchema = z.strictObject({
  id,
  name: z.string().trim().min(1).optional(),
  description: z.string().optional(),
  /** A critical component's state carries to the workload unchanged. */
  critical: z.boolean().default(false),
  dependsOn: z.array(id).default([]),
  signals: z.array(signalSchema).min(1, { message: 'a component needs at least one signal' }),
});

const sourceSchema = z
  .strictObject({
    prometheus: z
      .string()
      .regex(/^https?:\/\/\S+$/, { message: 'expected an http(s) URL' })
      .optional(),
    metrics: z.string().optional(),
    values: z.string().optional(),
    timeout: duration.optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
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
  .superRefine((file, ctx) => {
    const index = new Map<string, number>();
    file.components.forEach((c, i) => {
      if (index.has(c.id))
        ctx.addIssue({
          code: 'custom',
          path: ['components', i, 'id'],
          message: `duplicate component id "${c.id}"`,
        });
      else index.set(c.id, i);
      const seen = new Set<string>();
      c.signals.forEach((s, j) => {
        if (seen.has(s.id))
          ctx.addIssue({
            code: 'custom',
            path: ['components', i, 'signals', j, 'id'],
            message: `duplicate signal id "${s.id}" in component "${c.id}"`,
          });
        seen.add(s.id);
      });
    });
    file.components.forEach((c, i) => {
      c.dependsOn.forEach((d, j) => {
        const path = ['components', i, 'dependsOn', j];
        if (d === c.id)
          ctx.addIssue({ code: 'custom', path, message: `component "${c.id}" depends on itself` });
        else if (!index.has(d))
          ctx.addIssue({
            code: 'custom',
            path,
            message: `unknown component "${d}"; known: ${[...index.keys()].join(', ')}`,
          });
      });
    });
    const cycle = findCycle(file.components);
    if (cycle) {
      const [from, to] = [cycle[cycle.length - 2] ?? '', cycle[cycle.length - 1] ?? ''];
      const i = index.get(from) ?? 0;
      const j = file.components[i]?.dependsOn.indexOf(to) ?? 0;
      ctx.addIssue({
        code: 'custom',
        path: ['components', i, 'dependsOn', j],
        message: `dependency cycle: ${cycle.join(' → ')}`,
      });
    }
  });

export type HealthFile = z.output<typeof healthFileSchema>;
export type ComponentSpec = HealthFile['components'][number];
export type SignalSpec = ComponentSpec['signals'][number];
export type Thresholds = SignalSpec['thresholds'];
export type RollUpRules = HealthFile['rollUp'];
export type SourceSpec = NonNullable<HealthFile['source']>;

/** A cycle as a list of ids whose first and last are the same, or undefined. Self-loops are reported apart. */
export function findCycle(
  components: readonly { id: string; dependsOn: readonly string[] }[],
): string[] | undefined {
  const deps = new Map(components.map((c) => [c.id, c.dependsOn.filter((d) => d !== c.id)]));
  const colour = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    colour.set(node, 'grey');
    stack.push(node);
    for (const next of deps.get(node) ?? []) {
      if (!deps.has(next)) continue;
      const c = colour.get(next);
      if (c === 'grey') return [...stack.slice(stack.indexOf(next)), next];
      if (c === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    colour.set(node, 'black');
    return undefined;
  };
  for (const c of components) {
    if (colour.has(c.id)) continue;
    const found = visit(c.id);
    if (found) return found;
  }
  return undefined;
}
