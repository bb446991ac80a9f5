import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import { sharedSteps } from '../lib/sharedSteps.js';
import type { Claim, EvidenceLocation } from '../types.js';

/** A shared step named for scanning, or handed a scanner's credentials. */
const SCAN_NAME = /(^|[-_.])(scan|scanning|snyk|trivy|codeql|sast|veracode|checkmarx)([-_.]|$)/i;
const SCANNER_INPUT = /^(snyk|sonar|trivy|veracode|checkmarx|mend|whitesource)[-_]?(token|key|api[-_]?key)$/i;

const P = {
  scanning: 'oe.2.automation.vulnerability-scanning',
  gate: 'oe.3.test-automation.security-gate',
  evaluated: 'oe.1.security.scanning-evaluated',
};
const TOOLS =
  /github\/codeql-action|\bcodeql\b|semgrep|sonarsource|sonar-scanner|SonarQube\w*@|SonarCloud\w*@|snyk\s+(test|code)|snyk\/actions|\bnpm\s+audit\b|\bpip-audit\b|\bsafety\s+check\b|dotnet\s+list\s+package\s+--vulnerable|govulncheck|\bbandit\b|microsoft\/security-devops-action|MicrosoftSecurityDevOps@|ossf\/scorecard-action|dependency-review-action|owasp\/dependency-check|dependency-check|osv-scanner|\btfsec\b|checkov|\bzizmor\b/i;
/**
 * Scanners that fail the job on a finding by default. CodeQL, Scorecard and zizmor upload SARIF
 * results: they inform, and block only through host settings the files do not show.
 */
const FAILS_BUILD =
  /semgrep\s+(ci|scan\b.*--error)|sonar\.qualitygate\.wait=true|snyk\s+(test|code)|snyk\/actions|\bnpm\s+audit\b|\bpip-audit\b|\bsafety\s+check\b|govulncheck|\bbandit\b|dependency-review-action|owasp\/dependency-check|osv-scanner|\btfsec\b|checkov/i;

/** Configuration files of scanners, found by name. */
const CONFIG_FILES = [
  '.semgrep.yml',
  '.semgrep.yaml',
  'sonar-project.properties',
  '.snyk',
  '.bandit',
  '.safety-policy.yml',
  'osv-scanner.toml',
  '.tfsec.yml',
  '.checkov.yml',
  '.checkov.yaml',
];

export default defineDetector({
  meta: {
    id: 'sast',
    title: 'Code and dependency scanning (CodeQL, SAST, audits)',
    practices: Object.values(P),
    group: 'vulnerability-scanning',
    docs: 'Looks in pipeline files for code and dependency scanners: CodeQL, Semgrep, SonarQube/SonarCloud, Snyk, npm audit, pip-audit, govulncheck, bandit, osv-scanner, tfsec/Checkov, Microsoft Security DevOps, dependency review. A scanner in a pipeline shows the team has tried it (and runs it); only scanners that fail the job on a finding, run on pull requests, count as a gate (CodeQL and Scorecard upload results and block only through host settings). A shared step of the organisation (an action or reusable workflow of another repository) named for scanning or handed a scanner token on pull requests shows scanning and a gate at low confidence. Configuration files of these tools (sonar-project.properties, .semgrep.yml, osv-scanner.toml, a Sonar build plugin) without a pipeline step show a scanner was evaluated, not that it runs.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const inCi = grepPipelines(ps, TOOLS);
    const out: Claim[] = [];
    if (inCi.length) {
      out.push(present([P.scanning], 'high', inCi, 'code or dependencies are scanned in the pipeline'));
      out.push(present([P.evaluated], 'high', inCi, 'a vulnerability scanner is configured and run'));
      const onPr = grepPipelines(
        ps.filter((p) => FAILS_BUILD.test(p.text) && /pull_request|^pr\s*:|merge_request/m.test(p.text)),
        FAILS_BUILD,
      );
      if (onPr.length)
        out.push(present([P.gate], 'medium', onPr, 'a scanner that fails on findings runs on pull requests'));
      return out;
    }
    // An organisation's shared build or scan step handed a scanner's token, on pull requests: the
    // scan runs inside it, though whether a finding fails the job is in the other repository.
    const handed = ps.flatMap((p) =>
      /pull_request|merge_request/.test(p.text)
        ? sharedSteps(p.text)
            .filter((s) => SCAN_NAME.test(s.name) || [...s.inputs.keys()].some((k) => SCANNER_INPUT.test(k)))
            .map((s) => ({ file: p.file, line: s.line }))
        : [],
    );
    if (handed.length) {
      out.push(
        present(
          [P.scanning, P.gate],
          'low',
          handed.slice(0, 5),
          "an organisation's shared step scans the code or image on pull requests; whether findings fail it is not visible here",
        ),
      );
      return out;
    }
    const cfg: EvidenceLocation[] = [
      ...CONFIG_FILES.flatMap((n) => repo.byName(n)).map((f) => ({ file: f.path })),
      ...repo.glob('.github/codeql/*.{yml,yaml}').map((f) => ({ file: f.path })),
    ];
    const plugins = await grepFiles(
      repo,
      [...repo.byName('pom.xml'), ...repo.byName('build.gradle'), ...repo.byName('build.gradle.kts')],
      /<artifactId>sonar-maven-plugin<|org\.sonarqube|dependency-check-(maven|gradle)|org\.owasp\.dependencycheck/,
    );
    cfg.push(...plugins.map(loc));
    if (cfg.length)
      out.push(
        present(
          [P.evaluated],
          'medium',
          cfg,
          'scanner configuration in the repository, but no pipeline step runs it',
        ),
      );
    return out;
  },
});
