import { defineDetector } from '../defineDetector.js';
import { lineOf, plural, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim } from '../types.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
  selfHealing: 'oe.5.friction-automation.self-healing',
};
const WORKLOADS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
  'ReplicaSet',
  'Rollout',
]);

export default defineDetector({
  meta: {
    id: 'kubernetes',
    title: 'Kubernetes manifests',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for YAML documents with apiVersion and a workload kind (Deployment, StatefulSet, ...). Kubernetes YAML is a mainstream text-based IaC format. Also reports liveness probes (the platform restarts a failing container). Requests, limits and node placement are reported by the compute-services detector.',
  },
  async detect(repo) {
    const docs = (await kubeDocs(repo)).filter(
      (d) => WORKLOADS.has(d.kind) && !d.file.includes('/templates/'),
    );
    if (docs.length === 0) return [];
    const out: Claim[] = [
      present(
        [P.declarative, P.mainstream],
        'medium',
        docs.map((d) => ({ file: d.file, line: d.line })),
        `${plural(docs.length, 'Kubernetes workload manifest')}`,
      ),
    ];
    const at = (re: RegExp) =>
      docs.flatMap((d) => {
        const l = lineOf(d.text, re);
        return l === undefined ? [] : [{ file: d.file, line: d.start + l - 1 }];
      });
    const probes = at(/^\s+livenessProbe\s*:/m);
    if (probes.length)
      out.push(
        present(
          [P.selfHealing],
          'medium',
          probes,
          'liveness probes let the platform restart failing containers',
        ),
      );
    return out;
  },
});
