import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { infraTests: 'oe.3.testing.infrastructure-tests' };

const VALIDATE =
  /terraform\s+(?:-chdir[= ]\S+\s+)?(validate|plan|fmt\s+-check)|\btflint\b|\bcheckov\b|\btfsec\b|trivy\s+config|\bterrascan\b|what-if|bicep\s+(build|lint)|\bPSRule|ps-rule|arm-ttk|Test-AzTemplate|\bkubeconform\b|\bkubeval\b|helm\s+lint|\bcfn-lint\b|\bcfn_nag|pulumi\s+preview|\bconftest\b|ansible-lint|TerraformTaskV\d@[\s\S]{0,200}command:\s*['"]?(validate|plan)/i;

export default defineDetector({
  meta: {
    id: 'iac-validation',
    title: 'Infrastructure validation in CI',
    practices: Object.values(P),
    docs: 'Looks in pipeline files for steps that validate infrastructure code before it is applied: terraform validate/plan, tflint, checkov, tfsec, az what-if, bicep build/lint, PSRule, arm-ttk, kubeconform, helm lint, cfn-lint, pulumi preview, conftest. Terratest suites and Bicep linter settings (bicepconfig.json) count with lower confidence when no pipeline runs a check.',
  },
  async detect(repo) {
    const inCi = grepPipelines(await pipelines(repo), VALIDATE);
    if (inCi.length)
      return [present([P.infraTests], 'high', inCi, 'infrastructure code is validated in the pipeline')];
    const terratest = await grepFiles(
      repo,
      repo.glob('**/*_test.go'),
      /github\.com\/gruntwork-io\/terratest/,
    );
    const lintCfg = await grepFiles(repo, repo.byName('bicepconfig.json'), /"linter"/);
    const other = [...terratest.map(loc), ...lintCfg.map(loc)];
    if (other.length)
      return [
        present(
          [P.infraTests],
          'medium',
          other,
          'infrastructure tests or linter rules, not seen in a pipeline',
        ),
      ];
    return [];
  },
});
