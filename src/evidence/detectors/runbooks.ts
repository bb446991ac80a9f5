import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';

const P = {
  playbooks: 'oe.3.incident-management.playbooks',
  emergency: 'oe.2.deployment-strategy.emergency-procedure',
};

export default defineDetector({
  meta: {
    id: 'runbooks',
    title: 'Runbooks and playbooks',
    practices: Object.values(P),
    docs: 'Looks for runbooks and playbooks kept in the repository (docs/runbooks/, runbooks/, playbooks/, files named runbook-*.md or *-playbook.md) that contain steps (numbered or bulleted lists, or code blocks), and Azure Automation runbooks in IaC. A runbook about latency, throughput or saturation shows that performance problems are covered; one about hotfixes the emergency procedure.',
  },
  async detect(repo) {
    const docs = await findDocs(repo, {
      dir: /\/(runbooks?|playbooks?|operations|ops)\//i,
      name: /runbook|playbook/i,
      content: /^\s*(\d+\.|[-*])\s+\S|^```/m,
    });
    const automation = await grepFiles(
      repo,
      repo.byExt('.bicep', '.tf'),
      /Microsoft\.Automation\/automationAccounts\/runbooks|azurerm_automation_runbook/,
    );
    const locs = [...docs.map(loc), ...automation.map(loc)];
    if (!locs.length) return [];
    const out = [
      present(
        [P.playbooks],
        docs.length >= 2 || automation.length ? 'high' : 'medium',
        locs,
        `${plural(docs.length, 'runbook')}${automation.length ? ' and automation runbooks' : ''}`,
      ),
    ];
    const perf = docs.filter((h) =>
      /latency|slow|throughput|saturation|cpu|memory|p9\d|response time/i.test(h.text),
    );
    if (perf.length)
      out.push(present([P.playbooks], 'medium', perf.map(loc), 'runbooks cover performance problems'));
    const hot = docs.filter(
      (h) => /hotfix|emergency/i.test(h.file.name) || /^#.*(hotfix|emergency)/im.test(h.text),
    );
    if (hot.length)
      out.push(
        present([P.emergency], 'high', hot.map(loc), 'an emergency or hotfix procedure is written down'),
      );
    return out;
  },
});
