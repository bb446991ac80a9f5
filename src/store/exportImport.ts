import { sql } from 'kysely';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportDocument,
  TABLES,
  type TableName,
} from './backupFile.js';
import type { Store } from './store.js';

const ORDER: Record<TableName, string[]> = {
  teams: ['id'],
  tokens: ['id'],
  workloads: ['id'],
  repositories: ['id'],
  answers: ['workload_id', 'practice_id'],
  scans: ['id'],
  milestones: ['id'],
  health_latest: ['workload_id'],
  health_changes: ['workload_id', 'at', 'id'],
  perf_baselines: ['workload_id'],
  perf_runs: ['workload_id', 'pushed_at', 'id'],
  retired_answers: ['workload_id', 'practice_id'],
  delivery_events: ['workload_id', 'event_key'],
  perf_comparisons: ['workload_id'],
  audit_log: ['seq'],
};

/**
 * Every row of every table, as stored: an export imported elsewhere exports the same. Read in one
 * transaction, a snapshot (repeatable read on PostgreSQL; SQLite's read transaction is one), so a
 * backup taken while servers write holds no row whose team or workload it missed.
 */
export async function exportAll(store: Store): Promise<ExportDocument> {
  const doc: Record<string, unknown> = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
  };
  const trx =
    store.dialect === 'postgres'
      ? store.db.transaction().setIsolationLevel('repeatable read')
      : store.db.transaction();
  await trx.execute(async (db) => {
    for (const table of TABLES) {
      let q = db.selectFrom(table).selectAll();
      for (const col of ORDER[table]) q = q.orderBy(sql.ref(col));
      const rows = (await q.execute()) as Record<string, unknown>[];
      // PostgreSQL returns bigserial as a string; keep numbers numbers on both dialects.
      doc[table] = table === 'audit_log' ? rows.map((r) => ({ ...r, seq: Number(r.seq) })) : rows;
    }
  });
  return doc as ExportDocument;
}

/** A restore the database cannot take: it is not empty, or it refused a row. */
export class ImportRefused extends Error {}

/**
 * Loads a checked export (see parseBackup) into an empty database, all or nothing: one
 * transaction, which first makes sure every table is empty.
 */
export async function importAll(store: Store, doc: ExportDocument): Promise<Record<TableName, number>> {
  const counts = {} as Record<TableName, number>;
  try {
    await store.db.transaction().execute(async (trx) => {
      for (const table of TABLES) {
        const any = await trx.selectFrom(table).select(sql.lit(1).as('one')).limit(1).execute();
        if (any.length > 0)
          throw new ImportRefused(`the database is not empty (it has ${table}); restore into a new one`);
      }
      for (const table of TABLES) {
        const rows = doc[table];
        // Batches keep each statement under both databases' parameter limits.
        for (let i = 0; i < rows.length; i += 200) {
          await trx
            .insertInto(table)
            .values(rows.slice(i, i + 200) as never)
            .execute();
        }
        counts[table] = rows.length;
      }
      if (store.dialect === 'postgres') {
        await sql`select setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce((select max(seq) from audit_log), 0) + 1, false)`.execute(
          trx,
        );
      }
    });
  } catch (err) {
    if (err instanceof ImportRefused) throw err;
    // parseBackup checks keys and references; should the database still refuse a row, that
    // is the file's doing too, and the transaction has left nothing behind.
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    if (/^(23|22)[0-9A-Z]{3}$/.test(code) || code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_TOOBIG')
      throw new ImportRefused(`the database refused a row of the backup (${code}); nothing was restored`);
    throw err;
  }
  return counts;
}
