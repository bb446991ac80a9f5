import { defineDetector } from '../defineDetector.js';
import { plural, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim } from '../types.js';

const P = { desiredState: 'oe.2.iac-config.desired-state', drift: 'oe.4.production-feedback.drift-baseline' };

export default defineDetector({
  meta: {
    id: 'gitops',
    title: 'GitOps controllers (Flux, Argo CD)',
    practices: Object.values(P),
    docs: 'Looks for Flux (toolkit.fluxcd.io Kustomization, HelmRelease, GitRepository) and Argo CD (argoproj.io Application, ApplicationSet) resources. A GitOps controller applies the repository as desired state and keeps correcting drift; automated self-heal in Argo CD is reported as drift correction with high confidence.',
  },
  async detect(repo) {
    const docs = (await kubeDocs(repo)).filter(
      (d) =>
        (/toolkit\.fluxcd\.io/.test(d.apiVersion) &&
          ['Kustomization', 'HelmRelease', 'GitRepository', 'OCIRepository'].includes(d.kind)) ||
        (/^argoproj\.io\//.test(d.apiVersion) && ['Application', 'ApplicationSet'].includes(d.kind)),
    );
    if (docs.length === 0) return [];
    const tools = [...new Set(docs.map((d) => (d.apiVersion.includes('flux') ? 'Flux' : 'Argo CD')))].join(
      ' and ',
    );
    const locs = docs.map((d) => ({ file: d.file, line: d.line }));
    const out: Claim[] = [
      present([P.desiredState], 'high', locs, `${tools}: ${plural(docs.length, 'reconciled resource')}`),
    ];
    const selfHeal = docs.filter((d) => /selfHeal:\s*true/.test(d.text) || d.apiVersion.includes('flux'));
    out.push(
      present(
        [P.drift],
        selfHeal.length ? 'medium' : 'low',
        (selfHeal.length ? selfHeal : docs).map((d) => ({ file: d.file, line: d.line })),
        selfHeal.length
          ? `${tools} continuously reconciles the cluster with the repository`
          : 'Argo CD applications without automated self-heal',
      ),
    );
    return out;
  },
});
