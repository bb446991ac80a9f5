/**
 * Roll-up: signal states → component states → the workload's state. Pure and monotone: every
 * step is a max or a cap over the order healthy < degraded < unknown < unhealthy, so a worse
 * signal can never make anything above it healthier, and an unknown is never read as healthy.
 */
import { type HealthState, type RollUpRules, STATES } from './schema.js';

export const rank = (s: HealthState): number => STATES.indexOf(s);
export const worst = (a: HealthState, b: HealthState): HealthState => (rank(a) >= rank(b) ? a : b);
const least = (a: HealthState, b: HealthState): HealthState => (rank(a) <= rank(b) ? a : b);

export interface RollUpComponent {
  readonly id: string;
  readonly critical: boolean;
  readonly dependsOn: readonly string[];
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
  const done = new Map<string, RolledComponent>();
  const resolve = (c: RollUpComponent, path: readonly string[]): RolledComponent => {
    const cached = done.get(c.id);
    if (cached) return cached;
    if (path.includes(c.id)) throw new Error(`dependency cycle through ${[...path, c.id].join(' → ')}`);
    let own: HealthState = 'healthy';
    let ownBy: string | undefined;
    for (const s of c.signals) {
      const counted = s.state === 'unknown' ? rules.unknown : s.state;
      if (rank(counted) > rank(own)) {
        own = counted;
        ownBy = s.id;
      }
    }
    let state = own;
    let decidedBy: RolledComponent['decidedBy'] = ownBy ? { kind: 'signal', id: ownBy } : null;
    let reason = ownBy
      ? `signal ${ownBy} is ${c.signals.find((s) => s.id === ownBy)?.state}${own !== c.signals.find((s) => s.id === ownBy)?.state ? ` (counts as ${own})` : ''}`
      : c.signals.length === 1
        ? 'its signal is healthy'
        : `all ${c.signals.length} signals healthy`;
    if (rules.dependencyUnhealthy !== 'none') {
      for (const d of c.dependsOn) {
        const dep = byId.get(d);
        if (!dep) continue;
        const r = resolve(dep, [...path, c.id]);
        if (r.state === 'unhealthy' && rank(rules.dependencyUnhealthy) > rank(state)) {
          state = rules.dependencyUnhealthy;
          decidedBy = { kind: 'dependency', id: d };
          reason = `depends on ${d}, which is unhealthy`;
        }
      }
    }
    const rolled = { state, ownState: own, decidedBy, reason };
    done.set(c.id, rolled);
    return rolled;
  };
  let state: HealthState = 'healthy';
  let by: string | undefined;
  let capped = false;
  for (const c of components) {
    const r = resolve(c, []);
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
