import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = { appTests: 'oe.3.testing.application-tests', suite: 'oe.4.safe-deployment.end-to-end-suite' };

/** A pipeline step that runs an end-to-end suite: the runner's command, or a script or target named e2e. */
const E2E_RUN =
  /\bcypress\s+run\b|cypress-io\/github-action|\bplaywright\s+test\b|\bhelm\s+test\b|\blocust\b[^\n]*--headless|^\s*(-\s*)?(run|script|sh|bat|pwsh|powershell)\s*:[^\n]*[\s:/.-]e2e([\s:._-]|$)|\bsh\s+['"][^'"\n]*\be2e\b|^\s*-?\s*name\s*:[^\n]*\b(smoke|e2e|end[- ]to[- ]end|browser|acceptance)[- ]tests?\b|\bskaffold\s+verify\b|^\s*(-\s*)?run\s*:[^\n]*\bk6\b[^\n]*\bbrowser\b/im;

export default defineDetector({
  meta: {
    id: 'e2e-tests',
    title: 'Integration, end-to-end and UI tests',
    practices: Object.values(P),
    group: 'tests',
    docs: 'Looks for end-to-end and UI test set-ups: Playwright and Cypress configuration files, Selenium or Playwright declared as dependencies, and test files in integration or e2e folders. These cover critical user paths that unit tests miss. A pipeline step that runs such a suite (cypress run, playwright test, helm test, headless Locust, k6 browser tests, skaffold verify, a script or target named e2e, a step named for smoke, end-to-end, browser or acceptance tests) is medium evidence that the full suite runs before changes are released.',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const runs = grepPipelines(await pipelines(repo), E2E_RUN);
    if (runs.length) out.push(present([P.suite], 'medium', runs, 'a pipeline runs the end-to-end suite'));
    const locs: EvidenceLocation[] = [];
    const tools = new Set<string>();
    for (const f of repo.byNamePrefix('playwright.config.', 'cypress.')) {
      const tool = /^playwright\.config\.[cm]?[jt]s$/.test(f.name)
        ? 'Playwright'
        : /^cypress\.config\.[cm]?[jt]s$|^cypress\.json$/.test(f.name)
          ? 'Cypress'
          : undefined;
      if (tool) {
        tools.add(tool);
        locs.push({ file: f.path });
      }
    }
    for (const d of await dependencyHits(
      repo,
      'selenium(-webdriver)?|@playwright/test|playwright|Microsoft\\.Playwright|Selenium\\.WebDriver|testcontainers|@testcontainers/[\\w-]+',
    )) {
      tools.add(d.pkg);
      locs.push(d.location);
    }
    const dirs = repo
      .inDirs(/(^|\/)(e2e|integration|integration-tests|end-to-end|acceptance|ui-tests)\//i)
      .filter((f) => /test|spec|\.feature$/i.test(f.name));
    const real = await grepFiles(
      repo,
      dirs.slice(0, 100),
      /\b(describe|it|test)\s*\(|def\s+test_|func\s+Test|@Test|\[Fact|Scenario:|Feature:/,
    );
    if (real.length) tools.add('integration/e2e test folders');
    locs.push(...real.slice(0, 5).map(loc));
    if (locs.length === 0) return out;
    return [
      ...out,
      present(
        [P.appTests],
        real.length || tools.size > 1 ? 'high' : 'medium',
        locs,
        `end-to-end or integration tests: ${[...tools].join(', ')}`,
      ),
    ];
  },
});
