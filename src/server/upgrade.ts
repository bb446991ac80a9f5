import type { ModelSet } from '../model/index.js';
import type { RetiredMove, Store } from '../store/index.js';
import { retiredMoves, summarise, type WorkloadSummary } from './workloadScore.js';

/**
 * Run on every start and by `waymark db migrate`: answers stored under practice ids the models
 * have retired move to their successors (see Store.moveRetiredAnswers). Idempotent: once moved,
 * nothing is left under a retired id.
 */
export async function upgradeAnswers(
  store: Store,
  models: ModelSet,
): Promise<{ workloadId: string; moves: RetiredMove[] }[]> {
  const retired = models.models.flatMap((m) => m.retired.map((r) => r.id));
  const score = (answers: Parameters<typeof summarise>[1], context: Parameters<typeof summarise>[2]) =>
    summarise(models, answers, context);
  const moved = await store.moveRetiredAnswers(retired, (answers) => retiredMoves(models, answers), score);
  // Workloads with nothing to move may still hold a summary scored by an older model version.
  const current = new Map(models.models.map((m) => [m.key, m.version]));
  await store.rescoreStale((summary) => !scoredWith(summary, current), score);
  return moved;
}

/**
 * Whether a stored summary was scored by exactly the models (keys and versions) in force, and
 * has every field the summary has now (older ones lack the unanswered strategies and the time of
 * the last answer).
 */
function scoredWith(summary: unknown, current: ReadonlyMap<string, string>): boolean {
  const s = summary as Partial<WorkloadSummary> | null;
  const pillars = s?.pillars;
  if (!Array.isArray(s?.unanswered) || s?.lastAnsweredAt === undefined) return false;
  if (!Array.isArray(pillars) || pillars.length !== current.size) return false;
  return pillars.every((p) => current.get(p.key) === p.version);
}
