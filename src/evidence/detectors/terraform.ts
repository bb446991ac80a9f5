import { defineDetector } from '../defineDetector.js';
import { cloudResources, iacFiles, iacMatches } from '../lib/cloudResources.js';
import { byPath, envOf, grepFiles, lineOf, loc, perEnvironment, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  perEnv: 'oe.1.iac.parameterized-environments',
  shared: 'oe.4.org-alignment.shared-iac-modules',
};

/** A condition on the environment: `var.environment == "staging"`, `terraform.workspace == "prod"`. */
const ENV_SWITCH =
  /(var\.\w*env\w*|terraform\.workspace)\s*[!=]=\s*"(prod|production|dev|development|staging|stage|test|qa|uat)"|"(prod|production|dev|development|staging|stage|test|qa|uat)"\s*[!=]=\s*(var\.\w*env\w*|terraform\.workspace)|lookup\([^)\n]*terraform\.workspace/i;

export default defineDetector({
  meta: {
    id: 'terraform',
    title: 'Terraform configuration',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for .tf files that declare resources or modules, .tfvars files or backend configurations named after an environment (dev.tfvars, prod.auto.tfvars, env/prod/terraform.tfvars, backend-configs/production, prod.tfbackend), code that switches on an environment variable (var.environment == "staging", terraform.workspace), and modules sourced from a registry, another repository or a Git submodule (.gitmodules) of shared code (low when they come from a local folder the repository does not hold, cloned in before Terraform runs). A .tf file that declares nothing is not counted; a single variable file says nothing about environments.',
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
    const backends = byPath(
      repo.files.filter(
        (f) =>
          f.ext === '.tfbackend' ||
          (/(^|\/)(backend-configs?|backends?)$/i.test(f.dir) &&
            (f.ext === '' || f.ext === '.hcl' || f.ext === '.tfvars')) ||
          /^backend[.-][\w-]+\.hcl$|^[\w-]+\.backend\.hcl$/i.test(f.name),
      ),
    );
    const envFiles = perEnvironment([...vars, ...backends], {
      practice: P.perEnv,
      what: 'variable or backend files',
      path: (f) => f.path,
      env: (f) =>
        envOf(f.name.replace(/\.(tfvars(\.json)?|tfbackend|hcl)$/i, '')) ??
        (f.name.startsWith('terraform.') ? envOf(f.dir) : undefined),
    });
    out.push(...envFiles);
    if (!envFiles.length) {
      // One configuration whose differences per environment hang on an environment variable.
      const switched = await iacMatches(repo, (f) => f.lang === 'terraform', ENV_SWITCH);
      if (switched.length)
        out.push(
          present(
            [P.perEnv],
            'medium',
            switched.slice(0, 5),
            'one configuration serves every environment, its differences switched on an environment variable',
          ),
        );
    }
    // Modules from a registry or another repository, or from a Git submodule holding shared code.
    const gitmodules = repo.get('.gitmodules') ? await repo.read('.gitmodules') : undefined;
    const submodules = [...(gitmodules ?? '').matchAll(/^\s*path\s*=\s*(\S+)/gm)].map((m) =>
      (m[1] as string).replace(/^\.\//, '').replace(/\/$/, ''),
    );
    const external = `git::|github\\.com|app\\.terraform\\.io|[a-z0-9-]+\\/[a-z0-9-]+\\/[a-z0-9-]+"${submodules
      .map((p) => `|(\\.\\.?\\/)+${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\/`)
      .join('')}`;
    const SHARED = new RegExp(`^\\s*source\\s*=\\s*"(${external})`, 'im');
    const shared = (await iacFiles(repo)).flatMap((f) => {
      if (f.lang !== 'terraform') return [];
      const l = lineOf(f.code, SHARED);
      return l === undefined ? [] : [{ file: f.path, line: l }];
    });
    // Local module paths the repository does not hold: a pipeline or Makefile clones them in.
    const vendored = shared.length
      ? []
      : (await cloudResources(repo)).filter(
          (r) =>
            r.lang === 'terraform' && r.type.startsWith('shared:') && /^\s*source\s*=\s*"\./m.test(r.body),
        );
    if (vendored.length)
      out.push(
        present(
          [P.shared],
          'low',
          vendored.slice(0, 5).map((r) => ({ file: r.file, line: r.line })),
          'modules are loaded from a folder the repository does not hold, fetched in before Terraform runs',
        ),
      );
    if (shared.length)
      out.push(
        present(
          [P.shared],
          'medium',
          shared,
          submodules.length
            ? 'modules sourced from a registry, another repository or a shared Git submodule'
            : 'modules sourced from a registry or another repository',
        ),
      );
    return out;
  },
});
