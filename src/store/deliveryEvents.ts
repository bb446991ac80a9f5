/**
 * Deployment and incident events of workloads (issue 16). A row per idempotency key: a replayed
 * delivery inserts nothing. Times are stored in UTC so that text order is time order.
 */
import type { Kysely } from 'kysely';
import {
  type CommitRef,
  DEPLOYMENT_STATUSES,
  type DeliveryEvent,
  type DeploymentStatus,
  EVENT_SOURCES,
  type EventSource,
  eventKey,
  type KeyedEvent,
} from '../delivery/index.js';
import type { Database, DeliveryEventTable } from './schema.js';
import type { Actor } from './store.js';

const utc = (iso: string) => new Date(iso).toISOString();
/** Rows per statement: under SQLite's and PostgreSQL's parameter limits with 15 columns. */
const BATCH = 500;

export interface AddedEvents {
  /** New events stored. */
  stored: number;
  /** Events already stored (replays), not stored again. */
  replayed: number;
}

function commitsText(commits: readonly CommitRef[]): string {
  return commits.map((c) => (c.time ? `${c.sha}@${utc(c.time)}` : c.sha)).join(' ');
}

function commitsOf(text: string): CommitRef[] {
  if (!text) return [];
  const out: CommitRef[] = [];
  for (const part of text.split(' ')) {
    const at = part.indexOf('@');
    out.push(at < 0 ? { sha: part } : { sha: part.slice(0, at), time: part.slice(at + 1) });
  }
  return out;
}

/** The event in the form it is stored: UTC times, so that its key is the stored row's key. */
function normalised(e: DeliveryEvent): DeliveryEvent {
  if (e.type === 'deployment')
    return {
      ...e,
      time: utc(e.time),
      commits: e.commits.map((c) => (c.time ? { sha: c.sha, time: utc(c.time) } : { sha: c.sha })),
    };
  return { ...e, openedAt: utc(e.openedAt), ...(e.resolvedAt ? { resolvedAt: utc(e.resolvedAt) } : {}) };
}

function toRow(workloadId: string, e: DeliveryEvent, receivedAt: string): DeliveryEventTable {
  const n = normalised({ ...e, workload: workloadId });
  const base = {
    workload_id: workloadId,
    event_key: eventKey(n),
    kind: n.type,
    source: n.source,
    event_id: n.id,
    delivery_id: n.deliveryId ?? null,
    received_at: receivedAt,
  };
  return n.type === 'deployment'
    ? {
        ...base,
        environment: n.environment,
        status: n.status,
        at: n.time,
        resolved_at: null,
        commits: commitsText(n.commits),
        ref: n.ref ?? null,
        deployment_ref: null,
      }
    : {
        ...base,
        environment: n.environment ?? null,
        status: null,
        at: n.openedAt,
        resolved_at: n.resolvedAt ?? null,
        commits: '',
        ref: null,
        deployment_ref: n.deployment ?? null,
      };
}

const isSource = (s: string): s is EventSource => (EVENT_SOURCES as readonly string[]).includes(s);
const isStatus = (s: string | null): s is DeploymentStatus =>
  s !== null && (DEPLOYMENT_STATUSES as readonly string[]).includes(s);

type Row = Pick<
  DeliveryEventTable,
  | 'workload_id'
  | 'kind'
  | 'source'
  | 'event_id'
  | 'environment'
  | 'status'
  | 'at'
  | 'resolved_at'
  | 'commits'
  | 'ref'
  | 'deployment_ref'
  | 'delivery_id'
>;

/** A stored row as the event it was; undefined for a row no Waymark writes (skipped, not guessed). */
function fromRow(r: Row): DeliveryEvent | undefined {
  if (!isSource(r.source)) return undefined;
  // Literals and assignments rather than spreads: a portfolio reads hundreds of thousands of rows.
  if (r.kind === 'deployment') {
    if (!isStatus(r.status) || !r.environment) return undefined;
    const d: DeliveryEvent = {
      type: 'deployment',
      id: r.event_id,
      workload: r.workload_id,
      environment: r.environment,
      status: r.status,
      time: r.at,
      commits: commitsOf(r.commits),
      source: r.source,
    };
    if (r.ref !== null) d.ref = r.ref;
    if (r.delivery_id) d.deliveryId = r.delivery_id;
    return d;
  }
  if (r.kind !== 'incident') return undefined;
  const i: DeliveryEvent = {
    type: 'incident',
    id: r.event_id,
    workload: r.workload_id,
    openedAt: r.at,
    source: r.source,
  };
  if (r.environment !== null) i.environment = r.environment;
  if (r.resolved_at !== null) i.resolvedAt = r.resolved_at;
  if (r.deployment_ref !== null) i.deployment = r.deployment_ref;
  if (r.delivery_id) i.deliveryId = r.delivery_id;
  return i;
}

