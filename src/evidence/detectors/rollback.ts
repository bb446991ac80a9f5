import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { rollback: 'oe.2.deployment-strategy.rollback', fast: 'pe.5.releases.fast-recovery' };
const STEP =
  /helm\s+rollback|kubectl\s+(argo\s+rollouts\s+(undo|abort)|rollout\s+undo)|slot\s+swap[\s\S]{0,80}(rollback|previous)|rollback|roll-back|roll\s+back/i;

/** A release pipeline: started by a tag or a published release (version known at build time). */
const ON_RELEASE =
  /^\s*tags\s*:|^\s*release\s*:\s*\n\s*types\s*:|refs\/tags|\$CI_COMMIT_TAG|\bbuildingTag\(\)|\btag\s+pattern\b/m;
/** ...that publishes an artifact kept by version in a registry. */
const PUBLISHES =
  /docker\/build-push-action|docker\s+(buildx\s+[^\n]*--push|push)\b|\bhelm\s+(push|package)\b|chart-releaser|goreleaser|\bko\s+(publish|build)\b|jib:build|\bcrane\s+(push|copy)\b|\bskopeo\s+copy\b|\bnpm\s+publish\b|\bdotnet\s+nuget\s+push\b|\btwine\s+upload\b/;

export default defineDetector({
  meta: {
    id: 'rollback',
    title: 'Rollback steps',
    practices: Object.values(P),
    docs: 'Looks for a way back written down: rollback jobs or steps in pipelines (helm rollback, kubectl rollout undo, Argo Rollouts undo/abort, a slot swap back, a job or stage named rollback), and rollback runbooks (docs/runbooks/rollback*.md). A step in a pipeline is high confidence; a runbook medium. Without either, a release pipeline (started by a tag or a published release) that pushes versioned images, charts or packages is a partial way back: the previous version can be redeployed. Whether recovery fits the agreed recovery time cannot be seen, hence low for fast recovery.',
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
    if (!locs.length) {
      // Without a written way back, versioned releases still leave the last good version to redeploy.
      const releases = (await pipelines(repo)).filter(
        (p) => ON_RELEASE.test(p.text) && PUBLISHES.test(p.text),
      );
      if (!releases.length) return [];
      return [
        present(
          [P.rollback],
          'low',
          grepPipelines(releases, PUBLISHES),
          'releases publish versioned artifacts, so a previous version can be redeployed; no rollback step or procedure is written',
        ),
      ];
    }
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
