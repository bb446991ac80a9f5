/**
 * Environments the deployment definitions keep apart: overlays, values or parameter files per
 * environment, or a template parameter restricted to environment names. Two or more, one of them
 * production, show distinct environments exist in the design (low: that each one runs is not visible
 * from the files; pipelines that deploy to them say more, see deploy-stages).
 */
import { defineDetector } from '../defineDetector.js';
import { envOf, grepFiles, loc, present } from '../lib/helpers.js';
import type { EvidenceLocation } from '../types.js';

const P = { distinct: 'oe.3.environments.distinct' };

/** A file or folder that holds one environment's settings. */
const PER_ENV_PATH =
  /(^|\/)(overlays|environments|envs|env|stages|clusters)\/([\w-]+)\/|(^|\/)values[-.]([\w-]+)\.ya?ml$|\.([\w-]+)\.(tfvars|bicepparam)$|(^|\/)([\w-]+)\.tfvars$|(^|\/)parameters[-.]([\w-]+)\.json$|(^|\/)backend-configs\/([\w-]+)$/i;
/** `@allowed(['dev', 'prod'])` on a Bicep parameter, or a Terraform validation over environment names. */
const ALLOWED_ENVS =
  /@allowed\(\s*\[\s*['"]?(dev|test|staging|prod)['"]?[^\]]{0,80}?(prod|production)['"]?\s*\]\s*\)\s*\n(?:[ \t]*@[^\n]*\n){0,3}[ \t]*param\s+\w*env/i;
/@allowed\(\s*\[\s*['"]?\s*(dev|test|staging|prod)[\s\S]{0,80}?(prod|production)['"]?\s*\]\s*\)\s*\n\s*param\s+\w*env/i;

export default defineDetector({
  meta: {
    id: 'environment-definitions',
    title: 'Environments kept apart in the deployment definitions',
    practices: Object.values(P),
    docs: 'Looks for environments that the deployment definitions keep apart: Kustomize overlays, environment folders, Helm values files, Terraform variable or backend files and Bicep or ARM parameter files named for two or more environments including production, or a Bicep environment parameter whose allowed values are environment names. Low: the files show the environments are designed, not that each one runs (pipelines that deploy to them are read by deploy-stages).',
  },
  async detect(repo) {
    const envs = new Map<string, EvidenceLocation>();
    for (const f of repo.files) {
      const m = PER_ENV_PATH.exec(f.path);
      if (!m) continue;
      const name = m
        .slice(3)
        .find(
          (x) =>
            x &&
            !/^(overlays|environments|envs|env|stages|clusters|tfvars|bicepparam)$/i.test(x) &&
            x !== '/',
        );
      const e = name ? envOf(name) : undefined;
      if (e && !envs.has(e)) envs.set(e, { file: f.path });
    }
    const allowed = await grepFiles(repo, repo.byExt('.bicep'), ALLOWED_ENVS, 500);
    if (envs.size >= 2 && envs.has('prod'))
      return [
        present(
          [P.distinct],
          'low',
          [...envs.values()].slice(0, 5),
          `the deployment definitions keep ${[...envs.keys()].join(', ')} apart`,
        ),
      ];
    if (allowed.length)
      return [
        present(
          [P.distinct],
          'low',
          allowed.map(loc),
          'the templates take an environment parameter restricted to environment names',
        ),
      ];
    return [];
  },
});
