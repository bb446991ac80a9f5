/**
 * Roll-up: signal states → component states → the workload's state. Pure and monotone: every
 * step is a max or a cap over the order healthy < degraded < unknown < unhealthy, so a worse
 * signal can never make anything above it healthier, and an unknown is never read as healthy.
 */
import { dependencyGraph } from './dependencies.js';
import { type HealthState, type Propagation, type RollUpRules, STATES } from './schema.js';

export const rank = (s: HealthState): number => STATES.indexOf(s);
export const worst = (a: HealthState, b: HealthState): HealthState => (rank(a) >= rank(b) ? a : b);
const least = (a: HealthState, b: HealthState): HealthState => (rank(a) <= rank(b) ? a : b);

export interface RollUpComponent {
  readonly id: string;
  readonly critical: boolean;
  readonly dependsOn: readonly string[];
  /** Per dependency; absent: an unhealthy dependency makes this `rules.dependencyUnhealthy`. */
  readonly propagate?: Readonly<Record<string, Propagation>>;
  readonly signals: readonly { readonly id: string; readonly state: HealthState }[];
}

export interface RolledComponent {
  readonly state: HealthState;
  readonly ownState: HealthState;
  readonly decidedBy: { kind: 'signal' | 'dependency'; id: string } | null;
  readonly reason: string;
}

export interface RollUpResult {
  readonly state: HealthState;
  readonly decidedBy: { kind: 'component'; id: string } | null;
  readonly reason: string;
  readonly components: ReadonlyMap<string, RolledComponent>;
}

export const DEFAULT_RULES: RollUpRules = {
  nonCritical: 'degraded',
  unknown: 'unknown',
  dependencyUnhealthy: 'degraded',
};

/** Components must be free of cycles (the schema guarantees it for model files). */
export function rollUp(
  components: readonly RollUpComponent[],
  rules: RollUpRules = DEFAULT_RULES,
): RollUpResult {
  const byId = new Map(components.map((c) => [c.id, c]));
  const graph = dependencyGraph(components);
  if (graph.cycle) throw new Error(`dependency cycle through ${graph.cycle.join(' → ')}`);
  const done = new Map<string, RolledComponent>();
  // Dependencies first, so each component finds what it depends on already rolled up.
  for (const i of graph.order) {
    const c = components[i];
    if (c && !done.has(c.id)) done.set(c.id, rollComponent(c, rules, done));
  }
  let state: HealthState = 'healthy';
  let by: string | undefined;
  let capped = false;
  for (const c of components) {
    const r = done.get(c.id);
    if (!r) continue;
    const contribution = c.critical ? r.state : least(r.state, rules.nonCritical);
    if (rank(contribution) > rank(state)) {
      state = contribution;
      by = c.id;
      capped = contribution !== r.state;
    }
  }
  const byState = by ? done.get(by)?.state : undefined;
  const reason = by
    ? `${by} is ${byState}${capped ? ` (not critical: counts as ${state})` : byId.get(by)?.critical ? ' (critical)' : ''}`
    : components.length === 1
      ? 'its component is healthy'
      : `all ${components.length} components healthy`;
  return { state, decidedBy: by ? { kind: 'component', id: by } : null, reason, components: done };
}

function rollComponent(
  c: RollUpComponent,
  rules: RollUpRules,
  done: ReadonlyMap<string, RolledComponent>,
): RolledComponent {
  let own: HealthState = 'healthy';
  let ownBy: RollUpComponent['signals'][number] | undefined;
  for (const s of c.signals) {
    const counted = s.state === 'unknown' ? rules.unknown : s.state;
    if (rank(counted) > rank(own)) {
      own = counted;
      ownBy = s;
    }
  }
  let state = own;
  let decidedBy: RolledComponent['decidedBy'] = ownBy ? { kind: 'signal', id: ownBy.id } : null;
  let reason = ownBy
    ? `signal ${ownBy.id} is ${ownBy.state}${own !== ownBy.state ? ` (counts as ${own})` : ''}`
    : c.signals.length === 1
      ? 'its signal is healthy'
      : `all ${c.signals.length} signals healthy`;
  const byDefault: Propagation = { unhealthy: rules.dependencyUnhealthy };
  for (const d of c.dependsOn) {
    const r = done.get(d);
    if (!r || r.state === 'healthy') continue;
    const least = (c.propagate?.[d] ?? byDefault)[r.state];
    if (least !== undefined && least !== 'none' && rank(least) > rank(state)) {
      state = least;
      decidedBy = { kind: 'dependency', id: d };
      reason = `depends on ${d}, which is ${r.state}`;
    }
  }
  return { state, ownState: own, decidedBy, reason };
}
