import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import { grepPipelines, type Pipeline, pipelines } from '../lib/pipelines.js';
import { sharedUses } from '../lib/sharedSteps.js';
import type { Claim, EvidenceLocation } from '../types.js';

const SHARED_PLAN = sharedUses('drift|plan|validate[-_]infra(?:structure)?|terraform[-_]validate');

const P = {
  rotation: 'oe.4.maintenance-automation.secret-rotation',
  patching: 'oe.4.maintenance-automation.patching',
  drift: 'oe.4.production-feedback.drift-baseline',
  backups: 'oe.2.automation.scheduled-backups',
  offPeak: 'oe.5.friction-automation.off-peak-shutdown',
};
const SCHEDULED =
  /^\s*schedules?\s*:|^\s*-?\s*cron\s*:|CI_PIPELINE_SOURCE\s*==\s*["']schedule|triggers\s*\{[^}]*cron|cronTriggerExpression\s*:[^\n]*['"]@?\w|\bcron\s*\(\s*['"]\S/m;
const TASKS: [string, RegExp, string][] = [
  [
    P.rotation,
    /\brotat(e|ion)\b|renew[-_ ]?cert|certbot\s+renew|az\s+keyvault\s+(secret|key|certificate)\s+(set|rotate|create)/i,
    'secrets or certificates are rotated on a schedule',
  ],
  [
    P.patching,
    /apt(-get)?\s+(upgrade|dist-upgrade)|yum\s+update|az\s+vm\s+(assess-patches|install-patches)|az\s+aks\s+(upgrade|nodepool\s+upgrade)|node-image|\b(os[- ]?)?patching\b|\bpatch\s+(os|hosts?|nodes?|vms?|servers?)\b/i,
    'patching runs on a schedule',
  ],
  [
    P.drift,
    /terraform\s+(?:-chdir[= ]\S+\s+)?plan[^\n]*-detailed-exitcode|what-if|\bdrift\b|driftctl/i,
    'a scheduled pipeline checks for drift',
  ],
  [
    P.backups,
    /\bbackup\b|pg_dump|mysqldump|az\s+(backup|sql\s+db\s+export)|mongodump/i,
    'backups run on a schedule',
  ],
  [
    P.offPeak,
    /az\s+vm\s+deallocate|az\s+(aks|containerapp)\s+stop|--replicas[ =]0|scale\s+--min-replicas\s+0|stop-?(dev|env|environment)|shutdown/i,
    'non-critical resources are stopped on a schedule',
  ],
];

export default defineDetector({
  meta: {
    id: 'scheduled-maintenance',
    title: 'Scheduled maintenance workflows',
    practices: Object.values(P),
    docs: 'Looks at pipelines that run on a schedule (cron) and at what they do: rotate secrets or certificates, patch hosts or node images, check for drift (terraform plan -detailed-exitcode, what-if; a plan, or a shared action named for planning or validating the infrastructure, is low), take backups, stop idle resources. Key Vault rotation policies, cert-manager Certificates and backup policies declared in IaC count as well.',
  },
  async detect(repo) {
    const scheduled: Pipeline[] = (await pipelines(repo)).filter((p) => SCHEDULED.test(p.text));
    const out: Claim[] = [];
    const extra = new Map<string, EvidenceLocation[]>();
    const iac = repo.byExt('.bicep', '.tf', '.json').filter((f) => f.name !== 'package.json');
    extra.set(P.rotation, [
      ...(
        await grepFiles(
          repo,
          iac,
          /rotationPolicy|rotation_policy\s*\{|Microsoft\.KeyVault\/vaults\/keys[\s\S]{0,400}lifetimeActions/,
        )
      ).map(loc),
      ...(await kubeDocs(repo))
        .filter((d) => d.kind === 'Certificate' && d.apiVersion.startsWith('cert-manager.io'))
        .map((d) => ({ file: d.file, line: d.line })),
    ]);
    extra.set(
      P.backups,
      (
        await grepFiles(
          repo,
          iac,
          /Microsoft\.RecoveryServices\/vaults\/backupPolicies|azurerm_backup_policy_\w+|aws_backup_plan/,
        )
      ).map(loc),
    );
    for (const [practice, re, summary] of TASKS) {
      const inCi = grepPipelines(scheduled, re);
      const more = extra.get(practice) ?? [];
      if (inCi.length || more.length)
        out.push(
          present(
            [practice],
            'high',
            [...inCi, ...more],
            inCi.length ? summary : `${summary.split(' on a schedule')[0]} by policy declared in IaC`,
          ),
        );
    }
    // A scheduled plan (or a shared-library terraform step on a timer) shows changes made outside
    // the code, though nothing here says the result fails the run.
    if (!out.some((c) => c.practices.includes(P.drift))) {
      const plans = [
        ...grepPipelines(scheduled, /terraform\s+(?:-chdir[= ]\S+\s+)?plan\b|^\s*terraform\s*\(/m),
        // An organisation's shared action named for validating or planning the infrastructure.
        ...grepPipelines(scheduled, SHARED_PLAN),
      ];
      if (plans.length)
        out.push(
          present([P.drift], 'low', plans, 'a scheduled pipeline plans the infrastructure against its code'),
        );
    }
    return out;
  },
});
