/**
 * Stores a scan the way `waymark scan --push` does (POST /workloads/:id/scans): the suggestions
 * are kept with the scan and never touch a person's answer. A job stores its scan under its own
 * id, so a retried job stores it once.
 */
import type { ModelSet } from '../model/index.js';
import type { Actor, OwnedRepository, RepositoryStore, Scan, Store } from '../store/index.js';
import type { ScanPayload } from './scanSource.js';

/** The first suggestion naming a practice the models do not have. */
export function unknownPractice(
  models: ModelSet,
  suggestions: readonly { practiceId: string }[],
): string | undefined {
  return suggestions.find((s) => !models.practice(s.practiceId))?.practiceId;
}

export function recordScan(
  store: Store,
  actor: Actor,
  workloadId: string,
  body: { suggestions: readonly { practiceId: string }[] },
  id?: string,
): Promise<Scan> {
  return store.addScan(actor, workloadId, body, id);
}

/** Who a scan job writes as, in the scan and the audit log. */
export function jobActor(repo: OwnedRepository): Actor {
  return { teamId: repo.teamId, name: 'waymark-worker', role: 'editor' };
}

/** Stores a job's scan (once) and marks the job done. */
export async function completeJob(
  store: Store,
  repos: RepositoryStore,
  models: ModelSet,
  jobId: string,
  repo: OwnedRepository,
  payload: ScanPayload,
): Promise<Scan> {
  const unknown = unknownPractice(models, payload.suggestions);
  if (unknown) throw new Error(`the scan suggests an unknown practice "${unknown}"`);
  const scan = await recordScan(store, jobActor(repo), repo.workloadId, payload, jobId);
  await repos.markDone(jobId, scan.id);
  return scan;
}
