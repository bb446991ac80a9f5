// check --format md: a pull-request comment that stays short whatever the assessment holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMENT_ITEMS } from './checkMarkdown.js';
import { renderCheck } from './checkReport.js';
import { checkReport } from './testing.js';

describe('check --format md', () => {
  it('says the gate failed, per pillar, and lists what blocks it, capped with a count of the rest', () => {
    const report = checkReport({ oe: 3, tk: 1 }); // a barely answered assessment: dozens block
    const md = renderCheck('md', report);
    assert.match(
      md,
      /^### ❌ Waymark check failed: 2 of 2 pillars are below the minimum · Shop &amp; &lt;Co&gt;\n/,
    );
    assert.match(md, /\| Operational Excellence \(`oe`\) \| 0 \| 3 \| ❌ \d+ blocking \|/);
    assert.match(md, /\| Tricky &lt;ops&gt; &amp; "co" \(`tk`\) \| 0 \| 1 \| ❌ 2 blocking \|/);
    const rows = md.split('\n').filter((l) => /^\| `/.test(l));
    assert.equal(rows.length, COMMENT_ITEMS);
    const total = new Set(report.gates.flatMap((g) => g.blocking.map((b) => b.id))).size;
    assert.ok(total > COMMENT_ITEMS);
    assert.match(
      md,
      new RegExp(`…and ${total - COMMENT_ITEMS} more blocking practices: \`waymark plan\` lists them all\\.`),
    );
    // Lowest level and highest risk first: the level-1, high-risk practices open the list.
    assert.match(rows[0] ?? '', /\| (oe|tk) 1 \|/);
    assert.ok(md.length < 6000, `a comment of ${md.length} characters is too long to read`);
  });

  it('keeps model text from breaking the table or adding HTML', () => {
    const md = renderCheck('md', checkReport({ tk: 1 }));
    const row = md.split('\n').find((l) => l.includes('`tk.1.s.nasty`'));
    assert.ok(row);
    assert.doesNotMatch(row, /<b>/);
    assert.match(row, /&lt;b&gt;bold&lt;\/b&gt; &amp;/);
    // Five unescaped pipes: the table's four columns, nothing more.
    assert.equal(row.replace(/\\\|/g, '').match(/\|/g)?.length, 5);
    assert.ok(row.endsWith('| Not met | Fix the "thing" \\]\\]&gt; now. |'), row);
  });

  it('says the gate passed, without a list, when every pillar holds', () => {
    const met = 'answers:\n  tk.1.s.nasty: met\n  tk.1.s.secret: met\n  tk.1.s.na: met\n  tk.1.s.met: met\n';
    const md = renderCheck('md', checkReport({ tk: 1 }, met));
    assert.match(md, /^### ✅ Waymark check passed\n/);
    assert.match(md, /\| ✅ passed \|/);
    assert.doesNotMatch(md, /What blocks/);
    assert.match(md, /<sub>Answers: `waymark\.assessment\.yaml` · Waymark 0\.1\.0<\/sub>/);
  });
});
