import { defineDetector } from '../defineDetector.js';
import { envOf, grepFiles, loc, perEnvironment, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  perEnv: 'oe.1.iac.parameterized-environments',
};

export default defineDetector({
  meta: {
    id: 'helm',
    title: 'Helm charts',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for Chart.yaml files (apiVersion and name), Helm being a mainstream text-based way to declare Kubernetes resources, and values files per environment (values-prod.yaml, values.staging.yaml, or values.yaml in env-named folders).',
  },
  async detect(repo) {
    const charts = await grepFiles(repo, repo.byName('Chart.yaml'), /^name\s*:/m);
    if (charts.length === 0) return [];
    const out: Claim[] = [
      present(
        [P.declarative, P.mainstream],
        'medium',
        charts.map(loc),
        `${plural(charts.length, 'Helm chart')}`,
      ),
    ];
    const values = repo
      .byNamePrefix('values')
      .filter(
        (f) => /^values[-._].+\.ya?ml$/i.test(f.name) || (/^values\.ya?ml$/i.test(f.name) && envOf(f.dir)),
      );
    out.push(
      ...perEnvironment(values, {
        practice: P.perEnv,
        what: 'Helm values',
        path: (f) => f.path,
        env: (f) => envOf(f.name.replace(/^values/i, '')) ?? envOf(f.dir),
      }),
    );
    return out;
  },
});
