/**
 * The workload page's repositories panel in Chromium: the real `waymark serve` (single-user,
 * SQLite, built UI) registers a file:// repository, "Scan now" runs it in the server's worker
 * thread, and the job's state follows on the page; a repository that cannot be fetched shows
 * failed with its error.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { makeGitRepo } from '../testing/gitRepo.js';
import { tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';
import { serve, stopped } from '../testing/server.js';

describe('repositories panel of the workload page, in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let url = '';
  let stop = async () => {};
  before(async () => {
    const dir = tempDir();
    process.env.GIT_ALLOW_PROTOCOL = 'file';
    const srv = await serve([
      '--single-user',
      '--port',
      String(await freePort()),
      '--db',
      join(dir, 'ui.db'),
      '--scan-cache',
      join(dir, 'cache'),
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

  it('adds a repository, scans it now and shows the job done, then a failed one with its error', async () => {
    const created = await fetch(`${url}/api/v1/workloads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'checkout' }),
    });
    const { id } = (await created.json()) as { id: string };
    const page = await browser.newPage();
    await page.goto(`${url}/workloads/${id}`);
    const panel = page.getByTestId('repositories');
    await panel.getByText('No repository yet').waitFor();
    const repo = makeGitRepo();
    await panel.getByLabel('Git URL').fill(repo.url);
    await panel.getByRole('button', { name: 'Add repository' }).click();
    const row = panel.getByTestId('repository').filter({ hasText: repo.url });
    await row.getByText('never scanned').waitFor();
    await row.getByRole('button', { name: 'Scan now' }).click();
    await row.getByTestId('job-state').filter({ hasText: 'done' }).waitFor({ timeout: 60_000 });
    assert.equal(await row.getByText('none', { exact: true }).count(), 0, 'the last scan is shown');

    await panel.getByLabel('Git URL').fill('file:///nonexistent/waymark/missing.git');
    await panel.getByRole('button', { name: 'Add repository' }).click();
    const bad = panel.getByTestId('repository').filter({ hasText: 'missing.git' });
    await bad.getByRole('button', { name: 'Scan now' }).click();
    await bad.getByTestId('job-state').filter({ hasText: 'failed' }).waitFor({ timeout: 60_000 });
    assert.match((await bad.getByTestId('job-error').textContent()) ?? '', /git clone failed/);
    assert.ok((await panel.getByTestId('scan-jobs').locator('li').count()) >= 2);
    await page.close();
  });
});
