import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = {
  scanning: 'oe.2.automation.vulnerability-scanning',
  evaluated: 'oe.1.security.scanning-evaluated',
};
const TOOLS =
  /aquasecurity\/trivy-action|\btrivy\s+(image|fs|repo)|\bgrype\b|anchore\/scan-action|docker\s+scout|snyk\s+container|prisma-cloud|twistcli|clair|neuvector/i;

export default defineDetector({
  meta: {
    id: 'container-scanning',
    title: 'Container image scanning',
    practices: Object.values(P),
    group: 'vulnerability-scanning',
    docs: 'Looks in pipeline files for container image scanners (Trivy, Grype/Anchore, Docker Scout, Snyk Container, Prisma Cloud). A .trivyignore or trivy.yaml without a pipeline step shows the scanner was evaluated, not that it runs.',
  },
  async detect(repo) {
    const ci = grepPipelines(await pipelines(repo), TOOLS);
    if (ci.length)
      return [
        present([P.scanning], 'high', ci, 'container images are scanned in the pipeline'),
        present([P.evaluated], 'high', ci, 'an image scanner is configured and run'),
      ];
    // A scanner's own configuration shows it was tried, not that anything runs it.
    const cfg = ['.trivyignore', 'trivy.yaml', '.grype.yaml'].filter((p) => repo.get(p));
    if (cfg.length)
      return [
        present(
          [P.evaluated],
          'medium',
          cfg.map((file) => ({ file })),
          'image scanner configuration, but no pipeline step runs it',
        ),
      ];
    return [];
  },
});
