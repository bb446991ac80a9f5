import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Migrations live in code (not files found at run time) so the compiled CLI carries them. */
export function migrations(dialect: Dialect): MigrationProvider {
  const all: Record<string, Migration> = {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('teams')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema
          .createTable('workloads')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('repository', 'text')
          .addColumn('criticality', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          // Scores kept beside the workload, rewritten with every answer, so that a portfolio
          // of a thousand workloads is one read rather than a thousand assessments.
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('workloads_team_name', ['team_id', 'name'])
          .execute();
        await db.schema
          .createTable('answers')
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('practice_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('note', 'text')
          .addColumn('evidence', 'text', (c) => c.notNull())
          .addColumn('author', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('confidence', 'text')
          .addColumn('model_version', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('answers_pk', ['workload_id', 'practice_id'])
          .execute();
        await db.schema
          .createTable('scans')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('scans_workload')
          .on('scans')
          .columns(['workload_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('milestones')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('snapshot', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('milestones_workload')
          .on('milestones')
          .columns(['workload_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('audit_log')
          // The one column whose type differs: an ever-growing sequence that orders the log.
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('team_id', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('entity', 'text', (c) => c.notNull())
          .addColumn('entity_id', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .execute();
        // A team's audit entries, newest first (Store.auditLog).
        await db.schema.createIndex('audit_log_team').on('audit_log').columns(['team_id', 'seq']).execute();
      },
    },
    '0002_health': {
      async up(db: Kysely<unknown>) {
        // The latest health evaluation per workload, and every change of state ever seen:
        // the timeline is kept, evaluations in between are not (a watch pushes every 30 s).
        await db.schema
          .createTable('health_latest')
          .addColumn('workload_id', 'text', (c) =>
            c.primaryKey().references('workloads.id').onDelete('cascade'),
          )
          .addColumn('evaluated_at', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('report', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('health_changes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('from_state', 'text')
          .addColumn('to_state', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('health_changes_workload')
          .on('health_changes')
          .columns(['workload_id', 'at'])
          .execute();
      },
    },
    '0003_perf_baseline': {
      async up(db: Kysely<unknown>) {
        // A workload's load-test baseline, when the team keeps it on the server instead of a file.
        await db.schema
          .createTable('perf_baselines')
          .addColumn('workload_id', 'text', (c) =>
            c.primaryKey().references('workloads.id').onDelete('cascade'),
          )
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('baseline', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0004_context_and_retired_answers': {
      async up(db: Kysely<unknown>) {
        // The workload's answers to the models' context questions (issue 10), as JSON text.
        await db.schema
          .alterTable('workloads')
          .addColumn('context', 'text', (c) => c.notNull().defaultTo('{}'))
          .execute();
        // Answers under retired ids that had nowhere to go on upgrade: kept, never scored.
        await db.schema
          .createTable('retired_answers')
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('practice_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('note', 'text')
          .addColumn('evidence', 'text', (c) => c.notNull())
          .addColumn('author', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('confidence', 'text')
          .addColumn('model_version', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('replaced_by', 'text')
          .addColumn('retired_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('retired_answers_pk', ['workload_id', 'practice_id'])
          .execute();
      },
    },
    // A workload can be archived (issue 12): kept with all it holds, left out of the portfolio.
    '0005_workload_archive': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('workloads').addColumn('archived_at', 'text').execute();
      },
    },
    // Signed-in sessions (issue 13, OIDC): the cookie holds a random id, the row its SHA-256.
    '0006_sessions': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text')
          .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
      },
    },
    // Repositories a workload registers, and the scan jobs run over them (issue 13).
    '0007_repositories': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('repositories')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('branch', 'text', (c) => c.notNull())
          .addColumn('sub_path', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('repositories_workload_url', ['workload_id', 'url', 'branch', 'sub_path'])
          .execute();
        await db.schema
          .createIndex('repositories_url')
          .on('repositories')
          .columns(['url', 'branch'])
          .execute();
        await db.schema
          .createTable('scan_jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('repository_id', 'text', (c) =>
            c.notNull().references('repositories.id').onDelete('cascade'),
          )
          .addColumn('trigger', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('scan_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema
          .createIndex('scan_jobs_workload')
          .on('scan_jobs')
          .columns(['workload_id', 'created_at'])
          .execute();
        // A workload's scan schedule (cron, UTC); PostgreSQL runs it through pg-boss.
        await db.schema
          .createTable('scan_schedules')
          .addColumn('workload_id', 'text', (c) =>
            c.primaryKey().references('workloads.id').onDelete('cascade'),
          )
          .addColumn('cron', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    // Deployment and incident events per workload (issue 16). The key is a digest of what the
    // event says, so a replayed delivery is one row; `at` (deployment time, incident opening)
    // orders and bounds the reads. Columns rather than JSON: a portfolio reads hundreds of
    // thousands of them.
    '0008_delivery_events': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('delivery_events')
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('event_key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('environment', 'text')
          .addColumn('status', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text')
          .addColumn('commits', 'text', (c) => c.notNull())
          .addColumn('ref', 'text')
          .addColumn('deployment_ref', 'text')
          .addColumn('delivery_id', 'text')
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('delivery_events_pk', ['workload_id', 'event_key'])
          .execute();
        await db.schema
          .createIndex('delivery_events_workload_at')
          .on('delivery_events')
          .columns(['workload_id', 'at'])
          .execute();
        // The latest `waymark perf compare --server` result per workload: evidence while recent.
        await db.schema
          .createTable('perf_comparisons')
          .addColumn('workload_id', 'text', (c) =>
            c.primaryKey().references('workloads.id').onDelete('cascade'),
          )
          .addColumn('compared_at', 'text', (c) => c.notNull())
          .addColumn('compared_by', 'text', (c) => c.notNull())
          .addColumn('baseline_created', 'text')
          .addColumn('flows', 'integer', (c) => c.notNull())
          .addColumn('regressed', 'integer', (c) => c.notNull())
          .addColumn('targets_missed', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    // The version of a team's data (issue 13, several server instances): a counter that every
    // audit entry moves on, in the entry's own transaction, by a trigger so that no write path
    // can forget it. Its row lock orders a team's writers, so the counter moves in commit order;
    // the audit log's sequence does not (a number taken first may commit last), and a cache
    // keyed by it could miss a write committed late by another instance.
    '0009_team_versions': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('team_versions')
          .addColumn('team_id', 'text', (c) => c.primaryKey())
          .addColumn('version', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
          .execute();
        await sql`INSERT INTO team_versions (team_id, version)
          SELECT team_id, count(*) FROM audit_log GROUP BY team_id`.execute(db);
        const bump = sql`INSERT INTO team_versions (team_id, version) VALUES (NEW.team_id, 1)
          ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1;`;
        if (dialect === 'postgres') {
          await sql`CREATE FUNCTION waymark_team_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN ${bump} RETURN NULL; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_log_team_version AFTER INSERT ON audit_log
            FOR EACH ROW EXECUTE FUNCTION waymark_team_version()`.execute(db);
        } else {
          await sql`CREATE TRIGGER audit_log_team_version AFTER INSERT ON audit_log
            BEGIN ${bump} END`.execute(db);
        }
      },
    },
    // Every load-test run pushed to the server (issue 17), not only the baseline: the trend per
    // flow reads `figures` (a few numbers per flow); the charts and comparisons read the summary.
    '0010_perf_runs': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('perf_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workload_id', 'text', (c) => c.notNull().references('workloads.id').onDelete('cascade'))
          .addColumn('pushed_at', 'text', (c) => c.notNull())
          .addColumn('pushed_by', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('name', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('baseline_created', 'text')
          .addColumn('figures', 'text', (c) => c.notNull())
          .addColumn('verdict', 'text')
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('baseline', 'text')
          .addColumn('targets', 'text')
          .execute();
        await db.schema
          .createIndex('perf_runs_workload')
          .on('perf_runs')
          .columns(['workload_id', 'pushed_at'])
          .execute();
      },
    },
  };
  return { getMigrations: async () => all };
}
