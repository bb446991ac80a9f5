import { defineDetector } from '../defineDetector.js';
import { envOf, present } from '../lib/helpers.js';
import { allLines, type Pipeline, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  distinct: 'oe.3.environments.distinct',
  ordered: 'oe.3.environments.ordered-promotion',
  pipelineOnly: 'oe.3.automated-deployments.pipeline-only',
};

const DEPLOY =
  /(az\s+(deployment|webapp|functionapp|containerapp|staticwebapp|aks)\b|terraform\s+apply|kubectl\s+(apply|rollout|set\s+image)|helm\s+(upgrade|install)|azure\/(webapps|functions|container-apps|aks-set-context|arm|static-web-apps)-deploy|Azure(WebApp|FunctionApp|RmWebAppDeployment|ResourceManagerTemplateDeployment|ContainerApps)@|KubernetesManifest@|HelmDeploy@|cdk\s+deploy|pulumi\s+up|sam\s+deploy|serverless\s+deploy|flyctl\s+deploy|^\s*-\s*deployment\s*:)/i;
const ENV_LINE =
  /^\s*(?:-\s*)?(?:environment|stage|deployment)\s*:\s*['"]?([^'"#\n]+)|^\s*name\s*:\s*['"]?([^'"#\n]+)|\bstage\s*\(\s*['"]([^'"]+)/;

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
  return out;
}

export default defineDetector({
  meta: {
    id: 'deploy-stages',
    title: 'Deployment stages per environment',
    practices: Object.values(P),
    docs: 'Reads pipeline files for deployment steps (az deployment, terraform apply, kubectl/helm, deploy actions and tasks, Azure Pipelines deployment jobs) and for the environments their stages and jobs target. Two or more environments including production show distinct environments; a lower environment listed before production in a pipeline with needs/dependsOn shows ordered promotion.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const deploys = ps.flatMap((p) =>
      allLines(p, DEPLOY)
        .slice(0, 3)
        .map((l) => ({ file: p.file, line: l.line })),
    );
    if (deploys.length === 0) return [];
    const out: Claim[] = [];
    const deployPipes = ps.filter((p) => deploys.some((d) => d.file === p.file));
    const all = new Map<string, EvidenceLocation>();
    for (const p of deployPipes) for (const [e, l] of envs(p)) if (!all.has(e)) all.set(e, l);
    const many = all.size >= 2;
    out.push(
      present(
        [P.pipelineOnly],
        many ? 'medium' : 'low',
        deploys,
        `pipelines deploy${many ? ` to ${[...all.keys()].join(', ')}` : ''}`,
      ),
    );
    if (many) {
      const conf = all.has('prod') ? 'high' : 'medium';
      out.push(
        present(
          [P.distinct],
          conf,
          [...all.values()],
          `pipelines target ${all.size} environments: ${[...all.keys()].join(', ')}`,
        ),
      );
    }
    for (const p of deployPipes) {
      const e = [...envs(p).keys()];
      const prodAt = e.indexOf('prod');
      const ordered =
        prodAt > 0 &&
        (p.system === 'jenkins' ||
          /^\s*(needs|dependsOn|depends_on)\s*:/m.test(p.text) ||
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
    return out;
  },
});
