import { defineDetector } from '../defineDetector.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  expectations: 'pe.1.targets.expectations-recorded',
  central: 'pe.2.metrics.targets-central',
  percentiles: 'pe.2.metrics.flow-targets',
  flows: 'pe.2.critical-flows.inventory',
  deviation: 'pe.3.mindset.deviation-thresholds',
  baseline: 'pe.2.metrics.initial-baseline',
};

export default defineDetector({
  meta: {
    id: 'perf-targets',
    title: 'Performance targets and baselines (waymark.perf.yaml)',
    practices: Object.values(P),
    docs: 'Reads waymark.perf.yaml (and docs/performance-targets.md): expectations written down in one central file, targets as percentiles (p95, p99) or throughput (medium: whether every critical flow has them is not checked), a list of flows, and a regression tolerance. A waymark.perf.baseline.yaml, or stored load-test results in a baselines/ folder (k6 summary JSON, JMeter JTL, Locust CSV), count as a recorded baseline; so, weakly, does a results table (CSV) kept beside the load tests whose header names latency percentiles.',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const files = [...repo.byName('waymark.perf.yaml'), ...repo.byName('waymark.perf.yml')];
    const perf = await grepFiles(repo, files, /\S/);
    const docs = repo.byNamePrefix('performance').filter((f) => /^performance[-_]targets\.md$/i.test(f.name));
    if (perf.length || docs.length) {
      out.push(
        present(
          [P.expectations, P.central],
          'high',
          [...perf.map(loc), ...docs.map((f) => ({ file: f.path }))],
          'performance targets are written down in the repository',
        ),
      );
    }
    const at = (re: RegExp) =>
      perf.flatMap((h) => {
        const line = lineOf(h.text, re);
        return line === undefined ? [] : [{ file: h.file.path, line }];
      });
    const pct = at(/\bp(50|75|90|95|99|999)\b|\brps\b|requestsPerSecond|throughput/i);
    if (pct.length)
      out.push(present([P.percentiles], 'medium', pct, 'targets are stated as percentiles or throughput'));
    const flows = at(/^\s*(criticalFlows|flows)\s*:/m);
    if (flows.length) out.push(present([P.flows], 'medium', flows, 'the flows of the workload are listed'));
    const tol = at(/tolerance|regression|maxDeviation|deviation/i);
    if (tol.length) out.push(present([P.deviation], 'high', tol, 'a regression tolerance is set'));
    // The file `waymark perf baseline set` writes: a reviewed reference run.
    const recorded = [
      ...repo.byName('waymark.perf.baseline.yaml'),
      ...repo.byName('waymark.perf.baseline.yml'),
    ];
    if (recorded.length)
      out.push(
        present(
          [P.baseline],
          'high',
          recorded.map((f) => ({ file: f.path, line: 1 })),
          'a baseline of a load-test run is kept in the repository',
        ),
      );
    const baselines = repo
      .inDirs(/(^|\/)baselines?\//i)
      .filter((f) => /(^|\/)baselines?\//i.test(f.path) && /\.(json|jtl|csv|ya?ml)$/i.test(f.name));
    if (baselines.length)
      out.push(
        present(
          [P.baseline],
          'medium',
          baselines.slice(0, 10).map((f) => ({ file: f.path })),
          'load-test results are stored as a baseline',
        ),
      );
    else {
      // A results table kept beside the load tests, its header naming latency percentiles: a run
      // recorded for later ones to be compared with.
      const results = repo
        .inDirs(/(^|\/)(tests?[-_]?)?(perf|performance|load|stress|benchmarks?)([-_][\w-]*)?\//i)
        .filter((f) => /\.(csv|tsv)$/i.test(f.name));
      const recorded = await grepFiles(
        repo,
        results.slice(0, 50),
        /^[^\n]*(\b(p50|p90|p95|p99)\b|\b9[059](th)?[ -]?(%|percentile))/i,
        50,
        undefined,
        {
          head: true,
        },
      );
      const first = recorded.filter((h) => h.line === 1);
      if (first.length)
        out.push(
          present(
            [P.baseline],
            'low',
            first.slice(0, 5).map(loc),
            'load-test results with latency percentiles are kept beside the tests',
          ),
        );
    }
    return out;
  },
});
