/**
 * Tests asked of every change: a coverage gate that fails the run when new code goes untested
 * (thresholds in the test runner's configuration, a fail-under bound, a check of the changed files'
 * coverage in a pipeline), or a contribution guide that makes tests part of every fix and feature.
 */
import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { EvidenceLocation } from '../types.js';

const P = { changeTests: 'oe.4.safe-deployment.change-tests' };

/** Test-runner configurations that can hold coverage thresholds. */
const RUNNER_CONFIG = /^(vite|vitest|jest|karma)\.config\.[cm]?[jt]s$|^\.nycrc(\.json)?$|^\.c8rc(\.json)?$/i;
/** A coverage block with thresholds (Vitest `coverage: { thresholds }`, Jest `coverageThreshold`, nyc). */
const RUNNER_THRESHOLD =
  /\bcoverage\s*:\s*\{[\s\S]{0,8000}?\bthresholds\s*:\s*\{|\bcoverageThreshold\s*:\s*\{|"check-coverage"\s*:\s*true|\bcheckCoverage\s*:\s*true/;
/** Coverage settings of Python and the JVM that fail below a bound. */
const BOUND_CONFIG = /^(\.coveragerc|setup\.cfg|tox\.ini|pyproject\.toml|build\.gradle(\.kts)?|pom\.xml)$/i;
const BOUND =
  /^\s*fail_under\s*=\s*[1-9]|jacocoTestCoverageVerification|violationRules\s*\{|<goal>check<\/goal>[\s\S]{0,2000}?<minimum>/m;
/** A pipeline that fails on coverage: a fail-under option, diff-cover, or the changed files' coverage. */
const PIPELINE_GATE =
  /--cov-fail-under[= ]?[1-9]|coverage\s+report\s[^\n]*--fail-under[= ][1-9]|\bdiff-cover\b[^\n]*--fail-under|git\s+diff[^\n]*--name-only[\s\S]{0,1200}?\bcoverage\b|\bcoverage\b[^\n]*\n[\s\S]{0,1200}?git\s+diff[^\n]*--name-only/i;
/** A contribution rule making tests part of every change (`all new features must include tests`). */
const RULE =
  /\b(features?|fix(es)?|changes?)\b[^.\n]{0,40}\bmust\b[^.\n]{0,10}\bbe\s+(unit[- ])?tested\b|\b(must|should|need to|required to|are required|is required|always)\b[^.\n]{0,80}\b(add|include|write|update|come with|accompan\w*|cover\w*)\b[^.\n]{0,60}\b(unit |automated |new )?tests?\b|\btests?\b[^.\n]{0,40}\b(are|is)\s+(required|mandatory|expected)\b[^.\n]{0,40}\b(for|with)\b[^.\n]{0,40}\b(every|each|all|new|any)\b/i;

export default defineDetector({
  meta: {
    id: 'change-tests',
    title: 'Tests asked of every change',
    practices: Object.values(P),
    docs: 'Looks for a rule that each change brings its tests: coverage thresholds in the test runner (Vitest coverage thresholds, Jest coverageThreshold, nyc check-coverage), a fail-under bound (coverage.py fail_under, JaCoCo verification rules) or a pipeline that fails on coverage (--cov-fail-under, coverage report --fail-under, diff-cover, a check of the changed files against their coverage) (low: a bound on the whole suite says tests are expected, not that each change has its own); a contribution guide saying new features and fixes must come with tests (low: what is asked is not what is done). A coverage report that is only printed or uploaded does not count, nor do load-test thresholds.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [
      ...grepPipelines(await pipelines(repo), PIPELINE_GATE),
      ...(
        await grepFiles(
          repo,
          repo.files.filter((f) => RUNNER_CONFIG.test(f.name)),
          RUNNER_THRESHOLD,
          200,
          undefined,
          { max: 5 },
        )
      ).map(loc),
      ...(
        await grepFiles(
          repo,
          repo.files.filter((f) => BOUND_CONFIG.test(f.name)),
          BOUND,
          200,
          undefined,
          { max: 5 },
        )
      ).map(loc),
    ];
    const guides = await grepFiles(
      repo,
      repo.files.filter((f) => /^(contributing|pull_request_template|development)(\.\w+)?$/i.test(f.name)),
      RULE,
      20,
      undefined,
      { max: 3 },
    );
    if (locs.length)
      return [
        present(
          [P.changeTests],
          'low',
          [...locs.slice(0, 5), ...guides.map(loc)],
          'a coverage gate fails the run when new code goes untested; whether each change adds its own tests is not shown',
        ),
      ];
    if (guides.length)
      return [
        present(
          [P.changeTests],
          'low',
          guides.map(loc),
          'the contribution guide asks for tests with every change; whether changes bring them is not shown',
        ),
      ];
    return [];
  },
});
