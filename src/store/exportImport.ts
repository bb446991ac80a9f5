import { type Selectable, sql } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export const EXPORT_FORMAT = 'waymark.export';
export const EXPORT_FORMAT_VERSION = 1;

/** Tables in an order that satisfies foreign keys on import. */
const TABLES = [
  'teams',
  'tokens',
  'workloads',
  'answers',
  'scans',
  'milestones',
  'health_latest',
  'health_changes',
  'perf_baselines',
  'audit_log',
] as const;
type TableName = (typeof TABLES)[number];

export type ExportDocument = {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  exportedAt: string;
} & { [T in TableName]: Selectable<Database[T]>[] };

const ORDER: Record<TableName, string[]> = {
  teams: ['id'],
  tokens: ['id'],
  workloads: ['id'],
  answers: ['workload_id', 'practice_id'],
  scans: ['id'],
  milestones: ['id'],
  health_latest: ['workload_id'],
  health_changes: ['workload_id', 'at', 'id'],
  perf_baselines: ['workload_id'],
  audit_log: ['seq'],
};

/** Every row of every table, as stored: an export imported elsewhere exports the same. */
export async function exportAll(store: Store): Promise<ExportDocument> {
  const doc: Record<string, unknown> = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
  };
  for (const table of TABLES) {
    let q = store.db.selectFrom(table).selectAll();
    for (const col of ORDER[table]) q = q.orderBy(sql.ref(col));
    const rows = (await q.execute()) as Record<string, unknown>[];
    // PostgreSQL returns bigserial as a string; keep numbers numbers on both dialects.
    doc[table] = table === 'audit_log' ? rows.map((r) => ({ ...r, seq: Number(r.seq) })) : rows;
  }
  return doc as ExportDocument;
}

export class ImportRefused extends Error {}

/** Loads an export into an empty database, all or nothing. */
export async function importAll(store: Store, doc: ExportDocument): Promise<Record<TableName, number>> {
  if (doc.format !== EXPORT_FORMAT || doc.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new ImportRefused(
      `not a Waymark export (format ${String(doc.format)} ${String(doc.formatVersion)})`,
    );
  }
  const counts = {} as Record<TableName, number>;
  await store.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('teams').select('id').limit(1).execute();
    if (existing.length > 0) throw new ImportRefused('the database is not empty; restore into a new one');
    for (const table of TABLES) {
      const rows = doc[table];
      if (!Array.isArray(rows)) throw new ImportRefused(`the export has no "${table}" list`);
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
  return counts;
}
