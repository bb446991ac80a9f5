import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';

const P = {
  gameDays: 'oe.4.incident-validation.game-days',
  drill: 'oe.3.incident-management.readiness-drill',
};
const KINDS = new Set([
  'PodChaos',
  'NetworkChaos',
  'StressChaos',
  'IOChaos',
  'TimeChaos',
  'DNSChaos',
  'HTTPChaos',
  'Schedule',
  'Workflow',
  'ChaosEngine',
  'ChaosExperiment',
  'ChaosSchedule',
]);

export default defineDetector({
  meta: {
    id: 'chaos',
    title: 'Chaos experiments',
    practices: Object.values(P),
    docs: 'Looks for fault-injection experiments kept in the repository: Chaos Mesh (chaos-mesh.org) and LitmusChaos (litmuschaos.io) resources, Azure Chaos Studio experiments (Microsoft.Chaos/experiments, azurerm_chaos_studio_experiment), and Chaos Toolkit experiments (steady-state-hypothesis with method). Experiments in the repository suggest game days; how often they run cannot be seen, hence medium.',
  },
  async detect(repo) {
    const k8s = (await kubeDocs(repo)).filter(
      (d) => KINDS.has(d.kind) && /chaos-mesh\.org|litmuschaos\.io/.test(d.apiVersion),
    );
    const azure = await grepFiles(
      repo,
      repo.byExt('.bicep', '.tf', '.json'),
      /Microsoft\.Chaos\/experiments|azurerm_chaos_studio_experiment/,
    );
    const toolkit = (
      await grepFiles(repo, repo.byExt('.json', '.yaml', '.yml'), /steady-state-hypothesis/)
    ).filter((h) => /"?method"?\s*:/.test(h.text));
    const locs = [
      ...k8s.map((d) => ({ file: d.file, line: d.line })),
      ...azure.map(loc),
      ...toolkit.map(loc),
    ];
    if (!locs.length) return [];
    return [
      present([P.gameDays], 'medium', locs, 'chaos experiments are kept as code'),
      present([P.drill], 'low', locs, 'fault injection exists; a readiness drill is not visible'),
    ];
  },
});
