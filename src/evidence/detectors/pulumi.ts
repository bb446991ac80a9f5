import { defineDetector } from '../defineDetector.js';
import { envOf, grepFiles, loc, perEnvironment, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  perEnv: 'oe.1.iac.parameterized-environments',
};

export default defineDetector({
  meta: {
    id: 'pulumi',
    title: 'Pulumi projects',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for Pulumi.yaml project files that name a runtime, and stack configuration files (Pulumi.<stack>.yaml) named after environments.',
  },
  async detect(repo) {
    const projects = await grepFiles(
      repo,
      [...repo.byName('Pulumi.yaml'), ...repo.byName('Pulumi.yml')],
      /^runtime\s*:/m,
    );
    if (projects.length === 0) return [];
    const out: Claim[] = [
      present([P.declarative, P.mainstream], 'high', projects.map(loc), 'Pulumi project'),
    ];
    const stacks = repo.byNamePrefix('pulumi.').filter((f) => /^Pulumi\.[^.]+\.ya?ml$/i.test(f.name));
    out.push(
      ...perEnvironment(stacks, {
        practice: P.perEnv,
        what: 'Pulumi stacks',
        path: (f) => f.path,
        env: (f) => envOf(f.name.split('.')[1] ?? ''),
      }),
    );
    return out;
  },
});