const COLUMNS = [
  'workload_id',
  'kind',
  'source',
  'event_id',
  'environment',
  'status',
  'at',
  'resolved_at',
  'commits',
  'ref',
  'deployment_ref',
  'delivery_id',
] as const;

export class DeliveryEventStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores the events of one workload (their `workload` is replaced by its id); one that is
   * stored already is counted as replayed. The audit log notes each call that stored something.
   */
  async add(actor: Actor, workloadId: string, events: readonly DeliveryEvent[]): Promise<AddedEvents> {
    const receivedAt = new Date().toISOString();
    const rows = [
      ...new Map(events.map((e) => toRow(workloadId, e, receivedAt)).map((r) => [r.event_key, r])).values(),
    ];
    let stored = 0;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        const inserted = await trx
          .insertInto('delivery_events')
          .values(rows.slice(i, i + BATCH))
          .onConflict((oc) => oc.columns(['workload_id', 'event_key']).doNothing())
          .returning('event_key')
          .execute();
        stored += inserted.length;
      }
      if (stored > 0) {
        await trx
          .insertInto('audit_log')
          .values({
            at: receivedAt,
            team_id: actor.teamId,
            actor: actor.name,
            action: 'delivery.events',
            entity: 'workload',
            entity_id: workloadId,
            detail: JSON.stringify({ stored, replayed: events.length - stored }),
          })
          .execute();
      }
    });
    return { stored, replayed: events.length - stored };
  }

  /** A workload's events up to `before` (exclusive), oldest first. */
  async list(workloadId: string, before?: string): Promise<DeliveryEvent[]> {
    return (await this.listMany([workloadId], before)).get(workloadId) ?? [];
  }

  /** The events of several workloads (a portfolio) in one read, by workload. */
  async listMany(workloadIds: readonly string[], before?: string): Promise<Map<string, DeliveryEvent[]>> {
    const keyed = await this.keyedMany(workloadIds, before);
    return new Map([...keyed].map(([w, list]) => [w, list.map((k) => k.event)]));
  }

  /** Like `listMany`, each event with its stored key: what `foldKeyed` takes, with no hashing. */
  async keyedMany(workloadIds: readonly string[], before?: string): Promise<Map<string, KeyedEvent[]>> {
    const out = new Map<string, KeyedEvent[]>();
    for (let i = 0; i < workloadIds.length; i += BATCH) {
      let q = this.db
        .selectFrom('delivery_events')
        .select([...COLUMNS, 'event_key'])
        .where('workload_id', 'in', workloadIds.slice(i, i + BATCH));
      if (before) q = q.where('at', '<', utc(before));
      for (const r of await q.orderBy('workload_id').orderBy('at').execute()) {
        const event = fromRow(r);
        if (!event) continue;
        const list = out.get(r.workload_id);
        if (list) list.push({ key: r.event_key, event });
        else out.set(r.workload_id, [{ key: r.event_key, event }]);
      }
    }
    return out;
  }

  async keyed(workloadId: string, before?: string): Promise<KeyedEvent[]> {
    return (await this.keyedMany([workloadId], before)).get(workloadId) ?? [];
  }

  /** The team of a workload, whoever asks (a webhook proves its right with the workload's secret). */
  async teamOf(workloadId: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('workloads')
      .select('team_id')
      .where('id', '=', workloadId)
      .executeTakeFirst();
    return r?.team_id;
  }

  async count(workloadId: string): Promise<number> {
    const r = await this.db
      .selectFrom('delivery_events')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('workload_id', '=', workloadId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
