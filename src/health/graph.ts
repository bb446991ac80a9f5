/** What the diagrams draw: the model's components, coloured by state when an evaluation is at hand. */
import type { HealthModel } from './modelFile.js';
import type { HealthReport } from './report.js';
import type { HealthState } from './schema.js';

export interface GraphNode {
  readonly id: string;
  readonly name: string;
  readonly critical: boolean;
  readonly dependsOn: readonly string[];
  readonly state?: HealthState;
}

export interface HealthGraph {
  readonly workload: string;
  readonly state?: HealthState;
  readonly components: readonly GraphNode[];
}

export function graphOf(model: HealthModel, report?: HealthReport): HealthGraph {
  const states = new Map(report?.components.map((c) => [c.id, c.state]));
  return {
    workload: model.workload,
    ...(report ? { state: report.state } : {}),
    components: model.components.map((c) => {
      const state = states.get(c.id);
      return {
        id: c.id,
        name: c.name ?? c.id,
        critical: c.critical,
        dependsOn: c.dependsOn,
        ...(state ? { state } : {}),
      };
    }),
  };
}

/**
 * What the workload points at in a diagram: components nothing else depends on, and every critical
 * component, since a critical component decides the workload's state even when others depend on it.
 */
export function workloadEdges(graph: HealthGraph): GraphNode[] {
  const depended = new Set(graph.components.flatMap((c) => c.dependsOn));
  return graph.components.filter((c) => c.critical || !depended.has(c.id));
}

/** Fill, stroke and text colours per state; unknown is grey-violet so it never reads as green. */
export const STATE_COLOURS: Record<HealthState | 'none', { fill: string; stroke: string; text: string }> = {
  healthy: { fill: '#d3f9d8', stroke: '#2b8a3e', text: '#1b4332' },
  degraded: { fill: '#fff3bf', stroke: '#e67700', text: '#5c3c00' },
  unhealthy: { fill: '#ffe3e3', stroke: '#c92a2a', text: '#5c0000' },
  unknown: { fill: '#e9e4f5', stroke: '#5f3dc4', text: '#2b1a66' },
  none: { fill: '#f1f3f5', stroke: '#868e96', text: '#212529' },
};
