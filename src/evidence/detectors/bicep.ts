import { defineDetector } from '../defineDetector.js';
import { iacMatches } from '../lib/cloudResources.js';
import { envOf, grepFiles, loc, perEnvironment, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  perEnv: 'oe.1.iac.parameterized-environments',
  shared: 'oe.4.org-alignment.shared-iac-modules',
};

/** A condition on an environment parameter: `environmentType == 'prod'`. */
const ENV_SWITCH =
  /\b\w*[eE]nv\w*\s*[!=]=\s*'(prod|production|dev|development|staging|stage|test|qa|uat)'|'(prod|production|dev|development|staging|stage|test|qa|uat)'\s*[!=]=\s*\w*[eE]nv\w*\b/;

export default defineDetector({
  meta: {
    id: 'bicep',
    title: 'Bicep templates',
    practices: Object.values(P),
    group: 'iac',
    docs: "Looks for .bicep files that declare resources or modules, parameter files per environment (.bicepparam, parameters.<env>.json next to Bicep), templates whose differences per environment hang on an environment parameter (environmentType == 'prod'), and modules taken from a registry (br:, br/public:avm). A single parameter file says nothing about environments.",
  },
  async detect(repo) {
    const hits = await grepFiles(repo, repo.byExt('.bicep'), /^\s*(resource|module)\s+\w+\s+'[^']+'/m);
    if (hits.length === 0) return [];
    const out: Claim[] = [
      present(
        [P.declarative, P.mainstream],
        'high',
        hits.map(loc),
        `${plural(hits.length, 'Bicep file')} declaring resources or modules`,
      ),
    ];
    const params = [
      ...repo.byExt('.bicepparam'),
      ...repo
        .byExt('.json')
        .filter((f) => /param/i.test(f.name) && repo.byExt('.bicep').some((b) => b.dir === f.dir)),
    ];
    const envFiles = perEnvironment(params, {
      practice: P.perEnv,
      what: 'parameter files',
      path: (f) => f.path,
      env: (f) => envOf(f.name) ?? envOf(f.dir),
    });
    out.push(...envFiles);
    if (!envFiles.length) {
      const switched = await iacMatches(
        repo,
        (f) => f.lang === 'bicep' && f.path.endsWith('.bicep'),
        ENV_SWITCH,
      );
      if (switched.length)
        out.push(
          present(
            [P.perEnv],
            'medium',
            switched.slice(0, 5),
            'one template set serves every environment, its differences switched on an environment parameter',
          ),
        );
    }
    const shared = hits.filter((h) => /'br[:/]/.test(h.text));
    if (shared.length) {
      const l = await grepFiles(
        repo,
        shared.map((h) => h.file),
        /'br[:/]/,
      );
      out.push(present([P.shared], 'high', l.map(loc), 'modules referenced from a Bicep registry'));
    }
    return out;
  },
});
