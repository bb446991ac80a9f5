import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { scanning: 'oe.2.automation.vulnerability-scanning' };
const TOOLS =
  /aquasecurity\/trivy-action|\btrivy\s+(image|fs|repo)|\bgrype\b|anchore\/scan-action|docker\s+scout|snyk\s+container|prisma-cloud|twistcli|clair|neuvector/i;

export default defineDetector({
  meta: {
    id: 'container-scanning',
    title: 'Container image scanning',
    practices: Object.values(P),
    group: 'vulnerability-scanning',
    docs: 'Looks in pipeline files for container image scanners (Trivy, Grype/Anchore, Docker Scout, Snyk Container, Prisma Cloud). A .trivyignore alone is weak evidence.',
  },
  async detect(repo) {
    const ci = grepPipelines(await pipelines(repo), TOOLS);
    if (ci.length) return [present([P.scanning], 'high', ci, 'container images are scanned in the pipeline')];
    if (repo.get('.trivyignore') || repo.get('trivy.yaml'))
      return [
        present(
          [P.scanning],
          'low',
          [{ file: repo.get('.trivyignore') ? '.trivyignore' : 'trivy.yaml' }],
          'Trivy configuration, but no pipeline step runs it',
        ),
      ];
    return [];
  },
});
