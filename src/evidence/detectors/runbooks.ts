import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { grepFiles, lineOf, loc, plural, present } from '../lib/helpers.js';

const P = {
  playbooks: 'oe.3.incident-management.playbooks',
  emergency: 'oe.2.deployment-strategy.emergency-procedure',
};

/**
 * A heading of a troubleshooting guide about the workload failing in operation (a crashing pod, a
 * 503, a stuck queue, where the logs are), as opposed to setting up a laptop or a first deployment.
 */
const RUNTIME_HEADING =
  /^#{1,4}\s.*\b(pods?|crash\w*|5\d\d|timeouts?|timed out|logs?|restarts?|unhealthy|health|queues?|dead.?letter|outages?|latency|memory|cpu|disk full|out of disk|container|not responding|down)\b/im;

export default defineDetector({
  meta: {
    id: 'runbooks',
    title: 'Runbooks and playbooks',
    practices: Object.values(P),
    docs: 'Looks for runbooks and playbooks kept in the repository (docs/runbooks/, runbooks/, playbooks/, files named runbook-*.md or *-playbook.md) that contain steps (numbered or bulleted lists, or code blocks), and Azure Automation runbooks in IaC. Without those, a troubleshooting guide (a file or folder named for it) with a heading about failures in operation (a crashing pod, a 503, a stuck queue, the logs to read) is low evidence; one about setting up or first deploying is not. A runbook about latency, throughput or saturation shows that performance problems are covered; one about hotfixes the emergency procedure.',
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
    if (!locs.length) {
      const guides = (await findDocs(repo, { dir: /\/troubleshoot[\w-]*\//i, name: /troubleshoot/i })).filter(
        (h) => RUNTIME_HEADING.test(h.text),
      );
      if (!guides.length) return [];
      return [
        present(
          [P.playbooks],
          'low',
          guides.map((h) => ({ file: h.file.path, line: lineOf(h.text, RUNTIME_HEADING) ?? h.line })),
          `${plural(guides.length, 'troubleshooting guide')} for failures in operation; no runbooks named as such`,
        ),
      ];
    }
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
