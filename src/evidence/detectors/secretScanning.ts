import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { EvidenceLocation } from '../types.js';

const P = { noSecrets: 'oe.1.security.no-committed-secrets' };
const TOOLS = /gitleaks|detect-secrets|trufflehog|ggshield|git-secrets|secretlint|CredScan|talisman/i;

export default defineDetector({
  meta: {
    id: 'secret-scanning',
    title: 'Secret scanning configuration',
    practices: Object.values(P),
    docs: 'Looks for secret scanners set up in the repository: gitleaks (.gitleaks.toml), detect-secrets (.secrets.baseline), trufflehog, ggshield, secretlint, in pre-commit hooks or pipeline steps, and GitHub secret scanning settings (.github/secret_scanning.yml). GitHub push protection configured in the settings cannot be seen from files.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    for (const p of [
      '.gitleaks.toml',
      'gitleaks.toml',
      '.secrets.baseline',
      '.github/secret_scanning.yml',
      '.secretlintrc.json',
      '.talismanrc',
      '.gitguardian.yaml',
    ]) {
      if (repo.get(p)) locs.push({ file: p });
    }
    const hooks = await grepFiles(
      repo,
      [repo.get('.pre-commit-config.yaml'), repo.get('.husky/pre-commit'), repo.get('lefthook.yml')].filter(
        (f) => f !== undefined,
      ),
      TOOLS,
    );
    locs.push(...hooks.map(loc));
    const ci = grepPipelines(await pipelines(repo), TOOLS);
    locs.push(...ci);
    if (!locs.length) return [];
    return [
      present(
        [P.noSecrets],
        ci.length || hooks.length ? 'high' : 'medium',
        locs,
        ci.length
          ? 'secrets are scanned in the pipeline'
          : hooks.length
            ? 'secrets are scanned by a pre-commit hook'
            : 'secret scanner configuration',
      ),
    ];
  },
});
