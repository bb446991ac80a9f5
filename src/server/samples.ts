import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssessment } from '../answers/index.js';
import type { ModelSet } from '../model/index.js';
import type { Actor, Store } from '../store/index.js';
import { snapshot, summarise } from './workloadScore.js';

/**
 * Milestones each sample gets, days before now, with the level being answered by then: every
 * answer below it, and half of that level's.
 */
const SAMPLE_MILESTONES = [
  { name: 'Kick-off', daysAgo: 150, level: 1 },
  { name: 'Q3 review', daysAgo: 90, level: 2 },
  { name: 'Q4 review', daysAgo: 30, level: 3 },
] as const;

/**
 * Loads every `examples/<name>/waymark.assessment.yaml` as a workload of the actor's team,
 * unless a workload of that name exists already (so restarting with samples is harmless).
 */
export async function loadSampleWorkloads(
  store: Store,
  models: ModelSet,
  actor: Actor,
  dir: string,
): Promise<string[]> {
  const loaded: string[] = [];
  await store.ensureTeam(actor.teamId);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const assessment = loadAssessment(join(dir, entry.name, 'waymark.assessment.yaml'), models);
    const name = assessment.workload ?? entry.name;
    if (await store.findWorkloadByName(actor.teamId, name)) continue;
    const w = await store.createWorkload(
      actor,
      { name, repository: null, tags: ['sample'] },
      summarise(models, []),
    );
    for (const [practiceId, a] of assessment.answers) {
      const ref = models.practice(practiceId);
      if (!ref) continue;
      await store.setAnswer(
        actor,
        w.id,
        practiceId,
        {
          status: a.status,
          reason: a.reason ?? null,
          note: a.note ?? null,
          evidence: a.evidence,
          author: a.by ?? actor.name,
          source: a.source,
          confidence: a.confidence ?? null,
          modelVersion: ref.model.version,
        },
        0,
        (all, context) => summarise(models, all, context),
      );
    }
    if (assessment.context.size > 0)
      await store.setContext(actor, w.id, Object.fromEntries(assessment.context), (all, context) =>
        summarise(models, all, context),
      );
    // A few milestones over past months, so that the history shows a climb: the answers of the
    // lower levels first, as a team answers them.
    const answers = await store.getAnswers(w.id);
    const levelOf = (id: string) => models.practice(id)?.level.level ?? 99;
    const context = Object.fromEntries(assessment.context);
    for (const m of SAMPLE_MILESTONES) {
      const current = answers.filter((a) => levelOf(a.practiceId) === m.level);
      const given = [
        ...answers.filter((a) => levelOf(a.practiceId) < m.level),
        ...current.slice(0, Math.floor(current.length / 2)),
      ];
      const at = new Date(Date.now() - m.daysAgo * 86_400_000).toISOString();
      await store.createMilestone(actor, w.id, m.name, snapshot(models, given, context), at);
    }
    loaded.push(name);
  }
  return loaded;
}
