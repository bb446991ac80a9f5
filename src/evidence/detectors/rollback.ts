import { defineDetector } from '../defineDetector.js';
import { deployJobs } from '../lib/deploySteps.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, isObj, pipelines } from '../lib/pipelines.js';

const P = { rollback: 'oe.2.deployment-strategy.rollback', fast: 'pe.5.releases.fast-recovery' };
const STEP =
  /helm\s+rollback|kubectl\s+(argo\s+rollouts\s+(undo|abort)|rollout\s+undo)|slot\s+swap[\s\S]{0,80}(rollback|previous)|rollback|roll-back|roll\s+back/i;

/**
 * A release pipeline: started by a tag or a published release (version known at build time). A
 * `tags:` key with a value is the image tags of a build step, not a trigger.
 */
const ON_RELEASE =
  /^\s*tags\s*:\s*(\[|$)|^\s*release\s*:\s*\n\s*types\s*:|refs\/tags|\$CI_COMMIT_TAG|\bbuildingTag\(\)|\btag\s+pattern\b/m;
/** ...that publishes an artifact kept by version in a registry. */
const PUBLISHES =
  /(?:docker|depot)\/build-push-action|docker\s+(buildx\s+[^\n]*--push|push)\b|\bhelm\s+(push|package)\b|chart-releaser|goreleaser|\bko\s+(publish|build)\b|jib:build|\bcrane\s+(push|copy)\b|\bskopeo\s+copy\b|\bnpm\s+publish\b|\bdotnet\s+nuget\s+push\b|\btwine\s+upload\b/;

/** An image tag made from the commit it was built from (`app:${{ github.sha }}`, `$SLUG:${GITHUB_SHA::7}`). */
const COMMIT_IMAGE =
  /[\w./}-]:\$\{?\{?\s*(github\.sha|GITHUB_SHA|GIT_SHA|CI_COMMIT_SHA|CI_COMMIT_SHORT_SHA|SHORT_SHA|COMMIT_SHA|GIT_COMMIT|Build\.SourceVersion|BUILD_SOURCEVERSION|REVISION_ID)\b|^\s*type=sha\b/m;
/** ...pushed to a registry (an image built and never pushed keeps nothing to go back to). */
const PUSHES_IMAGE =
  /docker\s+push\b|docker\s+buildx\s+[^\n]*--push|^\s*push\s*:\s*true|\bcrane\s+push\b|az\s+acr\s+build|gcloud\s+builds\s+submit/m;
/** Inputs of a manually started run that name what to deploy. */
const VERSION_INPUT = /^(\w+[-_])?(sha|commit|commit[-_]sha|version|tag|image[-_]?tag|release)$/i;

/** The input names of a GitHub `workflow_dispatch` trigger. */
function dispatchInputs(doc: unknown): string[] {
  const on = isObj(doc) ? doc.on : undefined;
  const dispatch = isObj(on) ? on.workflow_dispatch : undefined;
  const inputs = isObj(dispatch) ? dispatch.inputs : undefined;
  return isObj(inputs) ? Object.keys(inputs) : [];
}

export default defineDetector({
  meta: {
    id: 'rollback',
    title: 'Rollback steps',
    practices: Object.values(P),
    docs: 'Looks for a way back written down: rollback jobs or steps in pipelines (helm rollback, kubectl rollout undo, Argo Rollouts undo/abort, a slot swap back, a job or stage named rollback), and rollback runbooks (docs/runbooks/rollback*.md). A step in a pipeline is high confidence; a runbook medium. Without either, a release pipeline (started by a tag or a published release) that pushes versioned images, charts or packages is a partial way back: the previous version can be redeployed; so is a deployment started by hand whose inputs name the commit or version to deploy, or images pushed with a tag per commit (low). Whether recovery fits the agreed recovery time cannot be seen, hence low for fast recovery.',
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
      if (releases.length)
        return [
          present(
            [P.rollback],
            'low',
            grepPipelines(releases, PUBLISHES),
            'releases publish versioned artifacts, so a previous version can be redeployed; no rollback step or procedure is written',
          ),
        ];
      // A deployment started by hand that takes the commit or version to deploy can take an earlier one.
      const ps = await pipelines(repo);
      const chosen = ps.filter(
        (p) => p.system === 'github-actions' && dispatchInputs(p.doc).some((i) => VERSION_INPUT.test(i)),
      );
      const redeploy = deployJobs(chosen).filter((j) => !j.throwaway);
      if (redeploy.length)
        return [
          present(
            [P.rollback],
            'low',
            redeploy.flatMap((j) => j.at.slice(0, 1)),
            'a deployment run by hand takes the commit or version to deploy, so an earlier one can be chosen; no rollback step or procedure is written',
          ),
        ];
      const tagged = grepPipelines(
        ps.filter((p) => PUSHES_IMAGE.test(p.text)),
        COMMIT_IMAGE,
      );
      if (!tagged.length) return [];
      return [
        present(
          [P.rollback],
          'low',
          tagged,
          'images are pushed with a tag per commit, so an earlier build stays available to redeploy; no rollback step or procedure is written',
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
