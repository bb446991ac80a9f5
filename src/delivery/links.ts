/**
 * Which deployment caused an incident, by one of two rules, and always said which: the incident
 * names the deployment (explicit), or else it is pinned on the latest deployment to its
 * environment (production when it names none) before it opened, within a stated horizon.
 */
import { isProduction } from './events.js';
import type { Deployment, Incident } from './history.js';

export type LinkRule = 'explicit' | 'latest-before';

export interface IncidentLink {
  incident: Incident;
  /** The deployment it was pinned on; undefined when no rule found one. */
  deployment: Deployment | undefined;
  rule: LinkRule | undefined;
  /** The rule in words, with the figures it used (or why nothing was linked). */
  text: string;
}

export const DEFAULT_LINK_HORIZON_HOURS = 24;

const HOUR = 3_600_000;

function inScope(incident: Incident, d: Deployment): boolean {
  return incident.environment ? d.environment === incident.environment : isProduction(d.environment);
}

/** The last index in `sorted` (by time) with time ≤ `t`, or -1. */
function lastAtOrBefore(sorted: readonly Deployment[], t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as Deployment).time <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Links each incident of one workload. `deployments` are that workload's, sorted by time then
 * key (as `foldEvents` returns them).
 */
export function linkIncidents(
  deployments: readonly Deployment[],
  incidents: readonly Incident[],
  horizonHours = DEFAULT_LINK_HORIZON_HOURS,
): IncidentLink[] {
  const byId = new Map<string, Deployment[]>();
  for (const d of deployments) {
    const list = byId.get(d.id) ?? [];
    list.push(d);
    byId.set(d.id, list);
  }
  const byScope = new Map<string, Deployment[]>();
  const scoped = (incident: Incident) => {
    const k = incident.environment ?? '\u0000production';
    let list = byScope.get(k);
    if (!list) {
      list = deployments.filter((d) => inScope(incident, d));
      byScope.set(k, list);
    }
    return list;
  };
  const horizon = horizonHours * HOUR;
  return incidents.map((incident): IncidentLink => {
    if (incident.deployment) {
      const named = byId.get(incident.deployment);
      // One id in several environments (a generic source reusing ids): production first, then the latest.
      const d = named
        ? [...named].sort(
            (a, b) =>
              Number(isProduction(b.environment)) - Number(isProduction(a.environment)) || b.time - a.time,
          )[0]
        : undefined;
      if (d) {
        return {
          incident,
          deployment: d,
          rule: 'explicit',
          text: `the incident names deployment ${d.id}`,
        };
      }
      return {
        incident,
        deployment: undefined,
        rule: undefined,
        text: `the incident names deployment ${incident.deployment}, which no event describes`,
      };
    }
    const list = scoped(incident);
    const where = incident.environment ? `to ${incident.environment}` : 'to production';
    const i = lastAtOrBefore(list, incident.openedAt);
    const d = i >= 0 ? list[i] : undefined;
    if (d && incident.openedAt - d.time <= horizon) {
      const hours = (incident.openedAt - d.time) / HOUR;
      return {
        incident,
        deployment: d,
        rule: 'latest-before',
        text: `deployment ${d.id} (${d.timeText}) was the latest ${where} before the incident opened (${incident.openedText}), ${hours.toFixed(1)} h earlier, within the ${horizonHours} h horizon`,
      };
    }
    return {
      incident,
      deployment: undefined,
      rule: undefined,
      text: d
        ? `the latest deployment ${where} before it, ${d.id}, was ${((incident.openedAt - d.time) / HOUR).toFixed(1)} h earlier, beyond the ${horizonHours} h horizon`
        : `no deployment ${where} before it opened`,
    };
  });
}
