import { defineDetector } from '../defineDetector.js';
import { azdHooks } from '../lib/azdHooks.js';
import { deployJobs } from '../lib/deploySteps.js';
import { lineOf, present } from '../lib/helpers.js';
import { grepPipelines, type Pipeline, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  perBranch: 'oe.5.ephemeral-environments.per-branch',
  teardown: 'oe.5.ephemeral-environments.auto-teardown',
  seeded: 'oe.5.ephemeral-environments.seeded',
};
const DYNAMIC_ENV =
  /^\s*(environment|name)\s*:\s*['"]?(review|preview|pr)[-/_][^\n]*(\$\{\{|\$CI_|\$\(|\$\{)|Azure\/static-web-apps-deploy@|^\s*name\s*:\s*['"]?[^\n]*\$\{\{\s*github\.(head_ref|event\.(number|pull_request\.number))/im;
const TEARDOWN =
  /terraform\s+destroy|az\s+group\s+delete|azd\s+down\b|kubectl\s+delete\s+(ns|namespace)\b|helm\s+(uninstall|delete)|action\s*:\s*['"]?close|^\s*on_stop\s*:|^\s*auto_stop_in\s*:|az\s+containerapp\s+(delete|revision\s+deactivate)|cdk\s+destroy|pulumi\s+destroy|skaffold\s+delete\b/im;
/** A cluster on the runner is a test harness, not an environment for the branch. */
const LOCAL =
  /kind\s+create\s+cluster|helm\/kind-action|engineerd\/setup-kind|minikube\s+start|k3d\s+cluster\s+create/i;
const SEED = /\bseed\b|db:seed|loaddata|fixtures|populate|import[-_ ]?data/i;
/** Loading sample data in a hook: seeding, fixtures, or uploading the documents an app serves. */
const HOOK_SEED = new RegExp(
  `${SEED.source}|upload[-_ ]?(documents|docs|data|files|samples?)|populat(e|ing)|\\bingest\\b|(sample|seed)[-_ ]?data`,
  'i',
);
/** A container's start script, and the commands in it that load fixtures on every start. */
const START_SCRIPTS = ['entrypoint.sh', 'docker-entrypoint.sh', 'start.sh', 'startup.sh', 'run.sh'];
const START_SEED = /manage\.py\s+loaddata|\bdb:seed\b|\bdb\s+seed\b|npm\s+run\s+seed\b|flask\s+seed\b/;
const TESTS =
  /\bsmoke\b|validate[-_]deployment|\be2e\b|playwright\s+test|cypress\s+run|\blocust\b|\bk6\s+run|newman\s+run|\bpytest\b/i;

/** Does the pipeline run on a schedule? */
function scheduled(p: Pipeline): boolean {
  if (p.system === 'github-actions')
    return /^\s+schedule\s*:/m.test(p.text.match(/^on\s*:[\s\S]*?^(?=\S)/m)?.[0] ?? '');
  return /^schedules\s*:|^\s*cron\s*:|\bcron\s*\(/m.test(p.text);
}

/** Does the pipeline run for pull or merge requests (directly, or after the pull-request CI)? */
function onChange(p: Pipeline): boolean {
  if (p.system === 'github-actions') {
    const on = p.text.match(/^on\s*:[\s\S]*?^(?=\S)/m)?.[0] ?? '';
    return (
      /\bpull_request(_target)?\b/.test(on) ||
      (/workflow_run/.test(on) && /workflow_run\.(event|pull_requests)/.test(p.text)) ||
      // A command in a pull request's comments (chat-ops, `/deploy`): the comment is on a pull request.
      (/\bissue_comment\b/.test(on) && /github\.event\.issue\.pull_request\b/.test(p.text))
    );
  }
  if (p.system === 'gitlab-ci')
    return /merge_request_event|\$CI_MERGE_REQUEST_IID|^\s+-\s*merge_requests\b/m.test(p.text);
  if (p.system === 'azure-pipelines') return /^pr\s*:/m.test(p.text);
  // Cloud Build: triggers live outside the file, but only pull-request triggers fill these in.
  return /\$\{?_(PR_NUMBER|HEAD_BRANCH)\b/.test(p.text);
}

export default defineDetector({
  meta: {
    id: 'preview-environments',
    title: 'Preview environments per branch',
    practices: Object.values(P),
    docs: 'Looks in pipeline files for environments created per pull request or branch: GitLab review apps (environment review/$CI_COMMIT_REF_SLUG), GitHub jobs whose environment name carries the pull request number or branch, Azure Static Web Apps preview deployments, and jobs of pull-request pipelines that deploy (to a real target, not a kind cluster on the runner). Teardown on close (on_stop, auto_stop_in, a workflow on pull_request closed that destroys resources) or at the end of the creating job counts as automatic teardown, and so does a scheduled pipeline that destroys environments where branch environments are made. A command in a comment on a pull request (chat-ops) that deploys makes an environment for the change too. Seed scripts (high) or test runs (medium) after the deploy in the creating job show environments that start ready for tests; so do azd hooks (post-provision, post-deploy, post-up) that seed, populate or upload sample data, since azd makes an environment on demand, and, in an azd project, a container start script that loads fixtures (manage.py loaddata, db:seed).',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const out: Claim[] = [];
    const named = grepPipelines(ps, DYNAMIC_ENV);
    const prDeploys = deployJobs(ps.filter(onChange)).filter((j) => !LOCAL.test(j.job.text));
    const perBranch: EvidenceLocation[] = [...named, ...prDeploys.map((j) => j.at[0] as EvidenceLocation)];
    if (perBranch.length)
      out.push(
        present(
          [P.perBranch],
          named.length ? 'high' : 'medium',
          perBranch,
          named.length
            ? 'pipelines create an environment per pull request or branch'
            : 'pull-request pipelines deploy an environment for the change',
        ),
      );
    const closers = ps.filter((p) =>
      /types\s*:\s*\[?[^\n]*closed|^\s*-\s*closed\b|on_stop\s*:|auto_stop_in\s*:|action\s*:\s*['"]?close/m.test(
        p.text,
      ),
    );
    const td = grepPipelines(closers, TEARDOWN);
    // A scheduled clean-up that destroys what is left of branch environments.
    if (perBranch.length)
      td.push(
        ...grepPipelines(ps.filter(scheduled), TEARDOWN).filter((l) => !td.some((t) => t.file === l.file)),
      );
    // The creating job tears its environment down when it is done.
    for (const j of prDeploys) {
      const after = j.job.text.split('\n').slice((j.at[0]?.line ?? 0) - j.job.line);
      const line = lineOf(after.join('\n'), TEARDOWN);
      if (line) td.push({ file: j.pipeline.file, line: (j.at[0]?.line ?? 0) + line - 1 });
    }
    if (td.length)
      out.push(
        present(
          [P.teardown],
          'high',
          td,
          'temporary environments are destroyed when the change closes or by a scheduled clean-up',
        ),
      );
    const seeded: EvidenceLocation[] = [];
    let seeds = false;
    for (const j of prDeploys) {
      const start = (j.at[0]?.line ?? 0) - j.job.line;
      const after = j.job.text.split('\n').slice(start).join('\n');
      const s = lineOf(after, SEED);
      const t = lineOf(after, TESTS);
      if (s) seeds = true;
      const hit = s ?? t;
      if (hit) seeded.push({ file: j.pipeline.file, line: start + j.job.line + hit - 1 });
    }
    // An azd environment is made on demand (`azd env new`, `azd up`): a hook that loads data
    // into it seeds every environment created that way.
    if (!seeded.length) {
      for (const h of await azdHooks(repo)) {
        if (!/^(pre|post)(provision|deploy|up)$/.test(h.name)) continue;
        let hit = HOOK_SEED.test(h.command);
        for (const s of h.scripts) if (!hit) hit = HOOK_SEED.test((await repo.read(s)) ?? '');
        if (hit) seeded.push(h.at);
      }
      // A container that loads its fixtures when it starts seeds every azd environment too.
      if (!seeded.length && repo.byName('azure.yaml').some((f) => f.path.split('/').length <= 2))
        for (const f of START_SCRIPTS.flatMap((n) => repo.byName(n))) {
          const line = lineOf((await repo.read(f.path)) ?? '', START_SEED);
          if (line) seeded.push({ file: f.path, line });
        }
      if (seeded.length) seeds = true;
    }
    if (seeded.length)
      out.push(
        present(
          [P.seeded],
          seeds ? 'high' : 'medium',
          seeded,
          seeds
            ? 'the workflow or azd hook that creates an environment loads sample data into it'
            : 'the creating workflow runs tests against the new environment',
        ),
      );
    return out;
  },
});
