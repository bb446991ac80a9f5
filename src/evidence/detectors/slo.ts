import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { slos: 'oe.4.production-feedback.slos', flowTargets: 'pe.2.metrics.flow-targets' };

export default defineDetector({
  meta: {
    id: 'slo',
    title: 'SLO definitions (OpenSLO, Sloth)',
    practices: Object.values(P),
    docs: 'Looks for service level objectives kept as code: OpenSLO documents (apiVersion openslo/v1), Sloth specifications (sloth.slok.dev or version prometheus/v1 with slos:), and Azure Monitor SLO or Pyrra resources. Whether objectives were set from observed production behaviour cannot be seen, hence medium confidence.',
  },
  async detect(repo) {
    const yamls = repo.byExt('.yaml', '.yml');
    const hits = (
      await grepFiles(
        repo,
        yamls,
        /apiVersion\s*:\s*(openslo\/v\w+|sloth\.slok\.dev\/\w+|pyrra\.dev\/\w+)|^version\s*:\s*["']?prometheus\/v1/m,
      )
    ).filter((h) => !/^version/m.test(h.text) || /^slos\s*:/m.test(h.text));
    if (!hits.length) return [];
    return [
      present([P.slos], 'medium', hits.map(loc), 'service level objectives are defined as code'),
      present([P.flowTargets], 'low', hits.map(loc), 'SLOs may carry per-flow targets'),
    ];
  },
});
