/**
 * What in a pipeline deploys: the commands, actions and tasks of the mainstream deploy tools, and
 * whether a deploying job targets a throwaway environment (a kind cluster, a namespace per pull
 * request) rather than a shared one.
 */
import type { EvidenceLocation } from '../types.js';
import { type Job, jobsOf, type Pipeline } from './pipelines.js';
import { sharedUses } from './sharedSteps.js';

/** A shared action or reusable workflow of another repository named for deploying (not docs or pages). */
export const SHARED_DEPLOY = sharedUses('deploy|rollout|promote', 'docs|pages|storybook');

/** A CircleCI workflow entry running an orb's job named for deploying (`- hmpps/deploy_env:`). */
export const ORB_DEPLOY = /^\s*-\s*[\w-]+\/(?:[\w-]*[-_])?(?:deploy|rollout|promote)(?:[-_][\w-]*)?\s*:\s*$/m;

/** A line that deploys (not one that only builds, plans or validates). */
export const DEPLOY = new RegExp(
  [
    String.raw`\bazd\s+(up|deploy|provision)\b`,
    String.raw`\baz\s+(deployment\s+(group|sub|mg|tenant)\s+create|webapp\s+(deploy|up|create)|functionapp\s+deployment|containerapp\s+(up|update|create)|staticwebapp\s+create|acr\s+build|aks\s+command)\b`,
    String.raw`\bterraform\s+(?:-chdir[= ]\S+\s+)?apply\b|\bterragrunt\s+(run-all\s+)?apply\b|\btofu\s+apply\b`,
    String.raw`\bkubectl\s+(apply|rollout\s+restart|set\s+image)\b`,
    String.raw`\bhelm\s+(upgrade|install)\b|\bhelmfile\s+(apply|sync)\b|helmfile-args\s*:\s*['"]?(apply|sync)\b`,
    String.raw`\bskaffold\s+(run|deploy)\b`,
    String.raw`\bgcloud\s+(run\s+deploy|deploy\s+releases\s+create|app\s+deploy|functions\s+deploy|builds\s+submit)\b`,
    String.raw`\baws\s+(ecs\s+update-service|cloudformation\s+(deploy|create-stack|update-stack)|lambda\s+update-function-code|deploy\s+create-deployment)\b`,
    String.raw`\b(cdk|sam|serverless|sls)\s+deploy\b|\bpulumi\s+up\b|\bflyctl\s+deploy\b|\bvercel\s+(deploy\s+)?--prod\b`,
    String.raw`\bargocd\s+app\s+sync\b|\bflux\s+reconcile\b`,
    // Handing the new image to a manifests (GitOps) repository that deploys it.
    String.raw`\/repos\/[\w.-]+\/[\w.-]*(manifest|gitops|deploy|infra|k8s|helm|argo)[\w.-]*\/dispatches\b`,
    String.raw`azure\/(webapps|functions|container-apps|aks-set-context|arm|static-web-apps)-deploy|Azure\/(k8s-deploy|webapps-deploy)`,
    String.raw`google-github-actions\/deploy-(cloudrun|appengine|cloud-functions)|aws-actions\/amazon-ecs-deploy-task-definition`,
    String.raw`Azure(WebApp|FunctionApp|RmWebAppDeployment|ResourceManagerTemplateDeployment|ContainerApps|CLI)@[\s\S]{0,400}?\b(deployment\s+group\s+create|azd\s+(up|deploy|provision))|Azure(WebApp|FunctionApp|RmWebAppDeployment|ResourceManagerTemplateDeployment|ContainerApps)@|KubernetesManifest@[\s\S]{0,80}action\s*:\s*deploy|HelmDeploy@`,
    String.raw`^\s*-\s*deployment\s*:`,
    // Jenkins shared-library steps whose name says what they apply (jenkins-infra's `terraform(...)`).
    String.raw`^\s*(terraform|helmfile|kubernetesDeploy|deployToKubernetes)\s*\(`,
    // An organisation's shared action or workflow named for deploying, or a CircleCI orb's job.
    SHARED_DEPLOY.source,
    ORB_DEPLOY.source,
  ].join('|'),
  'im',
);

/** A namespace or environment made for one pull or merge request (a real cluster, a short life). */
export const PER_CHANGE =
  /\bpr-?\$\{?\{?\s*_?(PR_NUMBER|github\.event\.(number|pull_request\.number))|NAMESPACE=["']?pr\$|\$CI_MERGE_REQUEST_IID|review\/\$CI_COMMIT_REF_SLUG/i;
/** A job that runs against a cluster made on the runner, or a namespace made for this change only. */
const THROWAWAY = new RegExp(
  `kind\\s+create\\s+cluster|helm\\/kind-action|engineerd\\/setup-kind|minikube\\s+start|k3d\\s+cluster\\s+create|${PER_CHANGE.source}`,
  'i',
);

export interface DeployJob {
  pipeline: Pipeline;
  job: Job;
  /** Locations of the deploy lines in the job (up to three). */
  at: EvidenceLocation[];
  throwaway: boolean;
  /** Every deploy line is a shared step known only by its name. */
  byName: boolean;
}

function onlyPullRequests(p: Pipeline): boolean {
  const on = p.text.match(/^on\s*:[\s\S]*?^(?=\S)/m)?.[0] ?? '';
  return (
    /pull_request|workflow_run/.test(on) && !/\bpush\s*:|workflow_dispatch|schedule|release\s*:/.test(on)
  );
}

/** Every job of every pipeline that deploys, with where and whether its target is throwaway. */
export function deployJobs(ps: readonly Pipeline[]): DeployJob[] {
  const out: DeployJob[] = [];
  for (const p of ps) {
    const prOnly = p.system === 'github-actions' && onlyPullRequests(p);
    for (const job of jobsOf(p)) {
      const lines = job.text.split('\n');
      const at: EvidenceLocation[] = [];
      let named = 0;
      // Matched on the text from each line on, so task blocks spread over lines still count.
      lines.forEach((l, i) => {
        if (at.length >= 3 || /^\s*#/.test(l)) return;
        const m = DEPLOY.exec(lines.slice(i, i + 8).join('\n'));
        if (m && m.index < l.length + 1 && l.trim() !== '') {
          at.push({ file: p.file, line: job.line + i });
          if (
            (SHARED_DEPLOY.test(l) || ORB_DEPLOY.test(l)) &&
            !DEPLOY.test(l.replace(SHARED_DEPLOY, '').replace(ORB_DEPLOY, ''))
          )
            named++;
        }
      });
      if (at.length)
        out.push({
          pipeline: p,
          job,
          at,
          throwaway: prOnly || THROWAWAY.test(job.text),
          byName: named === at.length,
        });
    }
  }
  return out;
}
