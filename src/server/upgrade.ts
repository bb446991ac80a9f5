import type { ModelSet } from '../model/index.js';
import type { RetiredMove, Store } from '../store/index.js';
import { retiredMoves, summarise } from './workloadScore.js';

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
  return store.moveRetiredAnswers(
    retired,
    (answers) => retiredMoves(models, answers),
    (answers, context) => summarise(models, answers, context),
  );
}
