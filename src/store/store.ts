import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AnswerSource, Confidence, Status } from '../answers/index.js';
import type { Actor, Role } from './actor.js';
import type { Connection } from './connection.js';
import type { Database } from './schema.js';
import { Sessions } from './sessions.js';

export { type Actor, ROLES, type Role } from './actor.js';
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export interface Team {
  id: string;
  name: string;
  createdAt: string;
}

export interface Workload {
  id: string;
  teamId: string;
  name: string;
  repository: string | null;
  criticality: Criticality;
  tags: string[];
  /** Context question id → chosen option; a question not answered is absent. */
  context: Record<string, string>;
  /** Scores as of the last answer; shape owned by the server (opaque here). */
  summary: unknown;
  createdAt: string;
  updatedAt: string;
  /** When it was archived (left out of the portfolio, kept whole); null while in use. */
  archivedAt: string | null;
}

export interface WorkloadInput {
  name: string;
  repository?: string | null | undefined;
  criticality?: Criticality | undefined;
  tags?: string[] | undefined;
  /** Archives (true) or brings back (false); only on update. */
  archived?: boolean | undefined;
}

export interface StoredAnswer {
  practiceId: string;
  status: Status;
  reason: string | null;
  note: string | null;
  evidence: string[];
  author: string | null;
  source: AnswerSource;
  confidence: Confidence | null;
  modelVersion: string;
  revision: number;
  updatedAt: string;
}

export type AnswerInput = Omit<StoredAnswer, 'practiceId' | 'revision' | 'updatedAt'>;

export interface Milestone {
  id: string;
  workloadId: string;
  name: string;
  createdAt: string;
  createdBy: string;
  snapshot: unknown;
}

export interface Scan {
  id: string;
  workloadId: string;
  createdAt: string;
  createdBy: string;
  result: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  teamId: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detail: unknown;
}

export interface HealthChange {
  at: string;
  level: string;
  target: string;
  from: string | null;
  to: string;
  reason: string;
}

export type SetAnswerResult =
  | { readonly kind: 'ok'; readonly answer: StoredAnswer }
  | { readonly kind: 'conflict'; readonly current: StoredAnswer | null };

/** Computes a workload's summary from all its answers and its context, inside the writing transaction. */
export type Summarise = (
  answers: readonly StoredAnswer[],
  context: Readonly<Record<string, string>>,
) => unknown;

/** What happens to an answer under a retired practice id on upgrade (see migrateAnswers). */
export type RetiredMove =
  | { readonly kind: 'moved'; readonly from: string; readonly to: string; readonly since: string }
  | { readonly kind: 'superseded'; readonly from: string; readonly to: string; readonly since: string }
  | { readonly kind: 'dropped'; readonly from: string; readonly since: string };

/** The upgrade's own name in the audit log. */
export const UPGRADE_ACTOR = 'waymark-upgrade';

const now = () => new Date().toISOString();

/**
 * Every read and write Waymark makes, for SQLite and PostgreSQL alike. Each write and its
 * audit-log entry commit in one transaction: the log never claims a change that did not happen.
 */
