import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  desiredState: 'oe.2.iac-config.desired-state',
  postDeploy: 'oe.2.iac-config.post-deploy-scripted',
};

export default defineDetector({
  meta: {
    id: 'config-management',
    title: 'Configuration management (Ansible, PowerShell DSC)',
    practices: Object.values(P),
    docs: 'Looks for Ansible playbooks (YAML plays with hosts and tasks or roles) and role task files, and PowerShell DSC configurations (a Configuration block importing DSC resources). DSC is desired state by design (high); Ansible applies state when run (medium).',
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
    return out;
  },
});
