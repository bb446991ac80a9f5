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
    id: 'arm-templates',
    title: 'ARM templates',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for JSON files whose $schema is an Azure Resource Manager deployment template, and deployment parameter files (deploymentParameters schema) named after environments. A single parameter file says nothing about environments.',
  },
  async detect(repo) {
    const json = repo
      .byExt('.json')
      .filter((f) => f.name !== 'package.json' && !f.name.endsWith('lock.json'));
    // The $schema sits at the top: the beginning of each file is enough (and shared with the IaC index).
    const hits = await grepFiles(
      repo,
      json,
      /"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json#/i,
      2000,
      undefined,
      {
        head: true,
      },
    );
    const params = await grepFiles(
      repo,
      json,
      /"\$schema"\s*:\s*"[^"]*deploymentParameters\.json#/i,
      2000,
      undefined,
      { head: true },
    );
    const out: Claim[] = [];
    if (hits.length) {
      out.push(
        present(
          [P.declarative, P.mainstream],
          'high',
          hits.map(loc),
          `${plural(hits.length, 'ARM template')}`,
        ),
      );
    }
    out.push(
      ...perEnvironment(params, {
        practice: P.perEnv,
        what: 'ARM parameter files',
        path: (h) => h.file.path,
        env: (h) => envOf(h.file.name) ?? envOf(h.file.dir),
      }),
    );
    return out;
  },
});
