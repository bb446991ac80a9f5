/**
 * The workload page's delivery panel in Chromium: the real `waymark serve` (single-user, SQLite,
 * built UI) with events posted to it; the figures show, each opens to what it used, and the
 * weekly trend is drawn.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { z } from 'zod';
import { launchChromium } from '../testing/browser.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';
import { serve, stopped } from '../testing/server.js';

const built = existsSync(join(REPO_ROOT, 'dist', 'web', 'index.html'));

describe('delivery panel of the workload page, in Chromium', { skip: !built, timeout: 120_000 }, () => {
  let browser: Browser;
  let url = '';
  let stop = async () => {};
  before(async () => {
    const srv = await serve([
      '--single-user',
      '--port',
      String(await freePort()),
      '--db',
      join(tempDir(), 'ui.db'),
    ]);
    url = srv.url;
    stop = async () => {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stop();
  });

  it('shows the figures, opens each to its deployments and links, and draws the trend', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const { id } = (await (await post('/workloads', { name: 'checkout' })).json()) as { id: string };
    const day = 86_400_000;
    const now = Date.now();
    // Ten weekly deployments over the last ten weeks; the fourth failed; an incident after the seventh.
    const events: unknown[] = Array.from({ length: 10 }, (_, i) => ({
      type: 'deployment',
      id: `rel-${i + 1}`,
      environment: 'production',
      status: i === 3 ? 'failure' : 'success',
      time: new Date(now - (66 - i * 7) * day).toISOString(),
      commits: [
        {
          sha: (i + 1).toString(16).padStart(40, 'c'),
          time: new Date(now - (67 - i * 7) * day).toISOString(),
        },
      ],
    }));
    events.push({
      type: 'incident',
      id: 'INC-42',
      openedAt: new Date(now - (66 - 6 * 7) * day + 2 * 3_600_000).toISOString(),
      resolvedAt: new Date(now - (66 - 6 * 7) * day + 5 * 3_600_000).toISOString(),
    });
    assert.equal((await post(`/workloads/${id}/delivery/events`, { events })).status, 201);

    const page = await browser.newPage();
    await page.goto(`${url}/workloads/${id}`);
    const panel = page.getByTestId('delivery');
    await panel.getByText('Deployment frequency').waitFor();
    const figures = panel.getByTestId('delivery-figure');
    assert.equal(await figures.count(), 5);
    const value = (i: number) => figures.nth(i).getByTestId('delivery-value').textContent();
    // 9 successful deployments in 90 days; 2 of 10 failing (rel-4 failed, rel-7 caused INC-42).
    assert.equal(await value(0), '0.7 a week');
    assert.equal(await value(1), '24 h');
    assert.equal(await value(2), '20%');

    const failure = figures.nth(2);
    assert.equal(await failure.getByTestId('incident-link').isVisible(), false, 'closed until opened');
    await failure.locator('summary').click();
    const link = failure.getByTestId('incident-link');
    await link.waitFor();
    assert.match(
      (await link.textContent()) ?? '',
      /INC-42: deployment rel-7 .* was the latest to production before the incident opened .* 2\.0 h earlier, within the 24 h horizon/,
    );
    assert.match((await failure.textContent()) ?? '', /generic:rel-4: failed/);
    assert.match((await failure.textContent()) ?? '', /Incidents are never counted themselves/);

    await page.locator('[data-testid="delivery-chart"][data-drawn="true"]').waitFor();
    // The chart's own data, read in the page (a string: the test's TypeScript has no DOM types).
    const weekly = z
      .array(z.number())
      .parse(
        await page.evaluate(
          `document.querySelector('[data-testid="delivery-chart"]').waymarkChart.getOption().series[0].data`,
        ),
      );
    assert.equal(weekly.length, 12, 'twelve weeks');
    assert.equal(
      weekly.reduce((n, x) => n + x, 0),
      10,
      'every deployment of the last twelve weeks, failed ones too',
    );
    await page.close();
  });
});
