/** Load-test tools share one shape: find the artefact, then look for pass/fail criteria and profiles. */
import { defineDetector } from '../defineDetector.js';
import type { Claim, Detector, RepoFile, RepoView } from '../types.js';
import { grepFiles, type Hit, lineOf, loc, plural, present } from './helpers.js';

export const LOAD = {
  scripts: 'pe.3.baseline-tests.load-tests',
  acceptance: 'pe.3.baseline-tests.acceptance',
  types: 'pe.3.baseline-tests.test-types',
};

/** Paths where load tests usually live; read first when a repository has more candidates than the limit. */
const LIKELY =
  /(^|\/)(load|perf|performance|k6|jmeter|locust|gatling|loadtests?|load-tests?|stress|soak|simulations?)([-_./]|$)|locustfile|simulation/i;

/** First letters of the words `LIKELY` looks for at the start of a name. */
const LIKELY_STARTS = new Set(['l', 'p', 'k', 'j', 'g', 's']);

/** A cheap test that every name `LIKELY` matches passes (most names fail it at once). */
function maybeLikelyName(name: string): boolean {
  const lower = name.toLowerCase();
  return LIKELY_STARTS.has(lower.charAt(0)) || lower.includes('locustfile') || lower.includes('simulation');
}

/**
 * Candidates on likely paths first, when there are more than `limit`. `LIKELY` matches a path
 * exactly when it matches `/folder/` or the name, so each folder is tested once.
 */
function likelyFirst(files: RepoFile[], limit: number): RepoFile[] {
  if (files.length <= limit) return files;
  // Files of one folder come one after another: remember the last folder's answer.
  let lastDir: string | undefined;
  let lastLikely = false;
  const likely = (f: RepoFile) => {
    if (f.dir !== lastDir) {
      lastDir = f.dir;
      lastLikely = LIKELY.test(f.dir === '' ? '' : `/${f.dir}/`);
    }
    return lastLikely || (maybeLikelyName(f.name) && LIKELY.test(f.name));
  };
  const first: RepoFile[] = [];
  const rest: RepoFile[] = [];
  for (const f of files) (likely(f) ? first : rest).push(f);
  return first.concat(rest);
}

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
  /**
   * The profile construct is itself a non-steady shape (a Locust LoadTestShape), so it counts
   * without a stress, spike or soak name.
   */
  typesAreShapes?: boolean;
}

/** A profile named for what it tests beyond normal load, in a script or its path. */
const NAMED_TYPE = /\b(stress|spike|soak|endurance|breakpoint|breaking[-_ ]point)\b/i;

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
      // The signature (an import, a root element) sits at the top: read the beginning of each
      // candidate, then the whole text of the few that match.
      const signed = await grepFiles(repo, likelyFirst(cands, 600), spec.signature, 600, undefined, {
        head: true,
      });
      const hits: Hit[] = [];
      for (const h of signed) {
        const text = (await repo.read(h.file.path)) ?? h.text;
        if (spec.also && !spec.also.test(text)) continue;
        hits.push({ file: h.file, text, line: lineOf(text, spec.signature) ?? h.line });
      }
      if (hits.length === 0) return [];
      const out: Claim[] = [
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
        // Stages or a ramp are in every load test; another test type needs its own named profile.
        const named = (h: Hit) =>
          practice !== LOAD.types ||
          spec.typesAreShapes ||
          NAMED_TYPE.test(h.file.path) ||
          NAMED_TYPE.test(h.text);
        const at = hits.flatMap((h) => {
          if (!named(h)) return [];
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
