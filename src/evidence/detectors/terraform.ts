import { defineDetector } from '../defineDetector.js';
import { byPath, envOf, grepFiles, loc, perEnvironment, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  perEnv: 'oe.1.iac.parameterized-environments',
  shared: 'oe.4.org-alignment.shared-iac-modules',
};

export default defineDetector({
  meta: {
    id: 'terraform',
    title: 'Terraform configuration',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for .tf files that declare resources or modules, .tfvars files named after an environment (dev.tfvars, prod.auto.tfvars, env/prod/terraform.tfvars), and modules sourced from a registry or another repository. A .tf file that declares nothing is not counted.',
  },
  async detect(repo) {
    const hits = await grepFiles(repo, repo.byExt('.tf'), /^\s*(resource|module|data)\s+"[^"]+"/m);
    if (hits.length === 0) return [];
    const out: Claim[] = [
      present(
        [P.declarative, P.mainstream],
        'high',
        hits.map(loc),
        `${plural(hits.length, 'Terraform file')} declaring resources or modules`,
      ),
    ];
    const vars = byPath(repo.byExt('.tfvars', '.json').filter((f) => /\.tfvars(\.json)?$/i.test(f.name)));
    out.push(
      ...perEnvironment(vars, {
        practice: P.perEnv,
        what: 'variable files',
        path: (f) => f.path,
        env: (f) =>
          envOf(f.name.replace(/\.tfvars(\.json)?$/i, '')) ??
          (f.name.startsWith('terraform.') ? envOf(f.dir) : undefined),
        notPerEnvironment: (f) => ({ file: f.path }),
      }),
    );
    const shared = hits.filter((h) =>
      /source\s*=\s*"(git::|github\.com|app\.terraform\.io|[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+")/i.test(
        h.text,
      ),
    );
    if (shared.length) {
      const withLines = await grepFiles(
        repo,
        shared.map((h) => h.file),
        /source\s*=\s*"(git::|github\.com|app\.terraform\.io|[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+")/i,
      );
      out.push(
        present(
          [P.shared],
          'medium',
          withLines.map(loc),
          'modules sourced from a registry or another repository',
        ),
      );
    }
    return out;
  },
});
