import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { approvers: 'oe.3.approvals.production-approvers' };

export default defineDetector({
  meta: {
    id: 'approvals',
    title: 'Manual approvals in pipelines',
    practices: Object.values(P),
    docs: 'Looks for approval gates written in pipeline files: Azure Pipelines ManualValidation tasks, manual GitLab jobs that deploy to production, Jenkins input steps, approval actions in GitHub workflows, Cloud Build triggers and Cloud Deploy targets that require approval in Terraform or Cloud Deploy YAML (high). A GitHub job bound to a production environment is reported with low confidence: its reviewers are set in the repository settings, which no file shows.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const strong = grepPipelines(
      ps,
      /ManualValidation@|\binput\s*(\(|message\s*:)|trstringer\/manual-approval|manual-approval@/i,
    );
    // GitLab: a manual job counts when it deploys to production, not when it is, say, a teardown.
    for (const p of ps.filter((x) => x.system === 'gitlab-ci')) {
      const lines = p.text.split('\n');
      lines.forEach((l, i) => {
        if (!/^\s+when\s*:\s*manual\b/.test(l)) return;
        let start = i;
        while (start > 0 && !/^\S/.test(lines[start] as string)) start--;
        let end = i;
        while (end + 1 < lines.length && !/^\S/.test(lines[end + 1] as string)) end++;
        const job = lines.slice(start, end + 1).join('\n');
        if (/environment\s*:[\s\S]*?\b(prod|production|prd)\b/i.test(job) && !/action\s*:\s*stop/.test(job))
          strong.push({ file: p.file, line: i + 1 });
      });
    }
    // Delivery services whose approval setting lives in IaC or their own config: Cloud Build triggers
    // (approval_config), Cloud Deploy targets (require_approval / requireApproval).
    const declared = await grepFiles(
      repo,
      repo.byExt('.tf', '.yaml', '.yml'),
      /^\s*(approval_required\s*=\s*(true|var\.\w+)|require_approval\s*=\s*(true|var\.\w+)|requireApproval\s*:\s*true)\b/m,
    );
    strong.push(...declared.map(loc));
    if (strong.length)
      return [
        present([P.approvers], 'high', strong, 'an approval gate is written in the pipeline or its IaC'),
      ];
    const envBound = grepPipelines(
      ps.filter((p) => p.system === 'github-actions' || p.system === 'azure-pipelines'),
      /^\s*environment\s*:\s*['"]?(prod|production|prd)\b|^\s*name\s*:\s*['"]?(prod|production|prd)\b/im,
    );
    if (envBound.length) {
      return [
        present(
          [P.approvers],
          'low',
          envBound,
          'jobs deploy to a production environment whose approvers are configured outside the repository',
        ),
      ];
    }
    return [];
  },
});
