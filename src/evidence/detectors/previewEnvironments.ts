import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim } from '../types.js';

const P = {
  perBranch: 'oe.5.ephemeral-environments.per-branch',
  teardown: 'oe.5.ephemeral-environments.auto-teardown',
};
const DYNAMIC_ENV =
  /^\s*(environment|name)\s*:\s*['"]?(review|preview|pr)[-/_][^\n]*(\$\{\{|\$CI_|\$\(|\$\{)|Azure\/static-web-apps-deploy@|^\s*name\s*:\s*['"]?[^\n]*\$\{\{\s*github\.(head_ref|event\.(number|pull_request\.number))/im;
const TEARDOWN =
  /terraform\s+destroy|az\s+group\s+delete|kubectl\s+delete\s+(ns|namespace)|helm\s+(uninstall|delete)|action\s*:\s*['"]?close|^\s*on_stop\s*:|^\s*auto_stop_in\s*:|az\s+containerapp\s+(delete|revision\s+deactivate)/im;

export default defineDetector({
  meta: {
    id: 'preview-environments',
    title: 'Preview environments per branch',
    practices: Object.values(P),
    docs: 'Looks in pipeline files for environments created per pull request or branch: GitLab review apps (environment review/$CI_COMMIT_REF_SLUG), GitHub jobs whose environment name carries the pull request number or branch, Azure Static Web Apps preview deployments. Teardown on close (on_stop, auto_stop_in, a workflow on pull_request closed that destroys resources) counts as automatic teardown.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const perBranch = grepPipelines(ps, DYNAMIC_ENV);
    const out: Claim[] = [];
    if (perBranch.length)
      out.push(
        present(
          [P.perBranch],
          'high',
          perBranch,
          'pipelines create an environment per pull request or branch',
        ),
      );
    const closers = ps.filter((p) =>
      /types\s*:\s*\[?[^\n]*closed|^\s*-\s*closed\b|on_stop\s*:|auto_stop_in\s*:|action\s*:\s*['"]?close/m.test(
        p.text,
      ),
    );
    const td = grepPipelines(closers, TEARDOWN);
    if (td.length)
      out.push(
        present([P.teardown], 'high', td, 'temporary environments are destroyed when the change closes'),
      );
    return out;
  },
});
