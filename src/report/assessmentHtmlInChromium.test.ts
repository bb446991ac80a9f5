// The HTML reports as Chromium draws and prints them: nothing fetched, every chart drawn inside
// the page's width on screen and on an A4 page, and a PDF that opens with the report's pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { renderAssessmentHtml, renderPlanHtml } from './assessmentHtml.js';
import { checkReport } from './testing.js';

describe('HTML reports in Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, render] of [
    ['assessment', () => renderAssessmentHtml(checkReport({ tk: 1 }), 10)],
    ['plan', () => renderPlanHtml(checkReport({ tk: 1 }), 20)],
  ] as const) {
    it(`draws the ${name} page without fetching anything, and prints it to A4`, async () => {
      const html = await render();
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(html, { waitUntil: 'load' });
      for (const media of ['screen', 'print'] as const) {
        await page.emulateMedia({ media });
        const width = Number(await page.evaluate('document.documentElement.clientWidth'));
        const boxes = await page.$$eval('figure svg', (svgs) =>
          svgs.map((s) => {
            const r = s.getBoundingClientRect();
            return { w: r.width, h: r.height, right: r.right };
          }),
        );
        assert.ok(boxes.length >= 1);
        for (const b of boxes) {
          assert.ok(b.w > 300 && b.h > 100, `${media}: chart drawn ${b.w}×${b.h}`);
          assert.ok(b.right <= width + 1, `${media}: chart inside the page (${b.right} > ${width})`);
        }
      }
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      assert.ok(pages >= 1 && pages < 20, `${pages} pages`);
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