export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Connection['dialect'];
  readonly description: string;
  /** Signed-in browser sessions (OIDC), in their own module. */
  readonly sessions: Sessions;

  constructor(conn: Connection) {
    this.db = conn.db;
    this.dialect = conn.dialect;
    this.description = conn.description;
    this.sessions = new Sessions(conn.db);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  /** Rejects when the database does not answer a trivial query: what a readiness probe asks. */
  async ping(): Promise<void> {
    await this.db.selectFrom('teams').select('id').limit(1).execute();
  }

  // ── teams and tokens ───────────────────────────────────────────────────────────────

  async ensureTeam(id: string, name = id): Promise<Team> {
    const existing = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    if (existing) return { id: existing.id, name: existing.name, createdAt: existing.created_at };
    const team = { id, name, created_at: now() };
    await this.db
      .insertInto('teams')
      .values(team)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return { id, name, createdAt: team.created_at };
  }

  /**
   * Returns the token once; only a hash is kept. The secret is 256 random bits, so a fast
   * hash is enough: there is nothing to brute-force that a slow hash would protect.
   */
  async createToken(teamId: string, role: Role, name: string): Promise<{ id: string; token: string }> {
    await this.ensureTeam(teamId);
    const id = randomUUID().slice(0, 8);
    const secret = randomBytes(32).toString('base64url');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('tokens')
        .values({
          id,
          team_id: teamId,
          name,
          role,
          token_hash: hashSecret(secret),
          created_at: now(),
          last_used_at: null,
        })
        .execute();
      await audit(trx, { teamId, name: 'cli', role: 'admin' }, 'token.create', 'token', id, { role, name });
    });
    return { id, token: `wmk_${id}_${secret}` };
  }

  async authenticate(token: string): Promise<(Actor & { tokenId: string }) | undefined> {
    const match = /^wmk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    const [, id = '', secret = ''] = match;
    const row = await this.db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const expected = Buffer.from(row.token_hash, 'hex');
    const given = Buffer.from(hashSecret(secret), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { tokenId: row.id, teamId: row.team_id, name: row.name, role: row.role as Role };
  }

  // ── workloads ──────────────────────────────────────────────────────────────────────

  async listWorkloads(teamId: string): Promise<Workload[]> {
    const rows = await this.db
      .selectFrom('workloads')
      .selectAll()
      .where('team_id', '=', teamId)
      .orderBy('name')
      .execute();
    return rows.map(toWorkload);
  }

  /** A workload of another team is as good as missing: its existence is not revealed. */
  async getWorkload(teamId: string, id: string): Promise<Workload | undefined> {
    const row = await this.db
      .selectFrom('workloads')
      .selectAll()
      .where('id', '=', id)
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    return row ? toWorkload(row) : undefined;
  }

  async findWorkloadByName(teamId: string, name: string): Promise<Workload | undefined> {
    const row = await this.db
      .selectFrom('workloads')
      .selectAll()
      .where('name', '=', name)
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    return row ? toWorkload(row) : undefined;
  }

  async createWorkload(actor: Actor, input: WorkloadInput, summary: unknown): Promise<Workload> {
    const at = now();
    const row = {
      id: randomUUID(),
      team_id: actor.teamId,
      name: input.name,
      repository: input.repository ?? null,
      criticality: input.criticality ?? 'medium',
      tags: JSON.stringify(input.tags ?? []),
      context: '{}',
      summary: JSON.stringify(summary),
      created_at: at,
      updated_at: at,
      archived_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('workloads').values(row).execute();
      await audit(trx, actor, 'workload.create', 'workload', row.id, { name: row.name });
    });
    return toWorkload(row);
  }

  async updateWorkload(
    actor: Actor,
    id: string,
    input: Partial<WorkloadInput>,
  ): Promise<Workload | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const changes: Partial<Database['workloads']> = { updated_at: now() };
      if (input.name !== undefined) changes.name = input.name;
      if (input.repository !== undefined) changes.repository = input.repository;
      if (input.criticality !== undefined) changes.criticality = input.criticality;
      if (input.tags !== undefined) changes.tags = JSON.stringify(input.tags);
      if (input.archived !== undefined) changes.archived_at = input.archived ? now() : null;
      const res = await trx
        .updateTable('workloads')
        .set(changes)
        .where('id', '=', id)
        .where('team_id', '=', actor.teamId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return undefined;
      await audit(trx, actor, 'workload.update', 'workload', id, input);
      const row = await trx
        .selectFrom('workloads')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return toWorkload(row);
    });
  }

  async deleteWorkload(actor: Actor, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const owned = await trx
        .selectFrom('workloads')
        .select('id')
        .where('id', '=', id)
        .where('team_id', '=', actor.teamId)
        .executeTakeFirst();
      if (!owned) return false;
      for (const table of [
        'answers',
        'scans',
        'milestones',
        'health_latest',
        'health_changes',
        'perf_baselines',
        'perf_runs',
        'retired_answers',
      ] as const) {
        await trx.deleteFrom(table).where('workload_id', '=', id).execute();
      }
      await trx.deleteFrom('workloads').where('id', '=', id).execute();
      await audit(trx, actor, 'workload.delete', 'workload', id, {});
      return true;
    });
  }

  // ── answers ────────────────────────────────────────────────────────────────────────

  async getAnswers(workloadId: string): Promise<StoredAnswer[]> {
    const rows = await this.db
      .selectFrom('answers')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('practice_id')
      .execute();
    return rows.map(toAnswer);
  }

  /**
   * Optimistic concurrency: the write applies only if the stored revision is still the one
   * the writer read (0 for a practice never answered); otherwise nothing changes and the
   * current answer comes back, so two people editing never silently overwrite each other.
   */
  async setAnswer(
    actor: Actor,
    workloadId: string,
    practiceId: string,
    input: AnswerInput,
    expectedRevision: number,
    summarise: Summarise,
  ): Promise<SetAnswerResult> {
    return this.db.transaction().execute(async (trx) => {
      const currentRow = await trx
        .selectFrom('answers')
        .selectAll()
        .where('workload_id', '=', workloadId)
        .where('practice_id', '=', practiceId)
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      const current = currentRow ? toAnswer(currentRow) : null;
      if ((current?.revision ?? 0) !== expectedRevision) return { kind: 'conflict', current } as const;
      const row = {
        workload_id: workloadId,
        practice_id: practiceId,
        status: input.status,
        reason: input.reason,
        note: input.note,
        evidence: JSON.stringify(input.evidence),
        author: input.author,
        source: input.source,
        confidence: input.confidence,
        model_version: input.modelVersion,
        revision: expectedRevision + 1,
        updated_at: now(),
      };
      if (current) {
        const res = await trx
          .updateTable('answers')
          .set(row)
          .where('workload_id', '=', workloadId)
          .where('practice_id', '=', practiceId)
          .where('revision', '=', expectedRevision)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return { kind: 'conflict', current } as const;
      } else {
        // Two first answers racing: the primary key lets exactly one insert win.
        const res = await trx
          .insertInto('answers')
          .values(row)
          .onConflict((oc) => oc.columns(['workload_id', 'practice_id']).doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) {
          const winner = await trx
            .selectFrom('answers')
            .selectAll()
            .where('workload_id', '=', workloadId)
            .where('practice_id', '=', practiceId)
            .executeTakeFirst();
          return { kind: 'conflict', current: winner ? toAnswer(winner) : null } as const;
        }
      }
      await resummarise(trx, workloadId, summarise, row.updated_at);
      await audit(trx, actor, 'answer.set', 'answer', `${workloadId}/${practiceId}`, {
        status: input.status,
        from: current?.status ?? null,
        revision: row.revision,
      });
      return { kind: 'ok', answer: toAnswer(row) } as const;
    });
  }

  // ── context ────────────────────────────────────────────────────────────────────────

  /**
   * Replaces the workload's context (already checked against the models' questions) and
   * rescores it, with an audit entry saying what it was and what it is now.
   */
  async setContext(
    actor: Actor,
    workloadId: string,
    context: Readonly<Record<string, string>>,
    summarise: Summarise,
  ): Promise<Workload | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('workloads')
        .select('context')
        .where('id', '=', workloadId)
        .where('team_id', '=', actor.teamId)
        .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!before) return undefined;
      const sorted = Object.fromEntries(Object.entries(context).sort(([a], [b]) => a.localeCompare(b)));
      const at = now();
      await trx
        .updateTable('workloads')
        .set({ context: JSON.stringify(sorted) })
        .where('id', '=', workloadId)
        .execute();
      await resummarise(trx, workloadId, summarise, at);
      await audit(trx, actor, 'context.set', 'workload', workloadId, {
        from: JSON.parse(before.context),
        to: sorted,
      });
      const row = await trx
        .selectFrom('workloads')
        .selectAll()
        .where('id', '=', workloadId)
        .executeTakeFirstOrThrow();
      return toWorkload(row);
    });
  }

  // ── upgrade: answers under retired practice ids ───────────────────────────────────

  /**
   * Applies `plan` to every workload holding an answer under one of `retiredIds`, in one
   * transaction: a moved answer keeps its author, date, evidence, note and source under the new
   * id with its revision bumped; one with nowhere to go goes to `retired_answers`, never away.
   * Every move is in the audit log. Nothing is left under a retired id, so a second run moves nothing.
   */
  /**
   * Rescores every workload whose stored summary `isStale` says was scored otherwise (an older
   * model version, say), so the portfolio never shows a level the models in force would not give.
   * Its updated_at stays: nobody changed the workload. Returns how many were rescored.
   */
  async rescoreStale(isStale: (summary: unknown) => boolean, summarise: Summarise): Promise<number> {
    const rows = await this.db.selectFrom('workloads').select(['id', 'summary', 'updated_at']).execute();
    const stale = rows.filter((r) => isStale(JSON.parse(r.summary)));
    for (const r of stale)
      await this.db.transaction().execute((trx) => resummarise(trx, r.id, summarise, r.updated_at));
    return stale.length;
  }

  async moveRetiredAnswers(
    retiredIds: readonly string[],
    plan: (answers: readonly StoredAnswer[]) => readonly RetiredMove[],
    summarise: Summarise,
  ): Promise<{ workloadId: string; moves: RetiredMove[] }[]> {
    if (retiredIds.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const hits = await trx
        .selectFrom('answers')
        .select('workload_id')
        .distinct()
        .where('practice_id', 'in', [...retiredIds])
        .orderBy('workload_id')
        .execute();
      const done: { workloadId: string; moves: RetiredMove[] }[] = [];
      for (const { workload_id: workloadId } of hits) {
        const owner = await trx
          .selectFrom('workloads')
          .select('team_id')
          .where('id', '=', workloadId)
          .$if(this.dialect === 'postgres', (qb) => qb.forUpdate())
          .executeTakeFirstOrThrow();
        const rows = await trx
          .selectFrom('answers')
          .selectAll()
          .where('workload_id', '=', workloadId)
          .orderBy('practice_id')
          .execute();
        const byId = new Map(rows.map((r) => [r.practice_id, r]));
        const moves = [...plan(rows.map(toAnswer))];
        const actor: Actor = { teamId: owner.team_id, name: UPGRADE_ACTOR, role: 'admin' };
        const at = now();
        for (const move of moves) {
          const row = byId.get(move.from);
          if (!row) continue;
          await trx
            .deleteFrom('answers')
            .where('workload_id', '=', workloadId)
            .where('practice_id', '=', move.from)
            .execute();
          if (move.kind === 'moved') {
            await trx
              .insertInto('answers')
              .values({ ...row, practice_id: move.to, revision: Number(row.revision) + 1 })
              .execute();
            await audit(trx, actor, 'answer.migrate', 'answer', `${workloadId}/${move.to}`, {
              from: move.from,
              to: move.to,
              since: move.since,
              status: row.status,
              revision: Number(row.revision) + 1,
            });
          } else {
            const replacedBy = move.kind === 'superseded' ? move.to : null;
            await trx
              .insertInto('retired_answers')
              .values({ ...row, kind: move.kind, replaced_by: replacedBy, retired_at: at })
              .onConflict((oc) => oc.columns(['workload_id', 'practice_id']).doNothing())
              .execute();
            await audit(trx, actor, 'answer.retire', 'answer', `${workloadId}/${move.from}`, {
              from: move.from,
              kind: move.kind,
              replacedBy,
              since: move.since,
              status: row.status,
            });
          }
        }
        if (moves.length > 0) {
          await resummarise(trx, workloadId, summarise, at);
          done.push({ workloadId, moves });
        }
      }
      return done;
    });
  }

  /** Answers kept under retired ids (see moveRetiredAnswers), for the record. */
  async retiredAnswers(
    workloadId: string,
  ): Promise<(StoredAnswer & { kind: string; replacedBy: string | null; retiredAt: string })[]> {
    const rows = await this.db
      .selectFrom('retired_answers')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('practice_id')
      .execute();
    return rows.map((r) => ({
      ...toAnswer(r),
      kind: r.kind,
      replacedBy: r.replaced_by,
      retiredAt: r.retired_at,
    }));
  }

  // ── scans and milestones ───────────────────────────────────────────────────────────

  /** `id` given (a scan job's id): the scan is stored once, a second call returns the first. */
  async addScan(actor: Actor, workloadId: string, result: unknown, id?: string): Promise<Scan> {
    if (id) {
      const stored = await this.db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
      if (stored) return toScan(stored);
    }
    const scan = {
      id: id ?? randomUUID(),
      workload_id: workloadId,
      created_at: now(),
      created_by: actor.name,
      result: JSON.stringify(result),
    };
    await this.db.transaction().execute(async (trx) => {
      scan.created_at = await laterThanLast(trx, 'scans', workloadId);
      await trx.insertInto('scans').values(scan).execute();
      await audit(trx, actor, 'scan.push', 'scan', scan.id, { workloadId });
    });
    return toScan(scan);
  }

  async latestScan(workloadId: string): Promise<Scan | undefined> {
    const row = await this.db
      .selectFrom('scans')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toScan(row) : undefined;
  }

  async createMilestone(
    actor: Actor,
    workloadId: string,
    name: string,
    snapshot: unknown,
    /** A time in the past (sample data); otherwise now, after the workload's last milestone. */
    at?: string,
  ): Promise<Milestone> {
    const row = {
      id: randomUUID(),
      workload_id: workloadId,
      name,
      created_at: now(),
      created_by: actor.name,
      snapshot: JSON.stringify(snapshot),
    };
    await this.db.transaction().execute(async (trx) => {
      row.created_at = at ?? (await laterThanLast(trx, 'milestones', workloadId));
      await trx.insertInto('milestones').values(row).execute();
      await audit(trx, actor, 'milestone.create', 'milestone', row.id, { workloadId, name });
    });
    return toMilestone(row);
  }

  async listMilestones(workloadId: string): Promise<Milestone[]> {
    const rows = await this.db
      .selectFrom('milestones')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toMilestone);
  }

  /** The latest milestone of every workload of the team that has one. */
  async latestMilestones(teamId: string): Promise<Milestone[]> {
    const latest = this.db
      .selectFrom('milestones')
      .select(['workload_id', (eb) => eb.fn.max('created_at').as('at')])
      .groupBy('workload_id');
    const rows = await this.db
      .selectFrom('milestones as m')
      .innerJoin('workloads as w', 'w.id', 'm.workload_id')
      // A workload's milestones have distinct times (see laterThanLast), so this is one row each.
      .innerJoin(latest.as('l'), (j) =>
        j.onRef('l.workload_id', '=', 'm.workload_id').onRef('l.at', '=', 'm.created_at'),
      )
      .selectAll('m')
      .where('w.team_id', '=', teamId)
      .execute();
    return rows.map(toMilestone);
  }

  async getMilestone(workloadId: string, id: string): Promise<Milestone | undefined> {
    const row = await this.db
      .selectFrom('milestones')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toMilestone(row) : undefined;
  }

  // ── health ─────────────────────────────────────────────────────────────────────────

  /**
   * Keeps a pushed evaluation as the workload's latest and appends the changes of state
   * (computed by the caller against the previous latest) to its timeline.
   */
  async recordHealth(
    actor: Actor,
    workloadId: string,
    report: { evaluatedAt: string; state: string },
    changes: readonly HealthChange[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = {
        workload_id: workloadId,
        evaluated_at: report.evaluatedAt,
        state: report.state,
        report: JSON.stringify(report),
      };
      await trx
        .insertInto('health_latest')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('workload_id')
            .doUpdateSet({ evaluated_at: row.evaluated_at, state: row.state, report: row.report }),
        )
        .execute();
      for (const [i, c] of changes.entries()) {
        await trx
          .insertInto('health_changes')
          .values({
            // Deterministic: the same evaluation pushed twice records its changes once, in order.
            id: `${workloadId}:${c.at}:${String(i).padStart(4, '0')}`,
            workload_id: workloadId,
            at: c.at,
            level: c.level,
            target: c.target,
            from_state: c.from,
            to_state: c.to,
            reason: c.reason,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      if (changes.length > 0) {
        await audit(trx, actor, 'health.change', 'workload', workloadId, {
          state: report.state,
          changes: changes.length,
        });
      }
    });
  }

  async latestHealth(workloadId: string): Promise<unknown | undefined> {
    const row = await this.db
      .selectFrom('health_latest')
      .select('report')
      .where('workload_id', '=', workloadId)
      .executeTakeFirst();
    return row ? JSON.parse(row.report) : undefined;
  }

  async healthTimeline(workloadId: string, limit = 200): Promise<HealthChange[]> {
    const rows = await this.db
      .selectFrom('health_changes')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.at,
      level: r.level,
      target: r.target,
      from: r.from_state,
      to: r.to_state,
      reason: r.reason,
    }));
  }

  // ── load-test baselines ──────────────────────────────────────────────────────────────

  async setPerfBaseline(actor: Actor, workloadId: string, baseline: string): Promise<{ updatedAt: string }> {
    const row = { workload_id: workloadId, updated_at: now(), updated_by: actor.name, baseline };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('perf_baselines')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('workload_id')
            .doUpdateSet({ updated_at: row.updated_at, updated_by: row.updated_by, baseline }),
        )
        .execute();
      await audit(trx, actor, 'perf.baseline.set', 'workload', workloadId, { bytes: baseline.length });
    });
    return { updatedAt: row.updated_at };
  }

  async perfBaseline(
    workloadId: string,
  ): Promise<{ baseline: string; updatedAt: string; updatedBy: string } | undefined> {
    const row = await this.db
      .selectFrom('perf_baselines')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .executeTakeFirst();
    return row ? { baseline: row.baseline, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
  }

  /**
   * Changes whenever anything of the team changes: every write adds an audit entry in its own
   * transaction, and each entry moves the team's counter on (a trigger, migration 0009), in
   * commit order. One primary-key read, so every server instance can ask on every request and
   * keep its cache per team correct while other instances write.
   */
  async teamVersion(teamId: string): Promise<number> {
    const row = await this.db
      .selectFrom('team_versions')
      .select('version')
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  async auditLog(teamId: string, limit = 100): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('team_id', '=', teamId)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      teamId: r.team_id,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      detail: JSON.parse(r.detail),
    }));
  }
}

