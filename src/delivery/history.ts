/**
 * Events folded into deployments and incidents. A replayed event (same key) counts once; events
 * that say different things about one deployment or incident are merged by rules that do not
 * depend on the order they arrived in, so a history read in any order gives the same result.
 */
import { type CommitRef, type DeliveryEvent, type EventSource, eventKey, utcTime } from './events.js';

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
  /** The same time as UTC ISO text. */
  timeText: string;
  commits: CommitRef[];
  ref: string | undefined;
}

export interface Incident {
  key: string;
  id: string;
  source: EventSource;
  workload: string;
  environment: string | undefined;
  openedAt: number;
  resolvedAt: number | undefined;
  /** The same times as UTC ISO text. */
  openedText: string;
  resolvedText: string | undefined;
  /** The deployment id an event named as its cause. */
  deployment: string | undefined;
}

export interface History {
  deployments: Deployment[];
  incidents: Incident[];
}

const ms = (iso: string) => Date.parse(iso);

/** An event with its idempotency key (the store has it already; `foldEvents` computes it). */
export interface KeyedEvent {
  key: string;
  event: DeliveryEvent;
}

export function foldEvents(events: readonly DeliveryEvent[]): History {
  return foldKeyed(events.map((event) => ({ key: eventKey(event), event })));
}

/** What decides between two events of one deployment: the later, then the failure, then the greater key. */
interface Rank {
  time: number;
  failure: boolean;
  key: string;
}
const ahead = (a: Rank, b: Rank) =>
  a.time !== b.time ? a.time > b.time : a.failure !== b.failure ? a.failure : a.key > b.key;

interface Folding {
  deployment: Deployment;
  status: Rank;
  commits: Rank | undefined;
  ref: Rank | undefined;
}

/**
 * Deployments: the event with the latest time decides the status (a retried deployment that
 * ended well is a success); at the same time a failure wins. The commits and the ref come from
 * the latest event that gives any. Incidents: opened at the earliest time any event gives,
 * resolved at the latest, caused by the deployment the event with the least key names. Every
 * rule picks a maximum or a minimum, so neither the order of the events nor a replay (the same
 * key twice) changes the result, and no sorting or de-duplication is needed.
 */
export function foldKeyed(events: readonly KeyedEvent[]): History {
  const deployments = new Map<string, Folding>();
  const incidents = new Map<string, Incident & { named: string | undefined; placed: string | undefined }>();
  for (const { key: k, event: e } of events) {
    if (e.type === 'deployment') {
      // Events that bypassed the schema (tests, the core used directly) are normalised here too.
      const environment = e.environment.toLowerCase();
      const dId = `${e.workload}\u0000${e.source}\u0000${e.id}\u0000${environment}`;
      const rank: Rank = { time: ms(e.time), failure: e.status === 'failure', key: k };
      const f = deployments.get(dId);
      if (!f) {
        deployments.set(dId, {
          deployment: {
            key: `${e.source}:${e.id}`,
            id: e.id,
            source: e.source,
            workload: e.workload,
            environment,
            status: e.status,
            time: rank.time,
            timeText: utcTime(e.time),
            commits: e.commits,
            ref: e.ref,
          },
          status: rank,
          commits: e.commits.length > 0 ? rank : undefined,
          ref: e.ref === undefined ? undefined : rank,
        });
        continue;
      }
      const d = f.deployment;
      if (ahead(rank, f.status)) {
        f.status = rank;
        d.status = e.status;
        d.time = rank.time;
        d.timeText = utcTime(e.time);
      }
      if (e.commits.length > 0 && (!f.commits || ahead(rank, f.commits))) {
        f.commits = rank;
        d.commits = e.commits;
      }
      if (e.ref !== undefined && (!f.ref || ahead(rank, f.ref))) {
        f.ref = rank;
        d.ref = e.ref;
      }
      continue;
    }
    const id = `${e.workload}\u0000${e.source}\u0000${e.id}`;
    const opened = ms(e.openedAt);
    const resolved = e.resolvedAt ? ms(e.resolvedAt) : undefined;
    const environment = e.environment?.toLowerCase();
    const had = incidents.get(id);
    if (!had) {
      incidents.set(id, {
        key: `${e.source}:${e.id}`,
        id: e.id,
        source: e.source,
        workload: e.workload,
        environment,
        openedAt: opened,
        resolvedAt: resolved,
        openedText: utcTime(e.openedAt),
        resolvedText: e.resolvedAt ? utcTime(e.resolvedAt) : undefined,
        deployment: e.deployment,
        named: e.deployment === undefined ? undefined : k,
        placed: environment === undefined ? undefined : k,
      });
      continue;
    }
    if (opened < had.openedAt) {
      had.openedAt = opened;
      had.openedText = utcTime(e.openedAt);
    }
    if (
      resolved !== undefined &&
      e.resolvedAt &&
      (had.resolvedAt === undefined || resolved > had.resolvedAt)
    ) {
      had.resolvedAt = resolved;
      had.resolvedText = utcTime(e.resolvedAt);
    }
    if (e.deployment !== undefined && (had.named === undefined || k < had.named)) {
      had.named = k;
      had.deployment = e.deployment;
    }
    if (environment !== undefined && (had.placed === undefined || k < had.placed)) {
      had.placed = k;
      had.environment = environment;
    }
  }
  const byTime =
    <T extends { key: string }>(t: (x: T) => number) =>
    (a: T, b: T) =>
      t(a) - t(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    // One id in two environments at one time: the environment decides, never the input's order.
    deployments: [...deployments.values()]
      .map((f) => f.deployment)
      .sort((a, b) => byTime<Deployment>((d) => d.time)(a, b) || (a.environment < b.environment ? -1 : 1)),
    incidents: [...incidents.values()]
      .map(({ named: _, placed: __, ...incident }) => incident)
      .sort(byTime((i) => i.openedAt)),
  };
}
