import { defineDetector } from '../defineDetector.js';
import { at, cloudResources, iacFiles, lineIn } from '../lib/cloudResources.js';
import { grepFiles, isDockerfile, lineOf, loc, plural, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  desiredState: 'oe.2.iac-config.desired-state',
  postDeploy: 'oe.2.iac-config.post-deploy-scripted',
};

/** Resources that run a script once the infrastructure is up. */
const SCRIPT_TYPES =
  /^(Microsoft\.Resources\/deploymentScripts|azurerm_resource_deployment_script_\w+|Microsoft\.Compute\/virtualMachines\/extensions|Microsoft\.Compute\/virtualMachineScaleSets\/extensions|azurerm_virtual_machine_extension|azurerm_virtual_machine_scale_set_extension)$/i;
/** Boot-time configuration (cloud-init, user data) and provisioners. */
const BOOT =
  /^\s*(custom_data\s*=|user_data\s*=|user_data_base64\s*=|customData\s*:|"customData"\s*:|UserData\s*:|metadata_startup_script\s*=|provisioner\s+"(local-exec|remote-exec|file)")/m;
/** azd hooks that run around provisioning and deployment. */
const AZD_HOOKS = /^\s*(pre|post)(provision|deploy|package|up)\s*:/m;
/** Helm hooks that run jobs around an install or upgrade (tests are not post-deployment steps). */
const HELM_HOOK = /["']?helm\.sh\/hook["']?\s*:\s*["']?[\w,-]*(post|pre)-(install|upgrade)/;
/** Scripts mounted where a database image runs them on first start. */
const DB_INIT = /:\/docker-entrypoint-initdb\.d\b/;
const DB_IMAGE_INIT = /^\s*(COPY|ADD)\s[^\n]*\/docker-entrypoint-initdb\.d\b/m;
const SETUP_JOB = /init|seed|migrat|setup|bootstrap|populate/i;

export default defineDetector({
  meta: {
    id: 'config-management',
    title: 'Configuration management (Ansible, PowerShell DSC)',
    practices: Object.values(P),
    docs: "Looks for Ansible playbooks (YAML plays with hosts and tasks or roles) and role task files, and PowerShell DSC configurations (a Configuration block importing DSC resources). DSC is desired state by design (high); Ansible applies state when run (medium). Post-deployment steps run from code are also reported (medium): deployment scripts and VM script extensions, cloud-init or user data and Terraform provisioners, azd pre/post hooks, Helm pre- or post-install hooks, seed scripts mounted into a database container's docker-entrypoint-initdb.d or copied there by a Dockerfile, CloudFormation custom resources, and Kubernetes Jobs named for setting up what was deployed (init, seed, migrate, setup, bootstrap).",
  },
  async detect(repo) {
    const out: Claim[] = [];
    const yamls = repo.byExt('.yml', '.yaml').filter((f) => !f.path.startsWith('.github/'));
    const plays = (await grepFiles(repo, yamls, /^-\s+(name:.*\n\s+)?hosts\s*:/m)).filter((h) =>
      /^\s+(tasks|roles)\s*:/m.test(h.text),
    );
    const roleTasks = repo.glob('**/roles/*/tasks/main.{yml,yaml}');
    if (plays.length || roleTasks.length) {
      const locs = [...plays.map(loc), ...roleTasks.map((f) => ({ file: f.path }))];
      out.push(
        present(
          [P.desiredState, P.postDeploy],
          'medium',
          locs,
          `Ansible: ${plural(plays.length, 'playbook')}, ${plural(roleTasks.length, 'role')}`,
        ),
      );
    }
    const dsc = (
      await grepFiles(repo, repo.byExt('.ps1', '.psm1'), /^\s*Configuration\s+\w+\s*(\(|\{|$)/m)
    ).filter((h) => /Import-DscResource/i.test(h.text));
    if (dsc.length)
      out.push(
        present(
          [P.desiredState, P.postDeploy],
          'high',
          dsc.map(loc),
          `${plural(dsc.length, 'PowerShell DSC configuration')}`,
        ),
      );
    const post: EvidenceLocation[] = [];
    const what = new Set<string>();
    const all = (await cloudResources(repo)).filter((r) => !r.optional);
    const runsScript = (r: (typeof all)[number]) =>
      !/extension/i.test(r.type) || /CustomScript|commandToExecute|\bscript\s*[:=]|RunCommand/i.test(r.body);
    for (const r of all.filter((r) => SCRIPT_TYPES.test(r.type) && runsScript(r)).slice(0, 3)) {
      post.push(at(r));
      what.add('deployment scripts or VM extensions');
    }
    for (const r of all
      .filter((r) => r.lang !== 'kubernetes' && r.lang !== 'compose' && lineIn(r, BOOT))
      .slice(0, 3)) {
      post.push(at(r, BOOT));
      what.add('cloud-init, user data or provisioners');
    }
    for (const f of (await iacFiles(repo)).filter((f) => f.lang === 'azd')) {
      const l = lineOf(f.code, AZD_HOOKS);
      if (l !== undefined) {
        post.push({ file: f.path, line: l });
        what.add('azd hooks');
      }
    }
    for (const d of (await kubeDocs(repo)).filter((d) => HELM_HOOK.test(d.text)).slice(0, 3)) {
      post.push({ file: d.file, line: d.line });
      what.add('Helm hooks');
    }
    for (const r of all.filter((r) => r.lang === 'compose' && lineIn(r, DB_INIT)).slice(0, 3)) {
      post.push(at(r, DB_INIT));
      what.add('database seed scripts run by the container');
    }
    // CloudFormation custom resources run a function when the stack is created or updated.
    for (const r of all
      .filter((r) => /^(AWS::CloudFormation::CustomResource|Custom::\w+)$/.test(r.type))
      .slice(0, 3)) {
      post.push(at(r));
      what.add('CloudFormation custom resources');
    }
    const dockerfiles = repo.files.filter(isDockerfile);
    for (const h of (await grepFiles(repo, dockerfiles, DB_IMAGE_INIT)).slice(0, 3)) {
      post.push(loc(h));
      what.add('database init scripts built into the image');
    }
    // A Job that sets up what was just deployed (schema, seed data, buckets), not a CronJob.
    for (const d of (await kubeDocs(repo))
      .filter((d) => d.kind === 'Job' && SETUP_JOB.test(/^\s{2}name:\s*(.+)$/m.exec(d.text)?.[1] ?? ''))
      .slice(0, 3)) {
      post.push({ file: d.file, line: d.line });
      what.add('set-up Jobs');
    }
    if (post.length)
      out.push(
        present(
          [P.postDeploy],
          'medium',
          post,
          `post-deployment steps run from code: ${[...what].join(', ')}`,
        ),
      );
    return out;
  },
});
