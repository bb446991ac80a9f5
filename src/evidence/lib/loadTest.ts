/** Load-test tools share one shape: find the artefact, then look for pass/fail criteria and profiles. */
import { defineDetector } from '../detectors/define.js';
import type { Detector, Finding, RepoFile, RepoView } from '../types.js';
import { grepFiles, lineOf, loc, plural, present } from './helpers.js';

export const LOAD = {
  scripts: 'pe.3.baseline-tests.load-tests',
  acceptance: 'pe.3.baseline-tests.acceptance',
  types: 'pe.3.baseline-tests.test-types',
};

/** Paths where load tests usually live; read first when a repository has more candidates than the limit. */
const LIKELY =
  /(^|\/)(load|perf|performance|k6|jmeter|locust|gatling|loadtests?|load-tests?|stress|soak|simulations?)([-_./]|$)|locustfile|simulation/i;

export interface LoadTestSpec {
  id: string;
  tool: string;
  /** What one artefact is called (default: script). */
  noun?: string;
  docs: string;
  candidates(repo: RepoView): RepoFile[];
  /** The artefact itself: a k6 script imports k6, a .jmx is a JMeter test plan... */
  signature: RegExp;
  /** Also required, when one pattern is not enough. */
  also?: RegExp;
  /** Pass/fail criteria inside the script. */
  acceptance?: RegExp;
  /** Several load profiles (stages, scenarios, shapes). */
  types?: RegExp;
}

export function loadTestDetector(spec: LoadTestSpec): Detector {
  return defineDetector({
    meta: {
      id: spec.id,
      title: `${spec.tool} load tests`,
      practices: Object.values(LOAD),
      group: 'load-tests',
      docs: spec.docs,
    },
    async detect(repo) {
      const cands = spec.candidates(repo);
      const hits = (await grepFiles(repo, cands, spec.signature, 600, LIKELY)).filter(
        (h) => !spec.also || spec.also.test(h.text),
      );
      if (hits.length === 0) return [];
      const out: Finding[] = [
        present(
          [LOAD.scripts],
          'high',
          hits.map(loc),
          `${plural(hits.length, `${spec.tool} ${spec.noun ?? 'script'}`)}`,
        ),
      ];
      for (const [re, practice, what] of [
        [spec.acceptance, LOAD.acceptance, 'pass/fail criteria'],
        [spec.types, LOAD.types, 'load profiles (stages, scenarios or shapes)'],
      ] as const) {
        if (!re) continue;
        const at = hits.flatMap((h) => {
          const line = lineOf(h.text, re);
          return line === undefined ? [] : [{ file: h.file.path, line }];
        });
        if (at.length)
          out.push(
            present(
              [practice],
              practice === LOAD.types ? 'low' : 'high',
              at,
              `${spec.tool} ${spec.noun ?? 'script'}s define ${what}`,
            ),
          );
      }
      return out;
    },
  });
}
