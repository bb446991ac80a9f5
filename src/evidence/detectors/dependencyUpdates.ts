import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  scanning: 'oe.2.automation.vulnerability-scanning',
  evaluated: 'oe.1.security.scanning-evaluated',
  patching: 'oe.4.maintenance-automation.patching',
};

// Updates to these keep the platform itself patched (base images, charts, providers), not only
// the application's libraries. Dependabot names them as ecosystems, Renovate as managers.
const DEPENDABOT_PLATFORM = /package-ecosystem\s*:\s*["']?(?:docker|docker-compose|helm|terraform)["']?\s*$/m;
const RENOVATE_PLATFORM =
  /["']?(?:dockerfile|docker-compose|kubernetes|helm-values|helmv3|terraform|argocd|flux)["']?\s*[:,\]]|matchDatasources["']?\s*:\s*\[[^\]]*["']docker["']/;

/** Authors of the pull requests that security-update services open on their own. */
const SECURITY_BOT = /^(dependabot(-preview)?\[bot\]|snyk-bot)$/i;

/**
 * With no configuration, Dependabot opens only security updates (switched on in the host's
 * settings), so its commits in the history show alerts that were raised and acted on; a stream of
 * them shows the scanning is on. Snyk's bot commits the same way.
 */
async function fromHistory(repo: RepoView): Promise<Claim[]> {
  const bots =
    (await repo.gitHistory())?.commits.filter((c) => c.author && SECURITY_BOT.test(c.author)) ?? [];
  if (!bots.length) return [];
  const who = [...new Set(bots.map((c) => c.author))].join(', ');
  const where = [{ file: '.git' }];
  const out = [
    present(
      [P.evaluated],
      'low',
      where,
      `${plural(bots.length, 'security update')} by ${who} merged (no configuration file: switched on in the host's settings)`,
    ),
  ];
  if (bots.length >= 3)
    out.push(
      present(
        [P.scanning],
        'low',
        where,
        `dependencies are scanned for vulnerabilities: ${bots.length} updates by ${who} in the history`,
      ),
    );
  return out;
}

export default defineDetector({
  meta: {
    id: 'dependency-updates',
    title: 'Automated dependency updates (Dependabot, Renovate)',
    practices: Object.values(P),
    group: 'vulnerability-scanning',
    docs: 'Looks for .github/dependabot.yml with update entries, and Renovate configuration (renovate.json, .renovaterc, .github/renovate.json5, or a "renovate" key in package.json). Both flag outdated and vulnerable dependencies, and a configuration shows the team has taken a dependency scanner on. When the configuration names container images, charts or Terraform (Dependabot ecosystems docker, docker-compose, helm, terraform; Renovate managers such as dockerfile, kubernetes, helm-values), routine platform patching runs automatically too, as a partial claim: base images stay current, hosts may not. Application libraries alone are not patching. Without a configuration, commits by dependabot[bot] or snyk-bot in the history are security updates the host opened and the team merged: one shows findings acted on, three or more show scanning that runs (low). They do not track end-of-life dates of runtimes or platform services, so they say nothing about lifecycle tracking.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const tools: string[] = [];
    const dep = await grepFiles(
      repo,
      [repo.get('.github/dependabot.yml'), repo.get('.github/dependabot.yaml')].filter(
        (f) => f !== undefined,
      ),
      /package-ecosystem\s*:/,
    );
    if (dep.length) {
      tools.push('Dependabot');
      locs.push(...dep.map(loc));
    }
    const renovateFiles = [
      'renovate.json',
      'renovate.json5',
      '.renovaterc',
      '.renovaterc.json',
      '.github/renovate.json',
      '.github/renovate.json5',
      '.gitlab/renovate.json',
    ]
      .map((p) => repo.get(p))
      .filter((f) => f !== undefined);
    const ren = await grepFiles(repo, renovateFiles, /\{/);
    const pkg = await grepFiles(
      repo,
      [repo.get('package.json')].filter((f) => f !== undefined),
      /^\s*"renovate"\s*:/m,
    );
    if (ren.length || pkg.length) {
      tools.push('Renovate');
      locs.push(...ren.map(loc), ...pkg.map(loc));
    }
    if (!locs.length) return fromHistory(repo);
    const platform = [
      ...(await grepFiles(
        repo,
        [repo.get('.github/dependabot.yml'), repo.get('.github/dependabot.yaml')].filter(
          (f) => f !== undefined,
        ),
        DEPENDABOT_PLATFORM,
      )),
      ...(await grepFiles(repo, renovateFiles, RENOVATE_PLATFORM)),
    ];
    const patching = platform.length
      ? [
          present(
            [P.patching],
            'low',
            platform.map(loc),
            `${tools.join(' and ')} updates container images or platform modules`,
          ),
        ]
      : [];
    return [
      ...patching,
      present([P.scanning], 'medium', locs, `${tools.join(' and ')} keeps dependencies up to date`),
      present([P.evaluated], 'medium', locs, `${tools.join(' and ')} is configured for the repository`),
    ];
  },
});
