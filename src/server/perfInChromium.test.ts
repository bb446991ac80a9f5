/**
 * Load tests on the workload page, end to end: runs pushed by the real CLI to the real server,
 * the page in Chromium at 1,280 and 390 px. The run history, a flow's trend with the baseline
 * change marked, a run's four views and two runs compared are shown; no chart text overlaps and
 * every legend entry has data drawn (test/fixtures/perf/chartGeometry.js).
 *
 * WAYMARK_SCREENSHOTS=1 also writes docs/screenshots/perf-workload-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { TARGETS, writeJtl } from '../testing/loadTestRun.js';
import { SAMPLE_RUN_SUMMARY, type ServerWithWorkload, serverWithWorkload } from '../testing/server.js';

const GEOMETRY = join(REPO_ROOT, 'test/fixtures/perf/chartGeometry.js');
const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const TIMEOUT = 20_000;

interface ChartCheck {
  figures: number;
  texts: number;
  legendEntries: number;
  problems: { figure: string; kind: string; detail: string }[];
}

describe('load tests on the workload page, in Chromium', { timeout: 300_000 }, () => {
  let dir: string;
  let srv: ServerWithWorkload;
  let browser: Browser;
  let hostile = '';

  before(async () => {
    dir = tempDir('perf-web-');
    srv = await serverWithWorkload(join(dir, 'w.db'), 'Storefront');
    writeFileSync(join(dir, 'waymark.perf.yaml'), TARGETS);
    writeJtl(join(dir, 'base.jtl'));
    writeJtl(join(dir, 'same.jtl'));
    writeJtl(join(dir, 'slow.jtl'), [3, 12]);
    const env = { WAYMARK_TOKEN: srv.token };
    const common = ['--targets', join(dir, 'waymark.perf.yaml'), '--server', srv.url, '--workload', srv.id];
    const pushes: [string[], number][] = [
      [['baseline', 'set', join(dir, 'base.jtl'), '--run-name', 'build 1'], 0],
      [['compare', join(dir, 'same.jtl'), '--push', srv.url, '--run-name', 'build 2'], 0],
      [['compare', join(dir, 'slow.jtl'), '--push', srv.url, '--run-name', 'build 3'], 1],
    ];
    for (const [args, code] of pushes) {
      const r = await runCli(['perf', ...args, ...common], { env, cwd: dir });
      assert.equal(r.code, code, r.stdout + r.stderr);
    }
    // A second workload whose only run has a flow named like markup.
    const other = await fetch(`${srv.url}/api/v1/workloads`, {
      method: 'POST',
      headers: srv.headers,
      body: JSON.stringify({ name: 'Markup' }),
    });
    hostile = ((await other.json()) as { id: string }).id;
    const name = '<img src=x onerror="window.injected=1">';
    const pushed = await fetch(`${srv.url}/api/v1/workloads/${hostile}/perf/runs`, {
      method: 'POST',
      headers: srv.headers,
      body: JSON.stringify({
        summary: { ...SAMPLE_RUN_SUMMARY, flows: [{ ...SAMPLE_RUN_SUMMARY.flows[0], flow: name }] },
      }),
    });
    assert.equal(pushed.status, 201, await pushed.text());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(width: number): Promise<Page> {
    // The page's policy allows no script but its own; the geometry checks are added by the test.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${srv.url}/`);
    await page.getByLabel('API token').fill(srv.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor({ timeout: TIMEOUT });
    return page;
  }

  async function check(page: Page): Promise<ChartCheck> {
    await page.addScriptTag({ path: GEOMETRY });
    return (await page.evaluate(`chartProblems('[data-testid="perf"] figure')`)) as ChartCheck;
  }

  const figureIds = async (page: Page, within: string) =>
    (await page
      .locator(`${within} figure`)
      .evaluateAll((fs) => fs.map((f) => f.getAttribute('data-testid')))) as string[];

  for (const width of [1280, 390])
    it(`shows the runs, a flow's trend, a run's charts and a comparison at ${width} px`, async () => {
      const page = await signedIn(width);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${srv.url}/workloads/${srv.id}`);
        const section = page.getByTestId('perf');
        const rows = section.getByTestId('perf-runs').locator('tbody tr');
        await rows.nth(2).waitFor({ timeout: TIMEOUT });
        assert.equal(await rows.count(), 3);
        const names = await rows.locator('th').allTextContents();
        assert.deepEqual(names, ['build 3', 'build 2', 'build 1baseline']);
        assert.match((await rows.nth(0).locator('td').nth(1).textContent()) ?? '', /\d regressed/);

        // The trend of all requests, then of the flow that slowed down, its baseline marked.
        const trend = section.getByTestId('figure-trend');
        await trend.locator('svg').waitFor({ timeout: TIMEOUT });
        assert.match((await trend.locator('figcaption').textContent()) ?? '', /^All requests across runs/);
        await section.getByRole('combobox', { name: 'Flow' }).selectOption('POST /api/login/3');
        await trend
          .locator('figcaption', { hasText: /^POST \/api\/login\/3 across runs/ })
          .waitFor({ timeout: TIMEOUT });
        assert.deepEqual(await trend.locator('ul.legend li').allTextContents(), [
          'p95',
          'p99',
          'error rate',
          'throughput',
          'baseline changed',
        ]);

        // The newest run's four views, with its baseline overlaid.
        await section.getByTestId('figure-flows-over-time').waitFor({ timeout: TIMEOUT });
        assert.equal(await section.getByTestId('perf-run-title').textContent(), 'Run build 3');
        assert.deepEqual(await figureIds(page, '[data-testid="perf"] > div >'), [
          'figure-trend',
          'figure-distribution',
          'figure-over-time',
          'figure-responses',
          'figure-flow-distributions',
          'figure-flows-over-time',
        ]);
        assert.equal(await section.getByTestId('figure-flows-over-time').locator('.panel').count(), 20);

        // Two runs ticked: the later judged against the earlier, the slowed flows regressed.
        await section.getByLabel('compare build 3').check();
        await section.getByLabel('compare build 2').check();
        const compare = section.getByTestId('perf-compare');
        await compare.getByTestId('figure-flow-distributions').waitFor({ timeout: TIMEOUT });
        assert.equal(await compare.locator('h3').textContent(), 'build 3 against build 2');
        const regressed = await compare
          .locator('tbody tr')
          .filter({ hasText: 'regressed' })
          .locator('th')
          .allTextContents();
        assert.ok(regressed.includes('POST /api/login/3'), regressed.join(', '));
        assert.ok(regressed.includes('POST /api/search/12'), regressed.join(', '));
        assert.ok(!regressed.includes('GET /api/orders/1'), regressed.join(', '));
        assert.deepEqual(await figureIds(page, '[data-testid="perf-compare"]'), [
          'figure-distribution',
          'figure-flow-distributions',
        ]);

        const result = await check(page);
        assert.deepEqual(result.problems, []);
        assert.equal(result.figures, 8);
        assert.ok(result.texts > 200, `${result.texts} texts`);
        const [scroll, client] = (await page.evaluate(
          '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
        )) as [number, number];
        assert.ok(scroll <= client, `the page scrolls sideways: ${scroll} in ${client} px`);
        assert.deepEqual(errors, []);

        if (process.env.WAYMARK_SCREENSHOTS === '1') {
          mkdirSync(SHOTS, { recursive: true });
          await section.getByLabel('compare build 2').uncheck();
          await section.getByTestId('perf-compare').waitFor({ state: 'detached', timeout: TIMEOUT });
          const file = join(SHOTS, `perf-workload-${width}.png`);
          const box = await section.boundingBox();
          const top = (box?.y ?? 0) + ((await page.evaluate('window.scrollY')) as number);
          await page.screenshot({
            path: file,
            fullPage: true,
            clip: { x: 0, y: top - 8, width, height: width === 1280 ? 1500 : 1800 },
          });
          assert.ok(statSync(file).size < 400_000, `${file} is ${statSync(file).size} bytes`);
        }
      } finally {
        await page.context().close();
      }
    });

  it('shows a flow named like markup as text', async () => {
    const page = await signedIn(1280);
    try {
      await page.goto(`${srv.url}/workloads/${hostile}`);
      const panel = page.getByTestId('figure-flows-over-time').locator('.panel h4');
      await panel.waitFor({ timeout: TIMEOUT });
      assert.match((await panel.textContent()) ?? '', /^<img src=x onerror="window.injected=1">/);
      assert.equal(await page.evaluate('window.injected'), undefined);
      assert.equal(await page.locator('[data-testid="perf"] img').count(), 0);
    } finally {
      await page.context().close();
    }
  });

  it('tells a workload without runs how to push one', async () => {
    const created = await fetch(`${srv.url}/api/v1/workloads`, {
      method: 'POST',
      headers: srv.headers,
      body: JSON.stringify({ name: 'Empty' }),
    });
    const { id } = (await created.json()) as { id: string };
    const page = await signedIn(390);
    try {
      await page.goto(`${srv.url}/workloads/${id}`);
      const command = page.getByTestId('perf-command');
      await command.waitFor({ timeout: TIMEOUT });
      assert.match((await command.textContent()) ?? '', new RegExp(`--push ${srv.url} --workload ${id}$`));
    } finally {
      await page.context().close();
    }
  });
});