/** Rewrites the workload's summary from its answers and context as they are in `trx`. */
async function resummarise(
  trx: Transaction<Database>,
  workloadId: string,
  summarise: Summarise,
  at: string,
): Promise<void> {
  const all = (
    await trx
      .selectFrom('answers')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('practice_id')
      .execute()
  ).map(toAnswer);
  const w = await trx
    .selectFrom('workloads')
    .select('context')
    .where('id', '=', workloadId)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('workloads')
    .set({ summary: JSON.stringify(summarise(all, parseContext(w.context))), updated_at: at })
    .where('id', '=', workloadId)
    .execute();
}

function parseContext(text: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

async function audit(
  trx: Transaction<Database>,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string,
  detail: unknown,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: now(),
      team_id: actor.teamId,
      actor: actor.name,
      action,
      entity,
      entity_id: entityId,
      detail: JSON.stringify(detail),
    })
    .execute();
}

/**
 * Now, or 1 ms after the workload's newest row when that is not earlier: creation times order
 * scans and milestones, so two made within the same millisecond must still differ.
 */
async function laterThanLast(
  trx: Transaction<Database>,
  table: 'scans' | 'milestones',
  workloadId: string,
): Promise<string> {
  const last = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('workload_id', '=', workloadId)
    .executeTakeFirst();
  const at = new Date();
  const newest = last?.at ? Date.parse(String(last.at)) : Number.NEGATIVE_INFINITY;
  return at.getTime() > newest ? at.toISOString() : new Date(newest + 1).toISOString();
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toWorkload(r: Database['workloads']): Workload {
  return {
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    repository: r.repository,
    criticality: r.criticality as Criticality,
    tags: JSON.parse(r.tags) as string[],
    context: parseContext(r.context),
    summary: JSON.parse(r.summary),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at ?? null,
  };
}

function toAnswer(r: Database['answers']): StoredAnswer {
  return {
    practiceId: r.practice_id,
    status: r.status,
    reason: r.reason,
    note: r.note,
    evidence: JSON.parse(r.evidence) as string[],
    author: r.author,
    source: r.source,
    confidence: r.confidence,
    modelVersion: r.model_version,
    revision: Number(r.revision),
    updatedAt: r.updated_at,
  };
}

function toScan(r: Database['scans']): Scan {
  return {
    id: r.id,
    workloadId: r.workload_id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    result: JSON.parse(r.result),
  };
}

function toMilestone(r: Database['milestones']): Milestone {
  return {
    id: r.id,
    workloadId: r.workload_id,
    name: r.name,
    createdAt: r.created_at,
    createdBy: r.created_by,
    snapshot: JSON.parse(r.snapshot),
  };
}
