/** The latest load-test comparison of each workload (`waymark perf compare --server`): evidence while recent. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Actor } from './store.js';

export interface PerfComparison {
  comparedAt: string;
  comparedBy: string;
  baselineCreated: string | null;
  flows: number;
  regressed: number;
  targetsMissed: number;
}

export class PerfComparisonStore {
  constructor(private readonly db: Kysely<Database>) {}

  async set(
    actor: Actor,
    workloadId: string,
    c: Omit<PerfComparison, 'comparedBy' | 'comparedAt'>,
  ): Promise<PerfComparison> {
    const row = {
      workload_id: workloadId,
      compared_at: new Date().toISOString(),
      compared_by: actor.name,
      baseline_created: c.baselineCreated,
      flows: c.flows,
      regressed: c.regressed,
      targets_missed: c.targetsMissed,
    };
    const { workload_id: _, ...update } = row;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('perf_comparisons')
        .values(row)
        .onConflict((oc) => oc.column('workload_id').doUpdateSet(update))
        .execute();
      await trx
        .insertInto('audit_log')
        .values({
          at: row.compared_at,
          team_id: actor.teamId,
          actor: actor.name,
          action: 'perf.comparison',
          entity: 'workload',
          entity_id: workloadId,
          detail: JSON.stringify({ regressed: c.regressed, targetsMissed: c.targetsMissed }),
        })
        .execute();
    });
    return toComparison(row);
  }

  async latest(workloadId: string): Promise<PerfComparison | undefined> {
    const row = await this.db
      .selectFrom('perf_comparisons')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .executeTakeFirst();
    return row ? toComparison(row) : undefined;
  }
}

function toComparison(r: Database['perf_comparisons']): PerfComparison {
  return {
    comparedAt: r.compared_at,
    comparedBy: r.compared_by,
    baselineCreated: r.baseline_created,
    flows: Number(r.flows),
    regressed: Number(r.regressed),
    targetsMissed: Number(r.targets_missed),
  };
}
