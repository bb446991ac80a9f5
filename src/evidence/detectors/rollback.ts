import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { rollback: 'oe.2.deployment-strategy.rollback', fast: 'pe.5.releases.fast-recovery' };
const STEP =
  /helm\s+rollback|kubectl\s+(argo\s+rollouts\s+(undo|abort)|rollout\s+undo)|slot\s+swap[\s\S]{0,80}(rollback|previous)|rollback|roll-back|roll\s+back/i;

export default defineDetector({
  meta: {
    id: 'rollback',
    title: 'Rollback steps',
    practices: Object.values(P),
    docs: 'Looks for a way back written down: rollback jobs or steps in pipelines (helm rollback, kubectl rollout undo, Argo Rollouts undo/abort, a slot swap back, a job or stage named rollback), and rollback runbooks (docs/runbooks/rollback*.md). A step in a pipeline is high confidence; a runbook medium. Whether recovery fits the agreed recovery time cannot be seen, hence low for fast recovery.',
  },
  async detect(repo) {
    const ci = grepPipelines(await pipelines(repo), STEP);
    const docs = await grepFiles(
      repo,
      byPath(
        repo
          .byExt('.md', '.txt', '.adoc', '.rst')
          .filter((f) => /rollback|roll-back/i.test(f.name) && /\.(md|txt|adoc|rst)$/i.test(f.name)),
      ),
      /\S/,
    );
    const scripts = byPath(
      repo
        .byExt('.sh', '.ps1', '.py')
        .filter((f) => /rollback/i.test(f.name) && /\.(sh|ps1|py)$/i.test(f.name)),
    ).map((f) => ({ file: f.path }));
    const locs = [...ci, ...docs.map(loc), ...scripts];
    if (!locs.length) return [];
    const conf = ci.length || scripts.length ? 'high' : 'medium';
    return [
      present(
        [P.rollback],
        conf,
        locs,
        ci.length ? 'a rollback step exists in the pipeline' : 'a rollback runbook or script exists',
      ),
      present(
        [P.fast],
        'low',
        locs,
        'a rollback path exists; whether recovery fits the agreed time is not visible',
      ),
    ];
  },
});
