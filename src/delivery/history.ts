/**
 * Events folded into deployments and incidents. A replayed event (same key) counts once; events
 * that say different things about one deployment or incident are merged by rules that do not
 * depend on the order they arrived in, so a history read in any order gives the same result.
 */
import { type CommitRef, type DeliveryEvent, type EventSource, eventKey } from './events.js';

export interface Deployment {
  /** `source:id`: one deployment however many events told of it. */
  key: string;
  id: string;
  source: EventSource;
  workload: string;
  environment: string;
  status: 'success' | 'failure';
  /** ms since the epoch. */
  time: number;
  commits: CommitRef[];
  ref: string | undefined;
  /** The keys of the events it was made from, sorted. */
  events: string[];
}

export interface Incident {
  key: string;
  id: string;
  source: EventSource;
  workload: string;
  environment: string | undefined;
  openedAt: number;
  resolvedAt: number | undefined;
  /** The deployment id an event named as its cause. */
  deployment: string | undefined;
  events: string[];
}

export interface History {
  deployments: Deployment[];
  incidents: Incident[];
}

const ms = (iso: string) => Date.parse(iso);

/** Sorted by key, so that every later choice is made in one order whatever the input's. */
function uniqueByKey(events: readonly DeliveryEvent[]): [string, DeliveryEvent][] {
  const byKey = new Map<string, DeliveryEvent>();
  for (const e of events) {
    const k = eventKey(e);
    if (!byKey.has(k)) byKey.set(k, e);
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Deployments: the event with the latest time decides the status (a retried deployment that
 * ended well is a success); at the same time a failure wins. Incidents: opened at the earliest
 * time any event gives, resolved at the latest, caused by the deployment the first event (by
 * key) names.
 */
export function foldEvents(events: readonly DeliveryEvent[]): History {
  const deployments = new Map<string, Deployment>();
  const incidents = new Map<string, Incident>();
  // The commits come from the latest event that lists any.
  const commitsAt = new Map<string, number>();
  for (const [k, e] of uniqueByKey(events)) {
    const id = `${e.workload}\u0000${e.source}:${e.id}`;
    if (e.type === 'deployment') {
      const key = `${e.source}:${e.id}`;
      // Events that bypassed the schema (tests, the core used directly) are normalised here too.
      const environment = e.environment.toLowerCase();
      const dId = `${id}\u0000${environment}`;
      const time = ms(e.time);
      const had = deployments.get(dId);
      if (!had) {
        deployments.set(dId, {
          key,
          id: e.id,
          source: e.source,
          workload: e.workload,
          environment,
          status: e.status,
          time,
          commits: e.commits,
          ref: e.ref,
          events: [k],
        });
        commitsAt.set(dId, e.commits.length > 0 ? time : Number.NEGATIVE_INFINITY);
        continue;
      }
      had.events.push(k);
      if (e.commits.length > 0 && time > (commitsAt.get(dId) ?? Number.NEGATIVE_INFINITY)) {
        had.commits = e.commits;
        commitsAt.set(dId, time);
      }
      const wins =
        time > had.time || (time === had.time && e.status === 'failure' && had.status === 'success');
      if (wins) {
        had.status = e.status;
        had.time = time;
        had.ref = e.ref ?? had.ref;
      }
      continue;
    }
    const opened = ms(e.openedAt);
    const resolved = e.resolvedAt ? ms(e.resolvedAt) : undefined;
    const had = incidents.get(id);
    if (!had) {
      incidents.set(id, {
        key: `${e.source}:${e.id}`,
        id: e.id,
        source: e.source,
        workload: e.workload,
        environment: e.environment?.toLowerCase(),
        openedAt: opened,
        resolvedAt: resolved,
        deployment: e.deployment,
        events: [k],
      });
      continue;
    }
    had.events.push(k);
    had.openedAt = Math.min(had.openedAt, opened);
    if (resolved !== undefined) had.resolvedAt = Math.max(had.resolvedAt ?? resolved, resolved);
    had.deployment ??= e.deployment;
    had.environment ??= e.environment?.toLowerCase();
  }
  const byTime =
    <T extends { key: string }>(t: (x: T) => number) =>
    (a: T, b: T) =>
      t(a) - t(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    deployments: [...deployments.values()].sort(byTime((d) => d.time)),
    incidents: [...incidents.values()].sort(byTime((i) => i.openedAt)),
  };
}
