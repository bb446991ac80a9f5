import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = { scanning: 'oe.2.automation.vulnerability-scanning', gate: 'oe.3.test-automation.security-gate' };
const TOOLS =
  /github\/codeql-action|\bcodeql\b|semgrep|sonarsource|sonar-scanner|SonarQube\w*@|SonarCloud\w*@|snyk\s+(test|code)|snyk\/actions|\bnpm\s+audit\b|\bpip-audit\b|\bsafety\s+check\b|dotnet\s+list\s+package\s+--vulnerable|govulncheck|\bbandit\b|microsoft\/security-devops-action|MicrosoftSecurityDevOps@|ossf\/scorecard-action|dependency-review-action|owasp\/dependency-check|dependency-check/i;

export default defineDetector({
  meta: {
    id: 'sast',
    title: 'Code and dependency scanning (CodeQL, SAST, audits)',
    practices: Object.values(P),
    group: 'vulnerability-scanning',
    docs: 'Looks in pipeline files for code and dependency scanners: CodeQL, Semgrep, SonarQube/SonarCloud, Snyk, npm audit, pip-audit, govulncheck, bandit, Microsoft Security DevOps, dependency review. Configuration files of these tools (.semgrep.yml, sonar-project.properties) count with lower confidence. A scan in a pipeline triggered by pull requests can block a change, hence medium for the security gate.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const inCi = grepPipelines(ps, TOOLS);
    const out: Claim[] = [];
    if (inCi.length) {
      out.push(present([P.scanning], 'high', inCi, 'code or dependencies are scanned in the pipeline'));
      const onPr = grepPipelines(
        ps.filter((p) => TOOLS.test(p.text) && /pull_request|^pr\s*:|merge_request/m.test(p.text)),
        TOOLS,
      );
      if (onPr.length) out.push(present([P.gate], 'medium', onPr, 'security scans run on pull requests'));
      return out;
    }
    const cfg: EvidenceLocation[] = [
      '.semgrep.yml',
      '.semgrep.yaml',
      'sonar-project.properties',
      '.snyk',
      '.github/codeql/codeql-config.yml',
    ]
      .filter((p) => repo.get(p))
      .map((file) => ({ file }));
    if (cfg.length)
      out.push(present([P.scanning], 'low', cfg, 'scanner configuration, but no pipeline step runs it'));
    return out;
  },
});
