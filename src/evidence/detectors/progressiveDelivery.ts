import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  exposure: 'oe.4.safe-deployment.progressive-exposure',
  inProd: 'pe.4.testing.in-production',
  halt: 'oe.4.safe-deployment.rollout-halt',
};
const IAC =
  /Microsoft\.Web\/sites\/slots|azurerm_(linux|windows)_(web|function)_app_slot|azurerm_app_service_slot|trafficWeight|latestRevision\s*:\s*false|"?weight"?\s*:\s*\d+[\s\S]{0,200}revisionName|Microsoft\.Network\/trafficManagerProfiles|azurerm_traffic_manager_\w+_endpoint/;
const PIPE =
  /slot-name\s*:|deployToSlotOrASE\s*:\s*true|az\s+webapp\s+deployment\s+slot\s+swap|SwapSlots|az\s+containerapp\s+ingress\s+traffic|gcloud\s+run\s+services\s+update-traffic\b[^\n]*(\\\s*\n[^\n]*){0,8}--to-(revisions|tags)[= ]\S*=\S|gcloud\s+run\s+deploy\b[^\n]*--no-traffic|kubectl\s+argo\s+rollouts|traffic-weight|canary/i;

export default defineDetector({
  meta: {
    id: 'progressive-delivery',
    title: 'Progressive delivery (canary, blue-green, slots)',
    practices: Object.values(P),
    docs: 'Looks for Argo Rollouts (Rollout, AnalysisTemplate) and Flagger (Canary) resources, Istio or SMI traffic weights, App Service deployment slots and Container Apps revision weights in IaC, Traffic Manager weighted routing, and slot swaps, canary steps, Cloud Run revisions deployed with no traffic or given a share of it (update-traffic --to-revisions) in pipelines. Automated analysis (AnalysisTemplate, Flagger metrics) also shows that a bad rollout halts by itself, and that new versions are performance-checked on a slice of production traffic; a rollout without it is not.',
  },
  async detect(repo) {
    const docs = await kubeDocs(repo);
    const rollouts = docs.filter(
      (d) =>
        (d.kind === 'Rollout' && d.apiVersion.startsWith('argoproj.io')) ||
        (d.kind === 'Canary' && d.apiVersion.includes('flagger')) ||
        d.kind === 'TrafficSplit' ||
        (d.kind === 'VirtualService' && /^\s+weight\s*:/m.test(d.text)),
    );
    const analysis = docs.filter(
      (d) =>
        ['AnalysisTemplate', 'ClusterAnalysisTemplate', 'MetricTemplate'].includes(d.kind) ||
        (d.kind === 'Canary' && /metrics\s*:/.test(d.text)) ||
        (d.kind === 'Rollout' && /analysis\s*:/.test(d.text)),
    );
    const iac = await grepFiles(
      repo,
      repo.byExt('.bicep', '.tf', '.json').filter((f) => f.name !== 'package.json'),
      IAC,
    );
    const pipe = grepPipelines(await pipelines(repo), PIPE);
    const locs: EvidenceLocation[] = [
      ...rollouts.map((d) => ({ file: d.file, line: d.line })),
      ...iac.map(loc),
      ...pipe,
    ];
    if (!locs.length) return [];
    const strong = rollouts.length > 0 || pipe.length > 0;
    const out: Claim[] = [
      present(
        [P.exposure],
        strong ? 'high' : 'medium',
        locs,
        rollouts.length
          ? 'canary or blue-green rollouts are configured'
          : 'deployment slots, revision weights or canary steps',
      ),
    ];
    if (analysis.length) {
      const a = analysis.map((d) => ({ file: d.file, line: d.line }));
      out.push(present([P.halt], 'high', a, 'rollouts are promoted or halted by automated metric analysis'));
      out.push(
        present([P.inProd], 'medium', a, 'new versions are checked on a slice of production traffic first'),
      );
    }
    // Without metric analysis a slice of traffic is exposure only: nothing checks its performance.
    return out;
  },
});
