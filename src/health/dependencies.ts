/**
 * The dependsOn graph, walked without recursion (Kahn's algorithm), so a 5,000-deep chain or a
 * 100,000-wide model costs time linear in its size and never the call stack. Validation, roll-up
 * and the diagrams all take their order from here.
 */

/** Levels of dependsOn a model may have below any component; deeper is refused as a mistake. */
export const MAX_DEPENDENCY_DEPTH = 1000;

export interface DependencyNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export interface DependencyGraph {
  /** Indices into the input, each after every component it depends on; those on or above a cycle are missing. */
  readonly order: readonly number[];
  /** Longest dependsOn chain below each component (0: depends on nothing); -1 when not ordered. */
  readonly height: readonly number[];
  /** For each component, the indices of the components that depend on it. */
  readonly dependents: readonly (readonly number[])[];
  /** For each component, the indices of its known dependencies (ids that name no component are skipped). */
  readonly dependencies: readonly (readonly number[])[];
  /** Ids along one cycle, first and last the same, when the graph has one. */
  readonly cycle?: readonly string[];
}

export function dependencyGraph(nodes: readonly DependencyNode[]): DependencyGraph {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!index.has(n.id)) index.set(n.id, i);
  });
  const dependencies = nodes.map((n) =>
    n.dependsOn.map((d) => index.get(d)).filter((j): j is number => j !== undefined),
  );
  const dependents: number[][] = nodes.map(() => []);
  const pending = dependencies.map((deps) => deps.length);
  dependencies.forEach((deps, i) => {
    for (const j of deps) dependents[j]?.push(i);
  });
  const height = nodes.map(() => -1);
  const order: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (pending[i] === 0) {
      order.push(i);
      height[i] = 0;
    }
  }
  // `order` doubles as the queue: everything before `next` has had its dependents released.
  for (let next = 0; next < order.length; next++) {
    const j = order[next] ?? 0;
    const h = (height[j] ?? 0) + 1;
    for (const i of dependents[j] ?? []) {
      if ((height[i] ?? -1) < h) height[i] = h;
      const left = (pending[i] ?? 0) - 1;
      pending[i] = left;
      if (left === 0) order.push(i);
    }
  }
  // Kahn's leftovers: a component with a cycle below it, or on one.
  const leftover = pending.findIndex((p) => p > 0);
  for (let i = 0; i < nodes.length; i++) if ((pending[i] ?? 0) > 0) height[i] = -1;
  const cycle = leftover < 0 ? undefined : walkToCycle(leftover, nodes, dependencies, pending);
  return { order, height, dependents, dependencies, ...(cycle ? { cycle } : {}) };
}

/** From a left-over component, follow left-over dependencies until one repeats: that loop is a cycle. */
function walkToCycle(
  start: number,
  nodes: readonly DependencyNode[],
  dependencies: readonly (readonly number[])[],
  pending: readonly number[],
): string[] {
  const at = new Map<number, number>();
  const path: number[] = [];
  let i: number | undefined = start;
  while (i !== undefined && !at.has(i)) {
    at.set(i, path.length);
    path.push(i);
    i = dependencies[i]?.find((j) => (pending[j] ?? 0) > 0);
  }
  const from = i === undefined ? 0 : (at.get(i) ?? 0);
  const loop = [...path.slice(from), ...(i === undefined ? [] : [i])];
  return loop.map((j) => nodes[j]?.id ?? '');
}

/** One longest dependsOn chain down from component `i`, as indices, `i` first. */
export function deepestChain(graph: DependencyGraph, i: number): number[] {
  const chain = [i];
  let at = i;
  while ((graph.height[at] ?? 0) > 0) {
    const want = (graph.height[at] ?? 0) - 1;
    const next = graph.dependencies[at]?.find((j) => graph.height[j] === want);
    if (next === undefined) break;
    chain.push(next);
    at = next;
  }
  return chain;
}
