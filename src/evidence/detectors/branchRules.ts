import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { protection: 'oe.1.source-control.branch-protection' };

export default defineDetector({
  meta: {
    id: 'branch-rules',
    title: 'Branch rules as code',
    practices: Object.values(P),
    docs: 'Looks for branch protection kept in files: the settings app (.github/settings.yml with branches and required reviews), exported rulesets (.github/rulesets/*.json), and Terraform resources of the GitHub, GitLab or Azure DevOps providers (github_branch_protection, github_repository_ruleset, gitlab_branch_protection, azuredevops_branch_policy_*). Rules set only in the web UI cannot be seen.',
  },
  async detect(repo) {
    const settings = await grepFiles(
      repo,
      [repo.get('.github/settings.yml')].filter((f) => f !== undefined),
      /^\s*(required_pull_request_reviews|required_approving_review_count|protection)\s*:/m,
    );
    const rulesets = await grepFiles(
      repo,
      repo.glob('.github/rulesets/*.json'),
      /"(pull_request|required_status_checks)"/,
    );
    const tf = await grepFiles(
      repo,
      repo.byExt('.tf'),
      /resource\s+"(github_branch_protection(_v3)?|github_repository_ruleset|gitlab_branch_protection|azuredevops_branch_policy_\w+)"/,
    );
    const locs = [...settings, ...rulesets, ...tf].map(loc);
    if (!locs.length) return [];
    return [present([P.protection], 'high', locs, 'branch protection rules are kept as code')];
  },
});
