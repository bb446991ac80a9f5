import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim } from '../types.js';

const P = {
  scripts: 'pe.3.baseline-tests.load-tests',
  gate: 'pe.4.testing.ci-gate',
};
const RUN =
  /\bk6\s+run\b|grafana\/(k6-action|run-k6-action|setup-k6-action)|\bjmeter\s+(-n|--nongui)|\blocust\b[^\n]*--headless|gatling:test|gatlingRun|azure\/load-testing@|AzureLoadTest@|\bwaymark\s+perf\b/i;

export default defineDetector({
  meta: {
    id: 'load-tests-in-ci',
    title: 'Load tests run by pipelines',
    practices: Object.values(P),
    docs: 'Looks in pipeline files for steps that run load tests (k6 run, JMeter non-GUI, headless Locust, Gatling, the Azure Load Testing action or task, waymark perf). A pipeline that runs load tests shows that load-test scripts exist; with a comparison against a stored baseline or pass/fail criteria it is a performance gate on releases.',
  },
  async detect(repo) {
    const ps = (await pipelines(repo)).filter((p) => RUN.test(p.text));
    if (ps.length === 0) return [];
    const out: Claim[] = [
      present([P.scripts], 'high', grepPipelines(ps, RUN), 'load tests run from the pipeline'),
    ];
    const gate = ps.filter((p) =>
      /baseline|waymark\s+perf\s+compare|failureCriteria|thresholds/i.test(p.text),
    );
    if (gate.length)
      out.push(
        present(
          [P.gate],
          'medium',
          grepPipelines(gate, /baseline|waymark\s+perf\s+compare|failureCriteria|thresholds/i),
          'pipeline compares load-test results with a baseline or criteria',
        ),
      );
    return out;
  },
});
