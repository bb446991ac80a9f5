import { posix } from 'node:path';
import { defineDetector } from '../defineDetector.js';
import { type DeployJob, deployJobs } from '../lib/deploySteps.js';
import { envOf, grepFiles, lineOf, present } from '../lib/helpers.js';
import { type Pipeline, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation, RepoFile, RepoView } from '../types.js';

const P = {
  distinct: 'oe.3.environments.distinct',
  ordered: 'oe.3.environments.ordered-promotion',
  buildOnce: 'oe.3.environments.build-once',
  pipelineOnly: 'oe.3.automated-deployments.pipeline-only',
  layered: 'oe.3.automated-deployments.layered-pipelines',
};

const ENV_LINE =
  /^\s*(?:-\s*)?(?:environment|stage|deployment|env)\s*:\s*['"]?([^'"#\n]+)|^\s*name\s*:\s*['"]?([^'"#\n]+)|\bstage\s*\(\s*['"]([^'"]+)/;
/** Deploy steps that change infrastructure, and ones that ship application code. */
const INFRA =
  /terraform\s+(?:-chdir[= ]\S+\s+)?apply|terragrunt|tofu\s+apply|az\s+deployment|azd\s+provision|cdk\s+deploy|pulumi\s+up|cloudformation|ResourceManagerTemplateDeployment@|azure\/arm-deploy|^\s*terraform\s*\(/im;
const APP =
  /helm\s+(upgrade|install)|kubectl\s+(apply|set\s+image|rollout)|skaffold|azd\s+deploy|webapps?-deploy|functions-deploy|container-apps-deploy|static-web-apps-deploy|gcloud\s+(run|app|functions)\s+deploy|ecs\s+update-service|ecs-deploy|AzureWebApp@|AzureFunctionApp@|AzureRmWebAppDeployment@|KubernetesManifest@|HelmDeploy@|sam\s+deploy|serverless\s+deploy|flyctl/i;
const PUBLISH =
  /actions\/upload-artifact|^\s*-\s*publish\s*:|PublishPipelineArtifact@|docker\s+push|\b(?:docker|depot)\/build-push-action/im;
const REUSE =
  /actions\/download-artifact|^\s*-\s*download\s*:|DownloadPipelineArtifact@|@sha256:|\bdigest\b/im;

/** Steps that build an image (rather than take one that was built). */
const BUILD =
  /docker\s+(buildx\s+)?build\b|(?:docker|depot)\/build-push-action|gcloud\s+builds\s+submit|\bpack\s+build|\bko\s+(build|resolve|apply)|\bjib(Build|DockerBuild)?\b|az\s+acr\s+build|skaffold\s+(run|build|dev)\b|cloud-builders\/docker[\s\S]{0,80}?\bbuild\b|kaniko|buildah\s+bud|mvn\s[^\n]*spring-boot:build-image/i;
const PUSH =
  /docker\s+push|cloud-builders\/docker[\s\S]{0,80}?\bpush\b|(?:docker|depot)\/build-push-action[\s\S]{0,400}?push\s*:\s*true|^\s*images\s*:|crane\s+push|az\s+acr\s+build|gcloud\s+builds\s+submit/im;
/** An image deployed by a tag that a variable fills in (`--image repo/app:${_TAG}`, `image: app:$TAG`). */
const IMAGE_BY_TAG =
  /(--image[= ]['"]?|\bimage\s*[:=]\s*['"]?|set\s+image\s+\S+=)[^\s'"]*:\$\{?\{?\s*[\w.]+|--set\s+[\w.]*image\.tag=\$/i;
/** An image tagged with the commit it was built from. */
const COMMIT_TAG =
  /:\$\{?\{?\s*(github\.sha|GITHUB_SHA|CI_COMMIT_SHA|CI_COMMIT_SHORT_SHA|SHORT_SHA|COMMIT_SHA|REVISION_ID|Build\.SourceVersion|BUILD_SOURCEVERSION|GIT_COMMIT)\b/;
/** Handing a built tag to whatever deploys it: a dispatch to a deploy repository, a manifest edit. */
const HANDOFF =
  /repository_dispatch|repos\/[^\s/]+\/[^\s/]+\/dispatches|client_payload|kustomize\s+edit\s+set\s+image|yq\s[^\n]*\bimage\b|--set\s+[\w.]*image\.tag=|argocd\s+app\s+set\s[^\n]*image/i;

/**
 * Images built once and deployed by their tag: a deploy pipeline that deploys images by a tag and
 * never builds one while another pipeline builds and pushes them, or a build that tags its image
 * with the commit and hands that tag on to the deployment.
 */
function deployedByTag(ps: readonly Pipeline[], deployPipes: readonly Pipeline[]): EvidenceLocation[] {
  const builders = ps.filter((p) => BUILD.test(p.text) && PUSH.test(p.text));
  const out: EvidenceLocation[] = [];
  for (const p of deployPipes) {
    if (BUILD.test(p.text) || !builders.some((b) => b !== p)) continue;
    const line = lineOf(p.text, IMAGE_BY_TAG);
    if (line) out.push({ file: p.file, line });
  }
  for (const b of builders) {
    const tagged = lineOf(b.text, COMMIT_TAG);
    if (tagged && HANDOFF.test(b.text)) out.push({ file: b.file, line: tagged });
  }
  return out;
}

/** Environments a pipeline names, in the order they first appear, with where. */
function envs(p: Pipeline): Map<string, EvidenceLocation> {
  const out = new Map<string, EvidenceLocation>();
  const lines = p.text.split('\n');
  lines.forEach((l, i) => {
    const m = ENV_LINE.exec(l);
    if (!m) return;
    // `name:` counts only right under `environment:` (GitHub Actions, GitLab).
    if (m[2] !== undefined && !/^\s*environment\s*:\s*$/.test(lines[i - 1] ?? '')) return;
    const e = envOf(m[1] ?? m[2] ?? m[3] ?? '');
    // A stage called "Test" is usually a testing step, not an environment, unless it deploys.
    const envKey = m[2] !== undefined || /^\s*(?:-\s*)?(environment|deployment)\s*:/.test(l);
    if ((e === 'test' || e === 'int') && !envKey && !/deploy/i.test(l)) return;
    if (e && !out.has(e)) out.set(e, { file: p.file, line: i + 1 });
  });
  for (const [e, line] of inputOptions(lines)) if (!out.has(e)) out.set(e, { file: p.file, line });
  return out;
}

/** Environments offered as the choices of a pipeline input (`ENVIRONMENT: … options: [staging, production]`). */
function inputOptions(lines: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  lines.forEach((l, i) => {
    const key = /^(\s*)[\w-]*env[\w-]*\s*:\s*$/i.exec(l);
    if (!key) return;
    const indent = key[1]?.length ?? 0;
    for (let j = i + 1; j < lines.length; j++) {
      const x = lines[j] ?? '';
      if (!x.trim()) continue;
      if (x.length - x.trimStart().length <= indent) break;
      if (!/^\s*options\s*:\s*$/.test(x)) continue;
      for (let k = j + 1; k < lines.length && /^\s*-\s*\S/.test(lines[k] ?? ''); k++) {
        const e = envOf((lines[k] ?? '').replace(/^\s*-\s*/, ''));
        if (e) out.push([e, k + 1]);
      }
    }
  });
  return out;
}

/**
 * Documents that give a manual route for routine releases: a release, deployment or production
 * guide with deploy commands, or a README telling readers to run a deploy script. A README
 * quickstart (`azd up`, `kubectl apply` to try the app) is not such a route.
 */
async function manualRoute(repo: RepoView): Promise<EvidenceLocation[]> {
  const docs = repo.byExt('.md', '.adoc', '.rst');
  // A workshop or tutorial page walks a learner through their own copy; it is not the team's route.
  const guides = docs.filter(
    (f) =>
      /releas|deploy|(^|[^a-z])prod(uction)?([^a-z]|$)/i.test(f.path) &&
      !/changelog/i.test(f.name) &&
      !/(^|\/)(workshops?|tutorials?|training|labs?)(\/|$)/i.test(f.path),
  );
  const readmes = docs.filter((f) => /^readme\./i.test(f.name));
  const cmd =
    /^\s*(\$\s*|>\s*)?(kubectl\s+apply|terraform\s+apply|helm\s+(upgrade|install)|azd\s+(up|deploy|provision)|az\s+deployment\s+\w+\s+create|gcloud\s+run\s+deploy|\.{0,2}[\\/][\w./\\-]*deploy\w*\.(ps1|sh))\b/im;
  const script = /^\s*(\$\s*|>\s*)?(pwsh\s+|bash\s+|sh\s+)?\.{1,2}[\\/][\w./\\-]*deploy\w*\.(ps1|sh)\b/im;
  // A deploy script the repository does not hold is no route anyone can take from it.
  const runnable = (re: RegExp) => (h: { file: RepoFile; text: string }) =>
    h.text.split('\n').some((l) => {
      if (!re.test(l)) return false;
      const path = SCRIPT_PATH.exec(l)?.[1];
      return path === undefined || scriptExists(repo, h.file.dir, path);
    });
  const hits = [
    ...(await grepFiles(repo, guides, cmd, 50, undefined, { keep: runnable(cmd) })),
    ...(await grepFiles(repo, readmes, script, 50, undefined, { keep: runnable(script) })),
  ];
  return hits.map((h) => ({ file: h.file.path, line: h.line }));
}

/** The path of a deploy script a command line runs (`./scripts/deploy.sh`). */
const SCRIPT_PATH = /(\.{0,2}[\\/][\w./\\-]*deploy\w*\.(?:ps1|sh))\b/i;

function scriptExists(repo: RepoView, dir: string, raw: string): boolean {
  const rel = raw.replace(/\\/g, '/').replace(/^\.?\//, '');
  return [rel, posix.join(dir, rel)].some((p) => !p.startsWith('..') && repo.get(posix.normalize(p)));
}

export default defineDetector({
  meta: {
    id: 'deploy-stages',
    title: 'Deployment stages per environment',
    practices: Object.values(P),
    docs: 'Reads pipeline jobs for deployment steps (azd, az deployment, terraform apply, kubectl/helm, Skaffold, gcloud, AWS CLI/CDK/SAM, deploy actions and tasks, Azure Pipelines deployment jobs, shared-library deploy steps in Jenkinsfiles, and shared actions or reusable workflows of the organisation named for deploying, which alone make pipeline-only deployment low). Jobs that deploy to a cluster made for the run (kind, a namespace per pull request) are test deployments, not deployments of shared environments. Pipelines deploying shared environments show pipeline-only deployment unless a release or production guide (or a README pointing to a deploy script the repository holds) gives a manual route. CircleCI orb jobs named for deploying count like shared workflows. Two or more environments (named in stages, environments, env parameters, or the choices of a pipeline input) including production show distinct environments; a lower environment before production with needs/dependsOn shows ordered promotion; an artifact published once and downloaded by later deployments across environments shows build-once, as does a deploy pipeline that deploys images by tag and builds none while another pipeline builds and pushes them, or a build that tags its image with the commit and hands the tag on (repository dispatch, kustomize edit set image, --set image.tag); infrastructure and application deployed by different jobs or pipelines show layered pipelines (Terraform handed the image tag deploys the application too).',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const jobs = deployJobs(ps);
    const shared = jobs.filter((j) => !j.throwaway);
    const deployPipes = [...new Set(shared.map((j) => j.pipeline))];
    const byTag = deployedByTag(ps, deployPipes);
    if (shared.length === 0)
      return byTag.length
        ? [
            present(
              [P.buildOnce],
              'low',
              byTag,
              'the build tags its image with the commit and hands that tag to the deployment',
            ),
          ]
        : [];
    const out: Claim[] = [];
    const all = new Map<string, EvidenceLocation>();
    for (const p of deployPipes) for (const [e, l] of envs(p)) if (!all.has(e)) all.set(e, l);
    const many = all.size >= 2;
    const at = shared.flatMap((j) => j.at);
    const manual = await manualRoute(repo);
    // Known only from the names of shared actions or workflows: what they run is elsewhere.
    const byName = shared.every((j) => j.byName);
    if (manual.length === 0)
      out.push(
        present(
          [P.pipelineOnly],
          byName ? 'low' : 'medium',
          at,
          `pipelines deploy${many ? ` to ${[...all.keys()].join(', ')}` : ''}`,
        ),
      );
    if (many) {
      out.push(
        present(
          [P.distinct],
          all.has('prod') ? 'high' : 'medium',
          [...all.values()],
          `pipelines target ${all.size} environments: ${[...all.keys()].join(', ')}`,
        ),
      );
      const published = deployPipes.filter((p) => PUBLISH.test(p.text) && REUSE.test(p.text));
      if (published.length)
        out.push(
          present(
            [P.buildOnce],
            'medium',
            published.map((p) => ({ file: p.file })),
            'one build publishes an artifact that the deployment stages download',
          ),
        );
    }
    if (!out.some((c) => c.practices.includes(P.buildOnce)) && byTag.length)
      out.push(
        present(
          [P.buildOnce],
          'medium',
          byTag,
          'images are built and pushed once, then deployed by their tag without being rebuilt',
        ),
      );
    for (const p of deployPipes) {
      const e = [...envs(p).keys()];
      const prodAt = e.indexOf('prod');
      const ordered =
        prodAt > 0 &&
        (p.system === 'jenkins' ||
          /^\s*(needs|dependsOn|depends_on|requires)\s*:/m.test(p.text) ||
          /^stages\s*:/m.test(p.text));
      if (ordered) {
        out.push(
          present(
            [P.ordered],
            'medium',
            [...envs(p).values()],
            `${e.slice(0, prodAt).join(', ')} before prod in one pipeline`,
          ),
        );
        break;
      }
    }
    out.push(...layered(shared));
    return out;
  },
});

/** An infrastructure run that is handed the application's image (Terraform that deploys the app too). */
const IMAGE_INPUT = /\b(IMAGE_TAG|TF_VAR_\w*image\w*|docker_image|image_tag)\b/i;

function layered(shared: DeployJob[]): Claim[] {
  const ships = (j: DeployJob) => APP.test(j.job.text) || IMAGE_INPUT.test(j.job.text);
  const infra = shared.filter((j) => INFRA.test(j.job.text));
  const app = shared.filter(ships);
  const mixed = shared.filter((j) => INFRA.test(j.job.text) && ships(j));
  if (infra.length === 0 || mixed.length) return [];
  if (app.length === 0)
    return [
      present(
        [P.layered],
        'low',
        infra.flatMap((j) => j.at),
        'pipelines here deploy infrastructure only; application code is deployed elsewhere',
      ),
    ];
  return [
    present(
      [P.layered],
      'medium',
      [...infra, ...app].flatMap((j) => j.at.slice(0, 1)),
      'infrastructure and application are deployed by separate jobs or pipelines',
    ),
  ];
}
