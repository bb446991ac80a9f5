// assess and plan --format html: one self-contained page each, checked as text here and as
// Chromium draws and prints it (src/report/assessmentHtmlInChromium.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAssessmentHtml, renderPlanHtml } from './assessmentHtml.js';
import { ASSESSMENT_RENDERERS } from './assessmentRenderers.js';
import { formatChoices } from './formats.js';
import { checkReport } from './testing.js';

/** Nothing the page would fetch: no script, stylesheet link, image, frame, font or CSS import. */
export function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(html, /\bsrc\s*=/i);
  assert.doesNotMatch(html, /@import|url\(/i);
  assert.doesNotMatch(html, /xlink:href="(?!#)/);
}

describe('assess --format html', () => {
  it('is offered for assess and plan', () => {
    assert.ok(formatChoices('assessment').includes('html') && formatChoices('plan').includes('html'));
    assert.deepEqual(Object.keys(ASSESSMENT_RENDERERS).sort(), formatChoices('assessment').sort());
  });

  it('is one self-contained page with a coverage chart and a chart per pillar', async () => {
    const report = checkReport({ tk: 1 });
    const html = await renderAssessmentHtml(report, 5, new Date('2026-11-25T10:00:00Z'));
    assertSelfContained(html);
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.equal(html.match(/<svg /g)?.length, 1 + report.score.pillars.length);
    assert.match(html, /<title>Well-Architected maturity: Shop &amp; &lt;Co&gt;<\/title>/);
    assert.match(html, /2026-11-25/);
    for (const p of report.score.pillars) assert.ok(html.includes(`Level ${p.level} of ${p.maxLevel}`));
    // The plan is cut at the limit, and the rest is counted.
    assert.equal((html.split('<h2>What to do next</h2>')[1]?.match(/<tr>/g)?.length ?? 0) - 1, 5);
    assert.match(html, new RegExp(`${report.score.plan.length - 5} more in <code>waymark plan</code>`));
  });

  it('escapes model and answer text, in the page and inside the charts', async () => {
    const html = await renderAssessmentHtml(checkReport({ tk: 1 }), 50);
    // The tricky model's title and level name hold markup; none of it may survive as markup.
    assert.doesNotMatch(html, /<ops>|<only>|<b>bold|<script>alert/);
    assert.match(html, /Tricky &lt;ops&gt; &amp; &quot;co&quot;/);
    const svgText = [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('\n');
    assert.match(svgText, /Tricky &lt;ops&gt; &amp;/);
  });
});

describe('plan --format html', () => {
  it('charts the plan by pillar, level and risk and lists the items with why and next step', async () => {
    const report = checkReport({ tk: 1 });
    const html = await renderPlanHtml(report, 3);
    assertSelfContained(html);
    assert.equal(html.match(/<svg /g)?.length, 1);
    assert.match(html, /Improvement plan: items per pillar and level, by risk/);
    const rows = html.split('<tbody>')[1]?.match(/<tr>/g)?.length;
    assert.equal(rows, 3);
    const first = report.score.plan[0];
    assert.ok(first);
    assert.ok(html.includes(`<code>${first.practiceId}</code>`));
    assert.ok(html.includes('<th>Why</th>'));
    assert.match(
      html,
      new RegExp(`${report.score.plan.length - 3} more: <code>waymark plan --limit 0</code>`),
    );
    assert.match(html, /<a href="https:\/\/learn\.microsoft\.com\/[^"]+tabs=level1">Level 1: /);
  });

  it('says there is nothing to do when every practice holds', async () => {
    const met = 'answers:\n  tk.1.s.nasty: met\n  tk.1.s.secret: met\n  tk.1.s.na: met\n  tk.1.s.met: met\n';
    const report = checkReport({ tk: 1 }, met);
    const empty = { ...report, score: { ...report.score, plan: [] } };
    const html = await renderPlanHtml(empty, 10);
    assert.match(html, /Nothing to improve/);
    assert.doesNotMatch(html, /<svg/);
  });
});
