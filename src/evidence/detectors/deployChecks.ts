import { defineDetector } from '../defineDetector.js';
import { DEPLOY, PER_CHANGE } from '../lib/deploySteps.js';
import { present } from '../lib/helpers.js';
import { type Job, jobsOf, type Pipeline, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  stageChecks: 'oe.3.test-automation.stage-checks',
  testEnv: 'oe.3.testing.dedicated-test-environments',
  e2e: 'oe.4.safe-deployment.end-to-end-suite',
  validation: 'oe.4.build-optimization.automated-validation',
};

/** Checks run against something deployed: waits on rollout, smoke and health checks, test suites. */
const CHECK =
  /kubectl\s+(wait|rollout\s+status)|helm\s+test|\bsmoke\b|\bhealth(z|check)?\b|curl\s[^\n]*(health|ready|status)|validate[-_]deployment|\be2e\b|playwright\s+test|cypress\s+run|newman\s+run|locust\b[^\n]*--headless|\bk6\s+run|\bpytest\b|\b(npm|yarn|pnpm)\s+(run\s+)?test|skaffold\s+verify\b|curl\s[^\n]*--fail\b/i;
/** End-to-end suites run by a pipeline. */
const E2E =
  /playwright\s+test|cypress\s+run|cypress-io\/github-action|\bselenium\b|\b(npm|yarn|pnpm)\s+(run\s+)?[\w:-]*\be2e\b[\w:-]*|\bmake\s+[\w-]*e2e|[\w/.-]*\be2e[\w.-]*\.sh\b|helm\s+test|newman\s+run|testcafe\s|\bwdio\s+run/i;
/** A job standing up an environment of its own for the run. */
const OWN_ENV =
  /kind\s+create\s+cluster|helm\/kind-action|engineerd\/setup-kind|minikube\s+start|k3d\s+cluster\s+create|docker[\s-]compose\b[^\n]*\bup\b/i;
const MANUAL = /ManualValidation@|^\s+when\s*:\s*manual\b|\binput\s*(\(|message\s*:)/m;
const TEST_ENV_NAME =
  /^\s*(?:-\s*)?environment\s*:\s*(?:\[[\w\s,'"-]*?)?['"]?[\w-]*(test|qa|staging|stage|uat|perf|preprod|pre-prod)\b/im;

interface Found {
  line: number;
  file: string;
}

function firstLine(p: Pipeline, job: Job, re: RegExp, after = -1): Found | undefined {
  const lines = job.text.split('\n');
  for (let i = after + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (/^\s*#/.test(l)) continue;
    if (re.test(l)) return { line: job.line + i, file: p.file };
  }
  return undefined;
}

const at = (f: Found): EvidenceLocation => ({ file: f.file, line: f.line });

/** The deploy line itself, when what it calls checks after it deploys (`⟦… terraform apply … rspec spec/smoke⟧`). */
function checkedOnLine(job: Job, dep: Found): Found | undefined {
  const line = job.text.split('\n')[dep.line - job.line] ?? '';
  const spelt = line.indexOf('⟦');
  if (spelt < 0) return undefined;
  const deployAt = DEPLOY.exec(line.slice(spelt))?.index;
  return deployAt !== undefined && CHECK.test(line.slice(spelt + deployAt + 1)) ? dep : undefined;
}

export default defineDetector({
  meta: {
    id: 'deploy-checks',
    title: 'Checks after deployments, end-to-end suites in pipelines',
    practices: Object.values(P),
    docs: 'Reads pipeline jobs in order. A deployment to a test, staging or other pre-production environment (a namespace made for the pull request on a real cluster included) followed (in the job, or in a job that needs it) by rollout waits, smoke or health checks (curl --fail, skaffold verify) or a test suite (also inside a composite action or script that deploys, after its deploy step) shows stage checks and a dedicated test environment; a kind cluster or compose stack on the runner is a test harness, not such an environment. A deployment followed by checks, or an environment stood up and then exercised by an end-to-end suite, shows automated release validation when the pipeline has no manual gate. Playwright, Cypress, Selenium, Newman, helm test or an e2e script run by a pipeline is an end-to-end suite.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const checks: EvidenceLocation[] = [];
    const envs: EvidenceLocation[] = [];
    const e2e: EvidenceLocation[] = [];
    const auto: EvidenceLocation[] = [];
    for (const p of ps) {
      const jobs = jobsOf(p);
      const manual = MANUAL.test(p.text);
      for (const job of jobs) {
        const dep = firstLine(p, job, DEPLOY);
        const own = firstLine(p, job, OWN_ENV);
        const suite = firstLine(p, job, E2E);
        if (suite) e2e.push(at(suite));
        const start = [dep, own].filter((x): x is Found => !!x).sort((a, b) => a.line - b.line)[0];
        // A call that deploys and then checks (a composite action or script spelt onto its line).
        let check = start
          ? (firstLine(p, job, CHECK, start.line - job.line) ?? checkedOnLine(job, start))
          : undefined;
        if (start && !check) {
          const next = jobs.find((j) => j.needs.includes(job.name) && CHECK.test(j.text));
          if (next) check = firstLine(p, next, CHECK);
        }
        // A cluster or compose stack on the runner is a test harness, not a pre-production environment.
        const shared = dep && !own;
        // A namespace made for the pull request on a real cluster is a pre-production environment.
        const preProd = shared && (TEST_ENV_NAME.test(job.text) || PER_CHANGE.test(job.text));
        if (preProd && check) {
          checks.push(at(dep), at(check));
          envs.push(at(dep), at(check));
        }
        const suiteAfter = start && firstLine(p, job, E2E, start.line - job.line);
        if (!manual && ((shared && check) || suiteAfter)) auto.push(at(suiteAfter || (check as Found)));
      }
    }
    const out: Claim[] = [];
    if (checks.length)
      out.push(present([P.stageChecks], 'medium', checks, 'deployments are followed by automated checks'));
    if (envs.length)
      out.push(
        present(
          [P.testEnv],
          'medium',
          envs,
          'pipelines deploy to a test or staging environment and run tests there',
        ),
      );
    if (e2e.length) out.push(present([P.e2e], 'medium', e2e, 'a pipeline runs an end-to-end test suite'));
    if (auto.length)
      out.push(
        present(
          [P.validation],
          'medium',
          auto,
          'test deployments and their checks run as pipeline jobs without manual steps',
        ),
      );
    return out;
  },
});
