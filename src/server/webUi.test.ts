/**
 * The web UI end to end: the real server (built UI in dist/web/, API tokens, SQLite) as a child
 * process, driven by Debian's Chromium through playwright-core.
 *
 * WAYMARK_SCREENSHOTS=1 also writes docs/screenshots/*.png at 1280 and 390 px wide.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { BIN, REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';

/** What the portfolio's heat map reports it drew (HeatDrawn in web/src/pages/Heatmap.tsx). */
interface HeatDrawn {
  rows: string[];
  columns: string[];
  fontSize: number;
  cell(x: number, y: number): { mark: string | null; centre: [number, number]; size: [number, number] };
}

const WEB_INDEX = join(REPO_ROOT, 'dist', 'web', 'index.html');
const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const TIMEOUT = 10_000;

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(args: string[]): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 15 s:\n${output}`)), 15_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('Waymark is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return { url: `http://127.0.0.1:${port}`, child };
}

function stopServer(s: Server | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

async function createToken(db: string, role: 'admin' | 'editor' | 'viewer'): Promise<string> {
  const r = await runCli(['token', 'create', '--team', 't1', '--role', role, '--name', role, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

/** Waits until the locator's text contains `expected`, then returns the whole text. */
async function textOf(locator: Locator, expected: string | RegExp): Promise<string> {
  const deadline = Date.now() + TIMEOUT;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.count()) > 0 ? await locator.first().textContent() : '') ?? '';
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected text ${String(expected)}, got ${JSON.stringify(last)}`);
}

/** Waits until the locator matches exactly `n` elements. */
async function waitCount(locator: Locator, n: number): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected ${n} matches, got ${last}`);
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const [scroll, client] = (await page.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  assert.ok(scroll <= client, `${page.url()} scrolls sideways: ${scroll} px of content in ${client} px`);
}

describe('web UI in Chromium', () => {
  let dir: string;
  let server: Server | undefined;
  let browser: Browser;
  let editorToken: string;
  let viewerToken: string;
  let adminToken: string;
  let editorContext: BrowserContext;
  let page: Page;
  let workloadId = '';
  const pageErrors: string[] = [];

  const api = async (method: string, path: string, body?: unknown, token = editorToken) => {
    const res = await fetch(`${server?.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };

  before(async () => {
    assert.ok(
      existsSync(WEB_INDEX),
      `the web UI is not built (${WEB_INDEX} is missing): run npx vite build --config web/vite.config.ts`,
    );
    dir = tempDir('waymark-web-');
    const db = join(dir, 'web.db');
    editorToken = await createToken(db, 'editor');
    viewerToken = await createToken(db, 'viewer');
    adminToken = await createToken(db, 'admin');
    server = await startServer(['--db', db]);
    browser = await launchChromium();
    editorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await editorContext.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a token, refuses a wrong one, signs in and creates a workload', async () => {
    await page.goto(`${server?.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('API token').fill('wm_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textOf(page.getByRole('alert'), 'not accepted');

    await page.getByLabel('API token').fill(editorToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    assert.equal(await textOf(page.getByTestId('access'), 'Can edit'), 'Can edit');

    // An empty name is refused in the page, before any request.
    await page.getByRole('button', { name: 'Create workload' }).click();
    await textOf(page.getByRole('alert'), 'Give the workload a name');

    await page.getByLabel('Name', { exact: true }).fill('Checkout API');
    await page.getByLabel('Criticality').selectOption('high');
    await page.getByLabel('Tags (comma separated)').fill('payments, pci');
    await page.getByRole('button', { name: 'Create workload' }).click();
    await page.getByRole('heading', { name: 'Checkout API', level: 1 }).waitFor();
    workloadId = /\/workloads\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    assert.ok(workloadId, `the page moved to the new workload, not ${page.url()}`);
    assert.equal(await textOf(page.getByTestId('pillar-level-oe'), 'Level 0'), 'Level 0 — not started');
    // A new workload asks for its first answers, and says how to send it health results.
    const start = page.getByTestId('start-prompt').getByRole('link', { name: 'Start the assessment' });
    assert.match((await start.getAttribute('href')) ?? '', /\/assess\?pillar=oe&level=1$/);
    const command = await textOf(page.getByTestId('health-command'), '--push');
    assert.ok(command.includes(`--push ${server?.url} --workload ${workloadId}`), command);
    assert.doesNotMatch(command, /\bURL\b/);

    const stored = await api('GET', `/workloads/${workloadId}`);
    assert.equal(stored.json.criticality, 'high');
    assert.deepEqual(stored.json.tags, ['payments', 'pci']);
    // A milestone before any answer, to compare with later.
    assert.equal((await api('POST', `/workloads/${workloadId}/milestones`, { name: 'Start' })).status, 201);

    // The portfolio lists it at level 0 in both pillars, not assessed yet.
    await page.getByRole('link', { name: 'Portfolio' }).first().click();
    const row = page.getByRole('row', { name: /Checkout API/ });
    assert.equal(await textOf(row.getByTestId('level-oe'), '0'), '0 not assessed');
  });

  it('answers level 1 in the editor, needs a reason for not-applicable, and the level rises', async () => {
    // A workload with no scan yet: the editor asks for it without a failed request in the console.
    const consoleErrors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    };
    const failed: string[] = [];
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    };
    page.on('console', onConsole);
    page.on('response', onResponse);
    assert.equal((await api('GET', `/workloads/${workloadId}/scans/latest?optional=1`)).status, 204);
    assert.equal((await api('GET', `/workloads/${workloadId}/scans/latest`)).status, 404);
    await page.goto(`${server?.url}/workloads/${workloadId}`);
    await page.getByRole('link', { name: 'Assessment', exact: true }).click();
    await page.getByRole('heading', { name: /Operational Excellence level 1/ }).waitFor();
    await textOf(page.locator('main'), 'No scan yet');
    page.off('console', onConsole);
    page.off('response', onResponse);
    assert.deepEqual([consoleErrors, failed], [[], []]);
    const practices = page.locator('article.practice');
    const count = await practices.count();
    assert.ok(count >= 5, `level 1 shows its practices (${count})`);

    // The first practice does not apply: without a reason nothing is saved.
    const first = practices.nth(0);
    await first.getByRole('radio', { name: 'Not applicable' }).check();
    await textOf(first.locator('.save-state'), 'say why this practice does not apply');
    await first
      .getByLabel('Why it does not apply (required)')
      .fill('One environment only: an internal batch job.');
    await first.locator('.save-state[data-state="saved"]').waitFor({ timeout: TIMEOUT });

    for (let i = 1; i < count; i++)
      await practices.nth(i).getByRole('radio', { name: 'Met', exact: true }).check();
    // A note is saved after typing stops (debounced), with the same practice's next revision.
    // The note sits with the guidance, behind one disclosure (one tab stop, not three).
    await practices.nth(1).locator('details.practice-more > summary').click();
    await practices.nth(1).getByLabel('Note').fill('Checked in the weekly review.');
    await waitCount(page.locator('article.practice .save-state[data-state="saved"]'), count);
    await textOf(practices.nth(1).locator('.save-state'), 'revision 2');
    assert.equal(await textOf(page.getByTestId('editor-level'), 'OE level 1'), 'OE level 1 · PE level 0');

    // After a reload the answers are still there, read back from the server. (Without a level in
    // the address the editor would now open at level 2, the first one not held.)
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=oe&level=1`);
    await page.getByRole('heading', { name: /Operational Excellence level 1/ }).waitFor();
    assert.equal(await first.getByRole('radio', { name: 'Not applicable' }).isChecked(), true);
    assert.equal(
      await first.getByLabel('Why it does not apply (required)').inputValue(),
      'One environment only: an internal batch job.',
    );
    assert.equal(await practices.nth(1).getByLabel('Note').inputValue(), 'Checked in the weekly review.');
    assert.equal(
      await practices
        .nth(count - 1)
        .getByRole('radio', { name: 'Met', exact: true })
        .isChecked(),
      true,
    );

    // The workload page shows the new level and the held rung.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    assert.equal(await textOf(page.getByTestId('pillar-level-oe'), 'Level 1'), 'Level 1 — DevOps foundation');
    const rung = page.locator('.ladder').first().locator('li.rung.held');
    assert.equal(await rung.count(), 1);
    assert.match((await rung.textContent()) ?? '', /Level 1: DevOps foundation — held/);
    await textOf(page.getByRole('heading', { name: /What blocks level 2/ }), 'What blocks level 2');
  });

  it('opens at the first level not held, keeps the levels in view, says when a level is lost, and filters', async () => {
    // OE level 1 is held: the pillar's tab (no level in the address) opens level 2.
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=oe`);
    await page.getByRole('heading', { name: /Operational Excellence level 2/ }).waitFor();
    const practices = page.locator('article.practice');
    const all = await practices.count();
    const show = page.getByLabel('Show', { exact: true });
    await show.selectOption('blocking');
    await textOf(page.getByTestId('filter-count'), 'practice');
    const blocking = await practices.count();
    assert.ok(blocking > 0 && blocking <= all, `blocking ${blocking} of ${all}`);
    assert.match(
      (await page.getByTestId('filter-count').textContent()) ?? '',
      new RegExp(`^${blocking} practices?$`),
    );
    await show.selectOption('suggested');
    await waitCount(practices, 0); // no scan pushed yet
    await show.selectOption('all');
    await waitCount(practices, all);

    // Scrolled to the bottom of the long page, the levels are still in view.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await new Promise((r) => setTimeout(r, 100));
    const box = await page.getByTestId('level-bar').boundingBox();
    assert.ok(box && box.y >= -1 && box.y < 60, `the level bar is at ${JSON.stringify(box)}`);

    // Losing a level is said at once; reaching it again too.
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=oe&level=1`);
    await page.getByRole('heading', { name: /Operational Excellence level 1/ }).waitFor();
    await textOf(page.getByTestId('editor-level'), 'OE level 1');
    const second = practices.nth(1);
    await second.getByRole('radio', { name: 'Not met' }).check();
    await textOf(page.getByTestId('level-lost'), 'OE level dropped from 1 to 0');
    await second.getByRole('radio', { name: 'Met', exact: true }).check();
    await textOf(page.getByTestId('level-rose'), 'OE level rose from 0 to 1');
    assert.equal(await page.getByTestId('level-lost').textContent(), '');
  });

  it('keeps OE level 1 short to tab through: two stops a practice, the status group first', async () => {
    const created = await api('POST', '/workloads', { name: 'Tab stops' });
    await page.goto(`${server?.url}/workloads/${created.json.id}/assess?pillar=oe&level=1`);
    await page.getByRole('heading', { name: /Operational Excellence level 1/ }).waitFor();
    const practices = await page.locator('article.practice').count();
    await page.locator('main').focus();
    const stops: string[] = [];
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press('Tab');
      const stop = (await page.evaluate(
        `(() => { const a = document.activeElement; return a && a.closest('main') ? a.tagName + ':' + (a.getAttribute('type') ?? '') : null; })()`,
      )) as string | null;
      if (stop === null) break;
      stops.push(stop);
    }
    // Once round the page: every practice's status group is reached, and little else.
    assert.equal(stops.filter((s) => s === 'INPUT:radio').length, practices);
    assert.ok(
      stops.length <= 2 * practices + 20,
      `${stops.length} tab stops for ${practices} practices: ${stops.slice(0, 20).join(' ')}`,
    );
    // The guidance, note and evidence are one disclosure away, and open at once where text is kept.
    const first = page.locator('article.practice').first();
    assert.equal(await first.getByLabel('Note').isVisible(), false);
    await first.locator('details.practice-more > summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await first.getByLabel('Note').isVisible(), true);
  });

  it('is usable with the keyboard: skip link, arrow keys in a status group', async () => {
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=pe&level=1`);
    await page.getByRole('heading', { name: /Performance Efficiency level 1/ }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate('document.activeElement.id'), 'main');

    const practice = page.locator('article.practice').first();
    const id = ((await practice.getAttribute('id')) ?? '').replace(/^practice-/, '');
    const puts: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => {
      if (r.method() === 'PUT' && r.url().includes(encodeURIComponent(id))) puts.push(r.url());
    };
    page.on('request', onRequest);
    await practice.getByRole('radio', { name: 'Unknown' }).focus();
    // One focus ring, on the label, at 3:1 or more against the white page.
    const ring = (await page.evaluate(
      '[getComputedStyle(document.activeElement.closest("label")).outlineColor, getComputedStyle(document.activeElement).outlineStyle]',
    )) as [string, string];
    assert.equal(ring[1], 'none', 'the radio itself draws no second ring');
    const [r, g, b] = (ring[0].match(/\d+/g) ?? []).map(Number).map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    const contrast = 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
    assert.ok(contrast >= 3, `focus ring ${ring[0]} is ${contrast.toFixed(2)}:1 on white`);
    await page.keyboard.press('ArrowLeft'); // radio groups move with the arrows: Unknown → Not applicable
    await page.keyboard.press('ArrowLeft'); // → Not met
    assert.equal(await practice.getByRole('radio', { name: 'Not met' }).isChecked(), true);
    // Moving through the options writes nothing, and passing over "not applicable" asks for no reason.
    await textOf(practice.locator('.save-state'), 'Not saved yet');
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(puts, [], 'no save while the arrows move through the options');
    assert.equal(await practice.locator('.save-state .error-text').count(), 0);
    // Leaving the group is the choice: one save, of the option left checked.
    await page.keyboard.press('Tab');
    await practice.locator('.save-state[data-state="saved"]').waitFor({ timeout: TIMEOUT });
    page.off('request', onRequest);
    assert.equal(puts.length, 1, `one save, not one per option passed: ${puts.length}`);
    const answers = await api('GET', `/workloads/${workloadId}/answers`);
    const saved = answers.json.answers.find((a: { practiceId: string }) => a.practiceId === id);
    assert.deepEqual([saved?.status, saved?.revision], ['not-met', 1]);

    // Space on the option the arrows reached chooses it too.
    const second = page.locator('article.practice').nth(1);
    await second.getByRole('radio', { name: 'Unknown' }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft'); // → Met
    await page.keyboard.press('Space');
    await second.locator('.save-state[data-state="saved"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await second.getByRole('radio', { name: 'Met', exact: true }).isChecked(), true);
  });

  it('keeps a note typed just before the page is reloaded, and says how autosave works', async () => {
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=pe&level=2`);
    await page.getByRole('heading', { name: /Performance Efficiency level 2/ }).waitFor();
    await textOf(page.getByTestId('autosave-help'), 'save by themselves');
    const practice = page.locator('article.practice').first();
    const id = ((await practice.getAttribute('id')) ?? '').replace(/^practice-/, '');
    await practice.locator('details.practice-more > summary').click();
    await practice.getByLabel('Note').fill('Typed a moment before the reload.');
    // Well inside the 0.8 s pause after which typing is saved.
    await page.reload();
    const deadline = Date.now() + TIMEOUT;
    let note: string | null = null;
    while (Date.now() < deadline && note === null) {
      const answers = await api('GET', `/workloads/${workloadId}/answers`);
      note = answers.json.answers.find((a: { practiceId: string }) => a.practiceId === id)?.note ?? null;
      if (note === null) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(
      note,
      'Typed a moment before the reload.',
      'the note reached the server as the page went away',
    );
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=pe&level=2`);
    await page.getByRole('heading', { name: /Performance Efficiency level 2/ }).waitFor();
    assert.equal(
      await page.locator('article.practice').first().getByLabel('Note').inputValue(),
      'Typed a moment before the reload.',
    );
  });

  it("shows a conflict with the other person's answer and lets the user take theirs", async () => {
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=oe&level=2`);
    await page.getByRole('heading', { name: /Operational Excellence level 2/ }).waitFor();
    const practice = page.locator('article.practice').first();
    const id = ((await practice.getAttribute('id')) ?? '').replace(/^practice-/, '');
    // Someone else answers the same practice after the page loaded.
    const theirs = await api('PUT', `/workloads/${workloadId}/answers/${id}`, {
      status: 'partial',
      note: 'Half the areas have an owner.',
      revision: 0,
    });
    assert.equal(theirs.status, 200);

    await practice.getByRole('radio', { name: 'Not met' }).check();
    const alert = practice.locator('.conflict');
    await textOf(alert, 'Someone else changed this answer');
    assert.match(
      (await alert.textContent()) ?? '',
      /Their answer now: Partial by editor.*Half the areas have an owner/,
    );
    await alert.getByRole('button', { name: 'Take theirs' }).click();
    assert.equal(await practice.getByRole('radio', { name: 'Partial' }).isChecked(), true);
    assert.equal(await practice.getByLabel('Note').inputValue(), 'Half the areas have an owner.');

    // Editing again starts from their revision and saves.
    await practice.getByRole('radio', { name: 'Met', exact: true }).check();
    await practice.locator('.save-state[data-state="saved"]').waitFor({ timeout: TIMEOUT });
    const after = await api('GET', `/workloads/${workloadId}/answers`);
    const saved = after.json.answers.find((a: { practiceId: string }) => a.practiceId === id);
    assert.deepEqual([saved.status, saved.revision], ['met', 2]);
  });

  it('shows the scan evidence beside a practice and accepts the suggestion', async () => {
    const target = 'oe.2.roles.decision-records';
    const pushed = await api('POST', `/workloads/${workloadId}/scans`, {
      suggestions: [
        {
          practiceId: target,
          status: 'met',
          confidence: 'high',
          evidence: ['docs/adr/0001-use-postgres.md:1', 'docs/adr/0002-queue.md:1'],
          summary: 'Two architecture decision records found.',
          detector: 'adr-files',
        },
      ],
    });
    assert.equal(pushed.status, 201);
    await page.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=oe&level=2`);
    const practice = page.locator(`[id="practice-${target}"]`);
    const aside = practice.getByRole('complementary', { name: 'Scan suggestion' });
    await textOf(aside, 'Two architecture decision records found.');
    assert.match(
      (await aside.textContent()) ?? '',
      /docs\/adr\/0001-use-postgres\.md:1.*Detector: adr-files/,
    );
    await aside.getByRole('button', { name: 'Accept suggestion' }).click();
    await textOf(practice.getByTestId('accepted'), 'Accepted from the scan');
    await practice.locator('.save-state[data-state="saved"]').waitFor({ timeout: TIMEOUT });

    await page.reload();
    await textOf(practice.getByTestId('accepted'), 'Accepted from the scan');
    assert.equal(await practice.getByRole('radio', { name: 'Met', exact: true }).isChecked(), true);
    const answers = await api('GET', `/workloads/${workloadId}/answers`);
    const saved = answers.json.answers.find((a: { practiceId: string }) => a.practiceId === target);
    assert.deepEqual([saved.status, saved.source, saved.confidence], ['met', 'scan', 'high']);
    assert.deepEqual(saved.evidence, ['docs/adr/0001-use-postgres.md:1', 'docs/adr/0002-queue.md:1']);

    // Overriding: another status makes it a person's answer again.
    await practice.getByRole('radio', { name: 'Partial' }).check();
    await practice.locator('.save-state[data-state="saved"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await practice.getByTestId('accepted').count(), 0);
    await textOf(practice.getByRole('complementary'), 'your answer overrides the scan');
  });

  it('creates a milestone, draws the history chart and compares two milestones', async () => {
    await page.goto(`${server?.url}/workloads/${workloadId}/history`);
    await page.getByRole('heading', { name: 'Create a milestone' }).waitFor();
    await page.getByLabel('Milestone name').fill('Level 1 reached');
    await page.getByRole('button', { name: 'Create milestone' }).click();
    await textOf(page.getByRole('status'), 'Milestone "Level 1 reached" created.');

    const table = page.getByTestId('history-table');
    await textOf(table, 'Level 1 reached');
    const rows = await table.locator('tbody tr').allTextContents();
    assert.equal(rows.length, 3, `Start, Level 1 reached, now: ${JSON.stringify(rows)}`);
    assert.match(rows[0] ?? '', /^Start.*0 \(0% of level 1\)/);
    assert.match(rows[1] ?? '', /^Level 1 reached.*1 \(/);
    await page.getByTestId('history-chart').locator('svg').first().waitFor({ timeout: TIMEOUT });
    // Each series is drawn: the level line goes up between the two milestones.
    assert.ok((await page.getByTestId('history-chart').locator('svg path').count()) > 4);
    // One measure (the level) on a time axis: dates along the bottom, not the milestones' names,
    // and no second axis of a coverage figure.
    const chartTexts = await page.getByTestId('history-chart').locator('svg text').allTextContents();
    assert.ok(
      !chartTexts.some((t) => ['Start', 'Level 1 reached', 'now'].includes(t)),
      chartTexts.join(' | '),
    );
    assert.ok(!chartTexts.some((t) => /coverage/i.test(t)), chartTexts.join(' | '));
    assert.deepEqual(
      chartTexts.filter((t) => / level$/.test(t)),
      ['OE level', 'PE level'],
    );
    assert.match(rows[1] ?? '', /1 \(\d+% of level 2\)/);

    // By default the last two milestones are compared: Start, then Level 1 reached.
    assert.match((await page.getByLabel('From').locator('option:checked').textContent()) ?? '', /^Start/);
    // The pickers show their labels whole.
    const [needed, room] = (await page.evaluate(`(() => {
      const s = document.getElementById('cmp-from');
      const cs = getComputedStyle(s);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = cs.font;
      const widest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
      return [widest, s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20];
    })()`)) as [number, number];
    assert.ok(needed <= room, `a label needs ${needed.toFixed(0)} px, the picker has ${room.toFixed(0)}`);
    const diff = page.getByTestId('diff');
    await page.getByRole('button', { name: 'Compare' }).click();
    await textOf(diff, 'OE: level 0 → 1 (up)');
    // Each change reads without the model: the statement, a link to it, the note and the evidence.
    const items = diff.getByTestId('diff-item');
    const first = items.first();
    const link = first.getByRole('link');
    assert.match(
      (await link.getAttribute('href')) ?? '',
      new RegExp(`^/workloads/${workloadId}/assess\\?pillar=(oe|pe)&level=\\d#practice-(oe|pe)\\.`),
    );
    assert.doesNotMatch((await link.textContent()) ?? '', /^(oe|pe)\./);
    assert.match((await first.textContent()) ?? '', /Status: Unknown → /);
    await textOf(diff.getByTestId('diff-note'), 'Note added: “Checked in the weekly review.”');
    await textOf(
      diff.getByTestId('diff-evidence'),
      'Evidence added: docs/adr/0001-use-postgres.md:1, docs/adr/0002-queue.md:1',
    );
  });

  it('the plan shows its real length, and pages and filters through all of it', async () => {
    const total = (await api('GET', `/workloads/${workloadId}/score`)).json.planTotal as number;
    await page.goto(`${server?.url}/workloads/${workloadId}`);
    const plan = page.locator('section[aria-labelledby="plan-title"]');
    await textOf(plan, `${total} items`);
    await waitCount(plan.locator('ol.plan > li'), 10);
    await plan.getByRole('button', { name: `Show all ${total} items` }).click();
    await textOf(plan.getByTestId('plan-count'), `Showing 25 of ${total}`);
    // Page through to the end: every item of the plan can be reached.
    for (let more = plan.getByRole('button', { name: /^Show \d+ more$/ }); (await more.count()) > 0; )
      await more.click();
    await waitCount(plan.locator('ol.plan > li'), total);
    await textOf(plan.getByTestId('plan-count'), `Showing ${total} of ${total}`);
    // Filtering by pillar and status narrows the list to what matches.
    await plan.getByLabel('Pillar').selectOption('pe');
    await plan.getByLabel('Status').selectOption('unknown');
    const heads = await plan.locator('ol.plan > li .plan-head').allTextContents();
    assert.ok(heads.length > 0 && heads.length < total, `filtered: ${heads.length}`);
    assert.ok(
      heads.every((h) => h.startsWith('PE') && h.includes('Unknown')),
      heads.slice(0, 3).join(' | '),
    );
    // An unanswered practice asks to be answered before it is treated as work to do.
    await textOf(plan.locator('ol.plan > li').first(), 'Not answered yet: answer it first');
    // Risk and status do not share a colour: a medium risk is not the amber of "partial".
    const looks = (await page.evaluate(
      `[...document.querySelectorAll('.badge.risk-medium, .badge.status-partial')].slice(0, 50).map((e) => [e.className, getComputedStyle(e).backgroundColor])`,
    )) as [string, string][];
    const medium = looks.find(([c]) => c.includes('risk-medium'));
    const partial = looks.find(([c]) => c.includes('status-partial'));
    assert.ok(medium && partial, JSON.stringify(looks.slice(0, 4)));
    assert.notEqual(medium[1], partial[1]);

    // The portfolio's most blocking practices say their pillar and level and link to where they are answered.
    await page.goto(`${server?.url}/`);
    const blockers = page.locator('.blocking-list li');
    await blockers.first().waitFor();
    assert.match((await blockers.first().textContent()) ?? '', /^\d+(OE|PE) \d /);
    const link = blockers.first().getByRole('link', { name: 'Checkout API' });
    assert.match(
      (await link.getAttribute('href')) ?? '',
      new RegExp(`^/workloads/${workloadId}/assess\\?pillar=(oe|pe)&level=\\d#practice-`),
    );
  });

  it('report page: levels, blocking practices, the plan, and print styles', async () => {
    await page.goto(`${server?.url}/workloads/${workloadId}/report`);
    assert.equal(await textOf(page.getByTestId('report-level-oe'), 'Level 1'), 'Level 1 — DevOps foundation');
    await textOf(
      page.getByRole('heading', { name: /Operational Excellence: what blocks level 2/ }),
      'level 2',
    );
    // The report holds the whole plan and says how long it is.
    const total = (await api('GET', `/workloads/${workloadId}/score`)).json.planTotal as number;
    assert.ok(total > 25, `the plan is longer than the top 25 (${total})`);
    await textOf(page.getByRole('heading', { name: /Improvement plan/ }), `(${total} items)`);
    await waitCount(page.locator('.report-plan tbody tr'), total);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('a viewer sees everything read-only: controls disabled', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await context.newPage();
    await viewer.goto(`${server?.url}/`);
    await viewer.getByLabel('API token').fill(viewerToken);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    assert.equal(await textOf(viewer.getByTestId('access'), 'Read only'), 'Read only');
    assert.equal(await viewer.getByRole('button', { name: 'Create workload' }).isDisabled(), true);
    await viewer.getByTestId('workload-table').getByRole('link', { name: 'Checkout API' }).click();
    assert.equal(
      await textOf(viewer.getByTestId('pillar-level-oe'), 'Level 1'),
      'Level 1 — DevOps foundation',
    );

    await viewer.getByRole('link', { name: 'Assessment', exact: true }).click();
    await textOf(viewer.getByTestId('readonly-message'), 'read-only');
    const radios = viewer.locator('article.practice input[type="radio"]');
    // The read-only notice can show before the practices are drawn: wait for them.
    await radios.first().waitFor({ timeout: TIMEOUT });
    assert.ok((await radios.count()) > 0);
    assert.equal(await radios.first().isDisabled(), true);
    assert.equal(await viewer.locator('article.practice textarea').first().isDisabled(), true);
    await viewer.getByRole('link', { name: 'History', exact: true }).click();
    assert.equal(await viewer.getByRole('button', { name: 'Create milestone' }).isDisabled(), true);
    await context.close();
  });

  it('a viewer whose save reaches the server gets 403, is told so, and nothing changes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await context.newPage();
    // Hide the role from the page (it learns it from GET /me): it then lets the viewer try,
    // and the server has the last word.
    await viewer.route('**/api/v1/me', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: '{"team":"t1","name":"x","role":"editor"}',
      }),
    );
    const puts: number[] = [];
    viewer.on('response', (r) => {
      if (r.request().method() === 'PUT') puts.push(r.status());
    });
    await viewer.goto(`${server?.url}/`);
    await viewer.getByLabel('API token').fill(viewerToken);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    await viewer.goto(`${server?.url}/workloads/${workloadId}/assess?pillar=oe&level=1`);
    const practice = viewer.locator('article.practice').nth(2);
    const radio = practice.getByRole('radio', { name: 'Partial' });
    assert.equal(await radio.isDisabled(), false);
    await radio.click(); // not check(): the refused change is rolled back
    await textOf(viewer.getByTestId('readonly-message'), 'this needs the editor role');
    assert.deepEqual(puts, [403]);
    await textOf(practice.locator('.save-state'), 'Not allowed');
    // The page shows what is stored, and everything is now disabled.
    assert.equal(await practice.getByRole('radio', { name: 'Met', exact: true }).isChecked(), true);
    assert.equal(await radio.isDisabled(), true);
    await textOf(viewer.getByTestId('access'), 'Read only');
    await context.close();

    const answers = await api('GET', `/workloads/${workloadId}/answers`);
    assert.equal(answers.json.answers.filter((a: { status: string }) => a.status === 'partial').length, 1);
  });

  it('shows the health tree and the timeline of changes pushed to the server', async () => {
    const report = (state: string, at: string) => ({
      formatVersion: 1,
      workload: 'payments',
      state,
      reason: `cache is ${state}`,
      evaluatedAt: at,
      components: [
        {
          id: 'cache',
          name: 'Session cache',
          critical: false,
          state,
          reason: `hit ratio ${state}`,
          signals: [
            {
              id: 'hit-ratio',
              key: 'cache.hit-ratio',
              state,
              value: 0.7,
              unit: 'ratio',
              reason: '0.7 < 0.8',
            },
          ],
        },
      ],
    });
    assert.equal(
      (await api('PUT', `/workloads/${workloadId}/health`, report('healthy', '2026-11-01T10:00:00Z'))).status,
      200,
    );
    assert.equal(
      (await api('PUT', `/workloads/${workloadId}/health`, report('degraded', '2026-11-01T10:05:00Z')))
        .status,
      200,
    );
    await page.goto(`${server?.url}/workloads/${workloadId}`);
    const section = page.getByTestId('health');
    await textOf(section, 'cache is degraded');
    await textOf(section, 'Session cache');
    const changes = await section.locator('.timeline li').allTextContents();
    assert.equal(changes.length, 2);
    assert.match(changes[0] ?? '', /workload: healthy → degraded/);
  });

  it('edits what the team says about the workload and lists the practices it rules out', async () => {
    await page.goto(`${server?.url}/workloads/${workloadId}`);
    const teams = page.getByLabel('How many teams build or run the workload?');
    await teams.waitFor({ timeout: TIMEOUT });
    await teams.selectOption('one');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await textOf(page.getByTestId('not-in-force'), 'oe.1.source-control.team-ownership');
    const stored = await api('GET', `/workloads/${workloadId}/context`);
    assert.equal(stored.json.context.teams, 'one');
    await teams.selectOption('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitCount(page.getByTestId('not-in-force'), 0);
  });

  it('edits, archives, brings back and deletes a workload from its page', async () => {
    const created = await api('POST', '/workloads', { name: 'Old batch job', criticality: 'low' });
    assert.equal(created.status, 201);
    const id = created.json.id as string;
    await page.goto(`${server?.url}/workloads/${id}`);
    const manage = page.getByRole('region', { name: 'Manage this workload' });
    await manage.getByLabel('Name', { exact: true }).fill('Nightly batch');
    await manage.getByLabel('Repository (optional)').fill('https://example.com/org/batch');
    await manage.getByLabel('Criticality').selectOption('high');
    await manage.getByLabel('Tags (comma separated)').fill('batch, data');
    await manage.getByRole('button', { name: 'Save changes' }).click();
    await textOf(manage.getByRole('status'), 'Saved.');
    await page.getByRole('heading', { name: 'Nightly batch', level: 1 }).waitFor();
    const stored = (await api('GET', `/workloads/${id}`)).json;
    assert.deepEqual(
      [stored.name, stored.repository, stored.criticality, stored.tags],
      ['Nightly batch', 'https://example.com/org/batch', 'high', ['batch', 'data']],
    );
    // An editor archives (it can be undone) but cannot delete.
    assert.equal(await manage.getByRole('button', { name: 'Delete…' }).count(), 0);
    await manage.getByRole('button', { name: 'Archive', exact: true }).click();
    await textOf(page.getByTestId('archived-notice'), 'Archived on');
    assert.notEqual((await api('GET', `/workloads/${id}`)).json.archivedAt, null);
    // Archived: out of the portfolio's table and figures, listed apart.
    await page.goto(`${server?.url}/`);
    await textOf(page.getByTestId('archived'), 'Nightly batch');
    assert.equal(
      await page.getByTestId('workload-table').getByRole('link', { name: 'Nightly batch' }).count(),
      0,
    );
    // Brought back from its page.
    await page.getByTestId('archived').getByRole('link', { name: 'Nightly batch' }).click();
    await page.getByTestId('archived-notice').getByRole('button', { name: 'Bring it back' }).click();
    await waitCount(page.getByTestId('archived-notice'), 0);
    await page.goto(`${server?.url}/`);
    await page.getByTestId('workload-table').getByRole('link', { name: 'Nightly batch' }).waitFor();
    assert.equal(await page.getByTestId('archived').count(), 0);

    // An admin deletes it, after typing its name.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await context.newPage();
    await admin.goto(`${server?.url}/workloads/${id}`);
    await admin.getByLabel('API token').fill(adminToken);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Nightly batch', level: 1 }).waitFor();
    await admin.getByRole('button', { name: 'Delete…' }).click();
    const confirm = admin.getByTestId('delete-confirm');
    const final = confirm.getByRole('button', { name: 'Delete for good' });
    assert.equal(await final.isDisabled(), true);
    await confirm.getByLabel('Name of the workload to delete').fill('Nightly batch');
    await final.click();
    await admin.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    assert.equal(new URL(admin.url()).pathname, '/');
    await context.close();
    assert.equal((await api('GET', `/workloads/${id}`)).status, 404);
  });

  it('links the evidence of an answer and says who verified it and when', async () => {
    const created = await api('POST', '/workloads', {
      name: 'Evidence links',
      repository: 'https://github.com/contoso/checkout',
    });
    const id = created.json.id as string;
    const target = 'oe.1.iac.declarative';
    const saved = await api('PUT', `/workloads/${id}/answers/${target}`, {
      status: 'met',
      evidence: [
        'infra/main.bicep:12',
        'https://dev.azure.com/contoso/_build/results?buildId=7',
        'the runbook on the wiki',
      ],
      revision: 0,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    await page.goto(`${server?.url}/workloads/${id}/assess?pillar=oe&level=1`);
    const practice = page.locator(`[id="practice-${target}"]`);
    const list = practice.getByTestId('evidence-links');
    await list.waitFor({ timeout: TIMEOUT });
    const links = await list
      .getByRole('link')
      .evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [
      ['infra/main.bicep:12', 'https://github.com/contoso/checkout/blob/HEAD/infra/main.bicep#L12'],
      [
        'https://dev.azure.com/contoso/_build/results?buildId=7',
        'https://dev.azure.com/contoso/_build/results?buildId=7',
      ],
    ]);
    // Words that point nowhere stay words.
    assert.match((await list.textContent()) ?? '', /the runbook on the wiki/);
    assert.match(
      (await list.getByTestId('verified').textContent()) ?? '',
      new RegExp(`^Verified by editor, .*${new Date().getFullYear()}`),
    );
    // Links are reachable with the keyboard and show the focus ring.
    await list.getByRole('link').first().focus();
    assert.notEqual(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle'), 'none');
  });

  it('fits a 390 px wide screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await context.newPage();
    await phone.goto(`${server?.url}/`);
    await phone.getByLabel('API token').fill(editorToken);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    await phone.getByTestId('heatmaps').scrollIntoViewIfNeeded();
    await phone.locator('[data-testid="heatmap-oe"][data-drawn]').waitFor({ timeout: TIMEOUT });
    await noHorizontalScroll(phone);
    for (const [suffix, heading] of [
      ['', 'Checkout API'],
      ['/assess?pillar=oe&level=2', /Operational Excellence level 2/],
      ['/history', /^History/],
      ['/report', 'Checkout API'],
    ] as const) {
      await phone.goto(`${server?.url}/workloads/${workloadId}${suffix}`);
      await phone
        .getByRole('heading', { name: heading, level: suffix === '/assess?pillar=oe&level=2' ? 2 : 1 })
        .waitFor();
      await noHorizontalScroll(phone);
      if (suffix === '/history') {
        // The legend sits clear of the axes' names and labels.
        await phone.getByTestId('history-chart').locator('svg').first().waitFor({ timeout: TIMEOUT });
        const boxes = (await phone
          .getByTestId('history-chart')
          .locator('svg text')
          .evaluateAll((ts) =>
            ts.map((t) => {
              const b = t.getBoundingClientRect();
              return { text: t.textContent ?? '', x: b.x, y: b.y, r: b.right, b: b.bottom };
            }),
          )) as { text: string; x: number; y: number; r: number; b: number }[];
        const legend = boxes.filter((t) => / level$/.test(t.text));
        assert.equal(legend.length, 2);
        for (const l of legend)
          for (const o of boxes.filter((t) => !/ level$/.test(t.text)))
            assert.ok(
              l.r <= o.x || o.r <= l.x || l.b <= o.y || o.b <= l.y,
              `the legend "${l.text}" covers "${o.text}"`,
            );
      }
      if (suffix.startsWith('/assess')) {
        // The pillar tabs stay on one row.
        const tops = await phone
          .getByRole('navigation', { name: 'Pillar' })
          .getByRole('link')
          .evaluateAll((links) => links.map((l) => Math.round(l.getBoundingClientRect().top)));
        assert.equal(new Set(tops).size, 1, `pillar tabs on ${new Set(tops).size} rows`);
      }
    }
    await context.close();
    assert.deepEqual(pageErrors, []);
  });
});

describe('the portfolio with 200 workloads in Chromium', () => {
  let dir: string;
  let server: Server | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  /** Workload name → id. */
  const ids = new Map<string, string>();
  let strategy: { id: string; title: string; practices: string[] };
  const COUNT = 200;
  let level1Count = 0;
  const name = (i: number) => `Service ${String(i).padStart(3, '0')}`;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server?.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const answerAll = async (workload: string, status: string, reason?: string) => {
    for (const p of strategy.practices) {
      const r = await api('PUT', `/workloads/${ids.get(workload)}/answers/${p}`, {
        status,
        revision: 0,
        ...(reason ? { reason } : {}),
      });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
  };

  before(async () => {
    dir = tempDir('waymark-web-portfolio-');
    const db = join(dir, 'web.db');
    token = await createToken(db, 'editor');
    server = await startServer(['--db', db]);
    const crit = ['low', 'medium', 'high', 'critical'];
    const tags = ['checkout', 'search', 'identity', 'data', 'edge'];
    for (let i = 1; i <= COUNT; i++) {
      const r = await api('POST', '/workloads', {
        name: name(i),
        criticality: crit[i % 4],
        tags: i % 7 === 0 ? [] : [tags[i % 5]],
      });
      assert.equal(r.status, 201);
      ids.set(name(i), r.json.id);
    }
    const oe = (await api('GET', '/models')).json.models.find((m: { key: string }) => m.key === 'oe');
    const s = oe.levels[0].strategies[0];
    strategy = { id: s.id, title: s.title, practices: s.practices.map((p: { id: string }) => p.id) };
    // 001: assessed and nothing met (0%); 002: never assessed; 003: not applicable; 004: all met.
    await answerAll(name(1), 'not-met');
    await answerAll(name(3), 'not-applicable', 'Nothing of this kind runs here.');
    await answerAll(name(4), 'met');
    // 005: a milestone before any answer, then all of OE level 1 but one met; 006: level 1 held
    // at its milestone and since.
    const level1 = oe.levels[0].strategies.flatMap((x: { practices: { id: string }[] }) =>
      x.practices.map((p) => p.id),
    );
    const answerLevel1 = async (n: number, missing: number) => {
      for (const [i, p] of level1.entries()) {
        const r = await api('PUT', `/workloads/${ids.get(name(n))}/answers/${p}`, {
          status: i < missing ? 'not-met' : 'met',
          revision: 0,
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
      }
    };
    assert.equal(
      (await api('POST', `/workloads/${ids.get(name(5))}/milestones`, { name: 'Q3 review' })).status,
      201,
    );
    await answerLevel1(5, 1);
    await answerLevel1(6, 0);
    assert.equal(
      (await api('POST', `/workloads/${ids.get(name(6))}/milestones`, { name: 'Q3 review' })).status,
      201,
    );
    level1Count = level1.length;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * What the canvas heat map holds and draws (a canvas has no DOM to read): row and column titles
   * and the distance between rows, as the map reports them, and for the first column of the given
   * rows the mark set on the cell, the colour read from the canvas there and where it is in the viewport.
   */
  const drawn = (chart: Locator, rowNames: string[]) =>
    chart.evaluate((map, wanted) => {
      const heat: HeatDrawn | undefined = Reflect.get(map, 'waymarkHeat');
      if (!heat) throw new Error('no heat map drawn in the box');
      const box = map.getBoundingClientRect();
      // The map is drawn on a stack of canvases: the colour at a point is the canvas's under it.
      const pixel = (x: number, y: number) => {
        for (const canvas of map.querySelectorAll('canvas')) {
          const r = canvas.getBoundingClientRect();
          const [cx, cy] = [box.x + x - r.x, box.y + y - r.y];
          if (cx < 0 || cy < 0 || cx >= r.width || cy >= r.height) continue;
          const scale = canvas.width / r.width;
          const d = canvas
            .getContext('2d')
            ?.getImageData(Math.round(cx * scale), Math.round(cy * scale), 1, 1).data;
          return [d?.[0] ?? 0, d?.[1] ?? 0, d?.[2] ?? 0];
        }
        return [0, 0, 0];
      };
      const first = heat.cell(0, 0);
      const second = heat.cell(1, 1);
      const cells = wanted.map((n) => {
        const y = heat.rows.indexOf(n);
        const c = heat.cell(0, y);
        const [px, py] = c.centre;
        // Off the centre, clear of the mark's glyph: the cell's own colour.
        const [r, g, b] = pixel(px + c.size[0] * 0.3, py - c.size[1] * 0.3);
        const hex = (v = 0) => v.toString(16).padStart(2, '0');
        return { mark: c.mark, colour: `#${hex(r)}${hex(g)}${hex(b)}`, x: box.x + px, y: box.y + py };
      });
      return {
        rows: heat.rows,
        columns: heat.columns,
        pitch: second.centre[1] - first.centre[1],
        fontSize: heat.fontSize,
        cells,
      };
    }, rowNames);

  it('heat map: names and strategy titles readable, distinct empty cells, a cell opens the strategy', async () => {
    await page.goto(`${server?.url}/`);
    const chart = page.getByTestId('heatmap-oe');
    // Drawn only once it comes into view (its code is not in the first load).
    await page.getByTestId('heatmaps').scrollIntoViewIfNeeded();
    await page.locator('[data-testid="heatmap-oe"][data-drawn]').waitFor({ timeout: TIMEOUT });
    // Tiles of rows are drawn as they come near the view: the map's top, where the first rows are.
    await chart.evaluate((el) => el.scrollIntoView());
    await chart.locator('canvas').nth(1).and(page.locator('[data-drawn]')).waitFor({ timeout: TIMEOUT });
    const four = [1, 2, 3, 4].map(name);
    const d = await drawn(chart, four);
    // Every workload is a row, by name, with room for the name's line between rows.
    assert.equal(
      new Set(d.rows.filter((r) => r.startsWith('Service '))).size,
      COUNT,
      `rows: ${d.rows.length}`,
    );
    assert.ok(d.pitch >= d.fontSize + 4, `rows ${d.pitch}px apart for ${d.fontSize}px names`);
    // Columns are strategies by title (with their level), never machine ids.
    assert.equal(d.columns[0], `1 · ${strategy.title}`);
    assert.doesNotMatch([...d.rows, ...d.columns].join(' '), /\b(oe|pe)\.\d\./);
    // The legend says in words what each colour means, with 0% apart from never assessed and not applicable.
    const legend = await page.getByRole('list', { name: 'Legend' }).textContent();
    for (const words of ['not applicable', 'not assessed', '0%', '100%'])
      assert.ok(legend?.includes(words), `${words} in ${legend}`);
    // Those three cells carry a mark besides their colour, and each is drawn in a colour of its own.
    assert.deepEqual(
      d.cells.map((c) => c.mark),
      ['0', '?', '–', null],
    );
    assert.deepEqual(
      d.cells.map((c) => c.colour),
      ['#c0504d', '#e3e6eb', '#ffffff', '#1f7a4c'],
    );

    // A cell is a link to that workload's strategy (scrolled into view first: clicks land in the viewport).
    const first = d.cells[0] ?? assert.fail('row 1');
    await page.evaluate(`window.scrollBy(0, ${first.y - 400})`);
    const target = (await drawn(chart, [name(1)])).cells[0] ?? assert.fail('row 1 after scrolling');
    await page.mouse.click(target.x, target.y);
    await page.waitForURL(/\/assess\?/, { waitUntil: 'commit' });
    assert.equal(
      new URL(page.url()).pathname + new URL(page.url()).search + new URL(page.url()).hash,
      `/workloads/${ids.get(name(1))}/assess?pillar=oe&level=1#strategy-${strategy.id}`,
    );
    await page.getByRole('heading', { name: /Operational Excellence level 1/ }).waitFor();
  });

  it('heat map: a table view for screen readers, grouped and sorted', async () => {
    await page.goto(`${server?.url}/`);
    const section = page.getByTestId('heatmaps');
    await section.getByLabel('Show as').selectOption('table');
    const table = section.getByTestId('heat-table-oe');
    await table.waitFor({ timeout: TIMEOUT });
    const headers = await table.locator('thead th[scope="col"]').allTextContents();
    assert.equal(headers[0], 'Workload');
    assert.equal(headers[1], `Level 1: ${strategy.title}`);
    const cell = async (n: number) => {
      const r = table.getByRole('row', { name: new RegExp(`^${name(n)} `) });
      return r.locator('td').first();
    };
    assert.deepEqual(await Promise.all([1, 2, 3, 4].map(async (n) => (await cell(n)).textContent())), [
      '0%',
      'not assessed',
      'not applicable',
      '100%',
    ]);
    assert.equal(
      await (await cell(1)).getByRole('link').getAttribute('href'),
      `/workloads/${ids.get(name(1))}/assess?pillar=oe&level=1#strategy-${strategy.id}`,
    );
    assert.equal(await table.locator('tbody th[scope="row"]').count(), COUNT);

    // Sorted by coverage, lowest first: the workloads with most met come last.
    await section.getByLabel('Sort by').selectOption('coverage');
    assert.deepEqual((await table.locator('tbody th[scope="row"]').allTextContents()).slice(-3), [
      name(4),
      name(5),
      name(6),
    ]);
    // Grouped by criticality: one table per criticality, most critical first, every workload once.
    await section.getByLabel('Group by').selectOption('criticality');
    await waitCount(section.getByTestId('heat-group'), 4);
    const captions = await section.locator('figcaption').allTextContents();
    assert.deepEqual(captions, [
      'critical criticality (50)',
      'high criticality (50)',
      'medium criticality (50)',
      'low criticality (50)',
    ]);
    // By tag: untagged workloads have a group of their own.
    await section.getByLabel('Group by').selectOption('tag');
    const tagCaptions = await section.locator('figcaption').allTextContents();
    assert.equal(tagCaptions.at(-1), `no tag (${Math.floor(COUNT / 7)})`);
  });

  it('portfolio table: progress to the next level, last assessed, trend; sort, filter, search, group', async () => {
    await page.goto(`${server?.url}/`);
    const table = page.getByTestId('workload-table');
    const row = (n: number) => table.getByRole('row', { name: new RegExp(`^${name(n)} `) });
    // The first 100 rows, then all on request.
    const workloadRows = table.locator('tbody tr:not(.group-row):not(.more-row)');
    await waitCount(workloadRows, 100);
    assert.equal(await row(101).count(), 0);
    await table.getByRole('button', { name: `Show all ${COUNT} workloads` }).click();
    await waitCount(workloadRows, COUNT);
    await row(101).waitFor();
    // 96% of level 1 is not the same as never assessed.
    const near = Math.floor(((level1Count - 1) / level1Count) * 100);
    const shown = Math.round(((level1Count - 1) / level1Count) * 100);
    assert.ok(near >= 90, `level 1 has ${level1Count} practices`);
    assert.equal(await textOf(row(5).getByTestId('level-oe'), '%'), `0 ${shown}% of level 1`);
    assert.equal(await row(2).getByTestId('level-oe').textContent(), '0 not assessed');
    assert.equal(await row(6).getByTestId('level-oe').textContent(), '1 0% of level 2');
    // Last assessed: a date for answered workloads, never for the others.
    assert.equal(await row(2).getByTestId('last-assessed').textContent(), 'never');
    assert.match((await row(5).getByTestId('last-assessed').textContent()) ?? '', /\d{4}/);
    // The trend since the latest milestone, in words.
    assert.equal(
      await row(5).getByTestId('trend').textContent(),
      `OE +${shown} pts of level 1, PE no change since Q3 review`,
    );
    assert.equal(
      await row(6).getByTestId('trend').textContent(),
      'OE no change, PE no change since Q3 review',
    );
    assert.equal(await row(2).getByTestId('trend').textContent(), 'no milestone yet');

    // Search by name (or tag), filter by criticality and by whether it was assessed.
    const count = page.getByTestId('workload-count');
    const bodyRows = table.locator('tbody tr:not(.group-row)');
    const region = page.getByRole('region', { name: 'Workloads', exact: true });
    await region.getByLabel('Search').fill('Service 00');
    assert.equal(await textOf(count, 'of'), '9 of 200 workloads');
    await waitCount(bodyRows, 9);
    await region.getByLabel('Search').fill('');
    await region.getByLabel(/^Criticality/).selectOption('critical');
    assert.equal(await textOf(count, 'of'), '50 of 200 workloads');
    await region.getByLabel(/^Criticality/).selectOption('all');
    await region.getByLabel(/^Show/).selectOption('unassessed');
    assert.equal(await textOf(count, 'of'), '195 of 200 workloads');
    await region.getByLabel(/^Show/).selectOption('all');
    await textOf(count, /^200 workloads$/);

    // Sort by a column header (a button, with aria-sort on the header): OE progress, highest first.
    const firstName = () => table.locator('tbody th[scope="row"]').first().textContent();
    const oeHeader = table.getByRole('columnheader', { name: /OE level/ });
    await oeHeader.getByRole('button').click();
    assert.equal(await oeHeader.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(
      await table
        .locator('tbody th[scope="row"]')
        .evaluateAll((e) => e.slice(0, 2).map((x) => x.textContent)),
      [name(6), name(5)],
    );
    await oeHeader.getByRole('button').click();
    assert.equal(await oeHeader.getAttribute('aria-sort'), 'ascending');
    assert.notEqual(await firstName(), name(6));
    // Last assessed, newest first: the workload answered last.
    await table
      .getByRole('columnheader', { name: /Last assessed/ })
      .getByRole('button')
      .click();
    assert.equal(await firstName(), name(6));

    // Grouped by tag: a header row per tag (and one for untagged), every tagged workload under its tag.
    await region.getByLabel('Group by').selectOption('tag');
    const groups = await table.locator('th[scope="rowgroup"]').allTextContents();
    assert.equal(groups.length, 6, groups.join(' | '));
    assert.equal(groups.at(-1), `no tag (${Math.floor(COUNT / 7)})`);
  });

  it('fits a phone: the heat map scrolls in its own box, the page does not', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const p = await phone.newPage();
    await p.goto(`${server?.url}/`);
    await p.getByLabel('API token').fill(token);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByTestId('heatmaps').scrollIntoViewIfNeeded();
    await p.locator('[data-testid="heatmap-oe"][data-drawn]').waitFor({ timeout: TIMEOUT });
    await noHorizontalScroll(p);
    const region = p.getByRole('region', { name: /heat map/ });
    assert.equal(await region.getAttribute('tabindex'), '0');
    await phone.close();
  });
});

describe('screenshots (WAYMARK_SCREENSHOTS=1)', { skip: process.env.WAYMARK_SCREENSHOTS !== '1' }, () => {
  let dir: string;
  let server: Server | undefined;
  let browser: Browser;

  before(async () => {
    dir = tempDir('waymark-shots-');
    server = await startServer(['--single-user', '--samples', '--db', join(dir, 'shots.db')]);
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the main pages at 1280 and 390 px', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server?.url}/api/v1${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      // biome-ignore lint/suspicious/noExplicitAny: JSON of the API, checked by the assertions
      return (await res.json()) as any;
    };
    const list = await call('GET', '/workloads');
    const w = list.workloads.find((x: { name: string }) => x.name === 'Contoso Orders');
    assert.ok(w, 'the sample workloads are loaded');
    // Some history and a scan, so every page has something to show.
    const answers = (await call('GET', `/workloads/${w.id}/answers`)).answers as {
      practiceId: string;
      revision: number;
    }[];
    const rev = (id: string) => answers.find((a) => a.practiceId === id)?.revision ?? 0;
    await call('POST', `/workloads/${w.id}/milestones`, { name: 'Pre-release review' });
    for (const id of ['oe.2.roles.decision-owners', 'oe.2.improvement.small-increments']) {
      await call('PUT', `/workloads/${w.id}/answers/${id}`, { status: 'met', revision: rev(id) });
    }
    await call('POST', `/workloads/${w.id}/milestones`, { name: 'Release review' });
    await call('POST', `/workloads/${w.id}/scans`, {
      suggestions: [
        {
          practiceId: 'oe.2.roles.decision-records',
          status: 'met',
          confidence: 'high',
          evidence: ['docs/adr/0001-event-sourcing.md:1', 'docs/adr/0002-postgres.md:1'],
          summary: 'Two architecture decision records, each with a status and a decider.',
          detector: 'decision-records',
        },
      ],
    });

    const pages: [string, string, string | RegExp][] = [
      ['portfolio', '/', 'Portfolio'],
      ['workload', `/workloads/${w.id}`, 'Contoso Orders'],
      ['assessment', `/workloads/${w.id}/assess?pillar=oe&level=2`, /^Assessment/],
      [
        'assessment-scan',
        `/workloads/${w.id}/assess?pillar=oe&level=2#practice-oe.2.roles.decision-records`,
        /^Assessment/,
      ],
      ['history', `/workloads/${w.id}/history`, /^History/],
      ['report', `/workloads/${w.id}/report`, 'Contoso Orders'],
    ];
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 } });
      const page = await context.newPage();
      for (const [name, path, heading] of pages) {
        await page.goto(`${server?.url}${path}`);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        if (name === 'portfolio') {
          await page.getByTestId('heatmaps').scrollIntoViewIfNeeded();
          await page.locator('[data-testid="heatmap-oe"][data-drawn]').waitFor();
        }
        if (name === 'history') {
          await page.getByTestId('history-chart').locator('svg').first().waitFor();
          await page.getByRole('button', { name: 'Compare' }).click();
          await page.getByTestId('diff').waitFor();
        }
        await page.waitForLoadState('networkidle');
        if (!path.includes('#')) await page.evaluate('window.scrollTo(0, 0)');
        const file = join(SHOTS, `${name}-${width}.png`);
        const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
        // The top of each page (or from the practice named in the fragment), small enough to keep.
        const y = (await page.evaluate('window.scrollY')) as number;
        const clip = { x: 0, y, width, height: Math.min(height - y, width === 390 ? 1700 : 1100) };
        await page.screenshot({ path: file, fullPage: true, clip });
        assert.ok(statSync(file).size < 320_000, `${file} is ${statSync(file).size} bytes`);
      }
      await context.close();
    }
  });
});
