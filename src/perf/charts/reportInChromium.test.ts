/**
 * The HTML reports of `perf summary` and `perf compare` as Chromium draws them, at 1,280 and at
 * 390 px wide: the four views are there, no two pieces of text overlap, nothing spills out of its
 * chart, and every legend entry has data drawn (test/fixtures/perf/chartGeometry.js reads the
 * rendered geometry). The same checks are shown to fail on the chart the report drew before.
 *
 * WAYMARK_SCREENSHOTS=1 also writes docs/screenshots/perf-report-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../testing/browser.js';
import { REPO_ROOT, runCli, tempDir } from '../../testing/index.js';
import { TARGETS, writeJtl } from '../../testing/loadTestRun.js';

const GEOMETRY = join(REPO_ROOT, 'test/fixtures/perf/chartGeometry.js');
const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');

interface ChartCheck {
  figures: number;
  texts: number;
  legendEntries: number;
  problems: { figure: string; kind: string; detail: string }[];
}

async function check(page: Page): Promise<ChartCheck> {
  await page.addScriptTag({ path: GEOMETRY });
  return (await page.evaluate("chartProblems('figure')")) as ChartCheck;
}

const visibleIds = (page: Page) =>
  page.evaluate(
    "[...document.querySelectorAll('figure')].filter((f) => f.getBoundingClientRect().height > 0).map((f) => f.id)",
  ) as Promise<string[]>;

describe('the HTML report in Chromium', { timeout: 240_000 }, () => {
  let dir: string;
  let browser: Browser;
  const reports: Record<string, string> = {};

  before(async () => {
    dir = tempDir('perf-charts-');
    writeFileSync(join(dir, 'waymark.perf.yaml'), TARGETS);
    writeJtl(join(dir, 'base.jtl'));
    writeJtl(join(dir, 'slow.jtl'), [3, 12]);
    const common = ['--targets', join(dir, 'waymark.perf.yaml'), '--baseline', join(dir, 'baseline.yaml')];
    const set = await runCli(['perf', 'baseline', 'set', ...common, join(dir, 'base.jtl')]);
    assert.equal(set.code, 0, set.stderr);
    const summary = await runCli([
      'perf',
      'summary',
      '--targets',
      join(dir, 'waymark.perf.yaml'),
      '--format',
      'html',
      join(dir, 'base.jtl'),
    ]);
    assert.equal(summary.code, 0, summary.stderr);
    const compare = await runCli(['perf', 'compare', ...common, '--format', 'html', join(dir, 'slow.jtl')]);
    assert.equal(compare.code, 1, compare.stderr);
    reports.summary = join(dir, 'summary.html');
    reports.comparison = join(dir, 'comparison.html');
    writeFileSync(reports.summary, summary.stdout);
    writeFileSync(reports.comparison, compare.stdout);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['summary', 'comparison'] as const)
    for (const width of [1280, 390])
      it(`${kind} at ${width} px: the four views, no text overlapping, every legend entry drawn`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        try {
          const page = await context.newPage();
          await page.goto(`file://${reports[kind]}`);
          const ids = await visibleIds(page);
          const variant = width < 641 ? 'narrow' : 'wide';
          const expected = [
            ...(kind === 'comparison' ? [`distribution-${variant}`, 'flow-distributions'] : []),
            `over-time-${variant}`,
            ...(kind === 'summary' ? [`distribution-${variant}`] : []),
            'flows-over-time',
            `responses-${variant}`,
          ];
          assert.deepEqual(ids, expected);
          const result = await check(page);
          assert.deepEqual(result.problems, []);
          assert.equal(result.figures, expected.length);
          // The checks had something to check: every axis label, legend entry and panel title.
          assert.ok(result.texts > 150, `${result.texts} texts`);
          assert.ok(result.legendEntries >= 8, `${result.legendEntries} legend entries`);
          // Twenty flows, twenty small multiples each, in a grid that reflows to the width.
          const panels = (await page.evaluate(
            "[...document.querySelectorAll('#flows-over-time .panel')].map((p) => Math.round(p.getBoundingClientRect().left))",
          )) as number[];
          assert.equal(panels.length, 20);
          assert.equal(new Set(panels).size, width === 1280 ? 3 : 1, `columns at ${panels.join(', ')}`);
          const [scroll, client] = (await page.evaluate(
            '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
          )) as [number, number];
          assert.ok(scroll <= client, `the page scrolls sideways: ${scroll} in ${client} px`);
          if (process.env.WAYMARK_SCREENSHOTS === '1') {
            mkdirSync(SHOTS, { recursive: true });
            const file = join(SHOTS, `perf-${kind}-${width}.png`);
            // From the first chart (of a comparison: the distributions per flow), not the tables.
            const first =
              kind === 'comparison' ? '#flow-distributions' : 'figure:not(.narrow):not(.wide), figure.chart';
            const from = (await page.evaluate(
              `[...document.querySelectorAll(${JSON.stringify(first)})].find((f) => f.getBoundingClientRect().height > 0).getBoundingClientRect().top + window.scrollY`,
            )) as number;
            await page.screenshot({
              path: file,
              fullPage: true,
              clip: { x: 0, y: Math.max(0, from - 16), width, height: width === 1280 ? 1500 : 1700 },
            });
            assert.ok(statSync(file).size < 400_000, `${file} is ${statSync(file).size} bytes`);
          }
        } finally {
          await context.close();
        }
      });

  it('the same checks fail on the chart the report drew before: title over legend, a "p95 target" with no data', async () => {
    // The comparison chart as src/perf/html.ts drew it up to this change, option for option.
    const echarts = await import('echarts');
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 960, height: 340 });
    const flows = ['GET /products', 'POST /checkout', '(all)'];
    const series: Record<string, unknown>[] = [];
    for (const key of ['p95', 'p99'])
      for (const pick of ['baseline', 'this run'])
        series.push({ type: 'bar', name: `${key} ${pick}`, data: flows.map((_, i) => 100 + i * 40) });
    series.push({
      type: 'scatter',
      name: 'p95 target',
      symbol: 'rect',
      symbolSize: [26, 3],
      data: flows.map(() => null),
    });
    chart.setOption({
      animation: false,
      backgroundColor: '#fff',
      title: { text: 'Baseline vs this run (ms)', left: 'center' },
      legend: { top: 28 },
      grid: { top: 70, left: 60, right: 30, bottom: 60 },
      xAxis: { type: 'category', data: flows, axisLabel: { interval: 0, rotate: 15 } },
      yAxis: { type: 'value', name: 'ms' },
      series,
    });
    const svg = chart.renderToSVGString();
    chart.dispose();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.setContent(`<!doctype html><body><figure>${svg}</figure></body>`);
      const result = await check(page);
      const kinds = result.problems.map((p) => `${p.kind}: ${p.detail}`);
      assert.ok(
        kinds.some((k) => /^overlap: .*Baseline vs this run \(ms\)/.test(k)),
        `the title overlapping the legend is found: ${kinds.join('; ')}`,
      );
      assert.ok(
        kinds.includes('undrawn legend: legend entry "p95 target" has nothing drawn'),
        kinds.join('; '),
      );
    } finally {
      await page.close();
    }
  });

  it("a flow's trend over sixty runs with long names fits 1,280 and 390 px", async () => {
    const { figureHtml, FIGURE_CSS, renderFigure, trendFigure } = await import('../index.js');
    const points = Array.from({ length: 60 }, (_, i) => ({
      label: `release-2024.${i + 1}-rc${i % 3}+build.${1000 + i}`,
      p95: 200 + (i % 7) * 10,
      p99: 400 + (i % 5) * 30,
      errorRate: i % 11 === 0 ? 2.5 : 0.1,
      throughput: 140 - (i % 4),
      ...(i % 20 === 0 ? { baselineChange: 'made the baseline' } : {}),
    }));
    for (const width of [1280, 390]) {
      const figure = await renderFigure(trendFigure('POST /checkout', points, width < 641 ? 360 : 960));
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await page.setContent(
          `<!doctype html><meta name="viewport" content="width=device-width"><style>body{margin:0 16px}${FIGURE_CSS}</style>${figureHtml(figure)}`,
        );
        const result = await check(page);
        assert.deepEqual(result.problems, [], `at ${width} px`);
        assert.equal(result.legendEntries, 5);
      } finally {
        await page.close();
      }
    }
  });

  it('is one self-contained page: no script, and every clip path it uses is its own', () => {
    const html = readFileSync(reports.comparison ?? '', 'utf8');
    assert.doesNotMatch(html, /<script/);
    const defined = [...html.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    const used = [...html.matchAll(/clip-path="url\(#([^)]+)\)"/g)].map((m) => m[1]);
    assert.equal(new Set(defined).size, defined.length, 'clip path ids are unique in the page');
    for (const id of used) assert.ok(defined.includes(id), `clip path ${id} is defined`);
  });
});
