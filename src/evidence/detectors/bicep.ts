import { envOf, grepFiles, loc, plural, present } from '../lib/helpers.js';
import type { Finding } from '../types.js';
import { defineDetector } from './define.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  perEnv: 'oe.1.iac.parameterized-environments',
  shared: 'oe.4.org-alignment.shared-iac-modules',
};

export default defineDetector({
  meta: {
    id: 'bicep',
    title: 'Bicep templates',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for .bicep files that declare resources or modules, parameter files per environment (.bicepparam, parameters.<env>.json next to Bicep), and modules taken from a registry (br:, br/public:avm).',
  },
  async detect(repo) {
    const hits = await grepFiles(repo, repo.byExt('.bicep'), /^\s*(resource|module)\s+\w+\s+'[^']+'/m);
    if (hits.length === 0) return [];
    const out: Finding[] = [
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
    const envs = new Map<string, string>();
    for (const f of params) {
      const e = envOf(f.name) ?? envOf(f.dir);
      if (e && !envs.has(e)) envs.set(e, f.path);
    }
    if (envs.size >= 2)
      out.push(
        present(
          [P.perEnv],
          'high',
          [...envs.values()].map((file) => ({ file })),
          `parameter files for ${[...envs.keys()].join(', ')}`,
        ),
      );
    else if (params.length)
      out.push(
        present(
          [P.perEnv],
          'low',
          params.map((f) => ({ file: f.path })),
          'parameter files, but not one per environment',
        ),
      );
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
