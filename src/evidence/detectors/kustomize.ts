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
    id: 'kustomize',
    title: 'Kustomize bases and overlays',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for kustomization.yaml files listing resources, patches or bases (a mainstream text-based way to declare Kubernetes resources), and overlays in folders named after environments (overlays/prod).',
  },
  async detect(repo) {
    const files = [
      ...repo.byName('kustomization.yaml'),
      ...repo.byName('kustomization.yml'),
      ...repo.byName('Kustomization'),
    ];
    const hits = (
      await grepFiles(
        repo,
        files,
        /^(resources|bases|patches|patchesStrategicMerge|components|helmCharts)\s*:/m,
      )
    ).filter((h) => !/toolkit\.fluxcd\.io/.test(h.text));
    if (hits.length === 0) return [];
    const out: Claim[] = [
      present([P.declarative, P.mainstream], 'medium', hits.map(loc), 'Kustomize configuration'),
    ];
    out.push(
      ...perEnvironment(hits, {
        practice: P.perEnv,
        what: 'Kustomize overlays',
        path: (h) => h.file.path,
        env: (h) => envOf(h.file.dir.split('/').pop() ?? ''),
      }),
    );
    return out;
  },
});
