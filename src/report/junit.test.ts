// check --format junit, read back by a strict XML 1.0 parser (saxes): well-formed whatever the
// model and answers hold, and shaped as Azure Pipelines, GitLab and Jenkins read JUnit results.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import { renderCheck } from './checkReport.js';
import { xmlAttr, xmlText } from './junit.js';
import { checkReport, NASTY } from './testing.js';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

/** A tiny tree from a strict parse; any well-formedness error throws. */
function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: false });
  const root: El = { name: '#doc', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (t) => {
    const el: El = { name: t.name, attrs: t.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)?.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.write(xml).close();
  if (error) throw error;
  const doc = root.children[0];
  assert.ok(doc, 'a root element');
  return doc;
}

const all = (el: El, name: string): El[] =>
  el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);

describe('check --format junit', () => {
  const report = checkReport({ oe: 1, tk: 1 });
  const xml = renderCheck('junit', report);
  const doc = parseXml(xml);

  it('is well-formed XML with an XML declaration and a testsuites root', () => {
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    assert.equal(doc.name, 'testsuites');
  });

  it('has a suite per gated pillar and a case per practice of its gated levels', () => {
    const suites = all(doc, 'testsuite');
    assert.deepEqual(
      suites.map((s) => s.attrs.name),
      ['oe: Operational Excellence, level 1', 'tk: Tricky <ops> & "co", level 1'],
    );
    for (const [suite, gate] of suites.map((s, i) => [s, report.gates[i]] as const)) {
      assert.ok(gate);
      const cases = all(suite, 'testcase');
      assert.deepEqual(
        cases.map((c) => c.attrs.name),
        gate.gated.map((p) => p.id),
      );
      assert.equal(Number(suite.attrs.tests), cases.length);
      assert.equal(Number(suite.attrs.failures), cases.filter((c) => all(c, 'failure').length).length);
      assert.equal(Number(suite.attrs.skipped), cases.filter((c) => all(c, 'skipped').length).length);
      assert.equal(suite.attrs.errors, '0');
      assert.equal(suite.attrs.timestamp, '2026-11-25T10:00:00');
    }
    const oeCases = all(suites[0] as El, 'testcase');
    assert.equal(oeCases.length, 16);
    assert.equal(Number(doc.attrs.tests), all(doc, 'testcase').length);
    assert.equal(Number(doc.attrs.failures), all(doc, 'failure').length);
  });

  it('fails blocking practices, skips what does not apply, passes what is met', () => {
    const byName = new Map(all(doc, 'testcase').map((c) => [c.attrs.name, c]));
    const nasty = byName.get('tk.1.s.nasty');
    const failure = nasty?.children.find((c) => c.name === 'failure');
    assert.equal(failure?.attrs.type, 'not-met');
    assert.equal(failure?.attrs.message, `Not met: ${NASTY.replace('\u0001', '\\u0001')}`);
    assert.equal(nasty?.attrs.classname, 'waymark.tk.level1');
    // Every character comes back as written: markup, quotes, ]]>, and the control character as an escape.
    assert.ok(failure?.text.includes('Next step: Fix the "thing" ]]> now.'));
    assert.ok(failure?.text.includes('Why it matters: Because <script>alert(1)</script> & friends.'));
    assert.ok(failure?.text.includes('Evidence given: src/a file.ts:3'));
    assert.ok(failure?.text.includes(`Note: note ${NASTY.replace('\u0001', '\\u0001')}`));
    const skipped = byName.get('tk.1.s.na')?.children.find((c) => c.name === 'skipped');
    assert.equal(skipped?.attrs.message, `Not applicable: No UI ${NASTY.replace('\u0001', '\\u0001')}`);
    assert.deepEqual(byName.get('tk.1.s.met')?.children, []);
    assert.equal(byName.get('tk.1.s.secret')?.children[0]?.attrs.type, 'partial');
    assert.equal(byName.get('oe.1.iac.declarative')?.children.length, 0);
    assert.equal(byName.get('oe.1.collaboration.shared-goals')?.children[0]?.attrs.type, 'unknown');
  });

  it('escapes text and attributes so that no input breaks the document', () => {
    const samples: [string, string][] = [
      ['a<b', 'a<b'],
      ['a&b', 'a&b'],
      ['x]]>y', 'x]]>y'],
      ['"q"', '"q"'],
      ["'s'", "'s'"],
      ['line\nbreak\ttab', 'line\nbreak\ttab'],
      ['cr\r\nlf\r', 'cr\r\nlf\r'],
      ['\u0000\u001f\uffff', '\\u0000\\u001f\\uffff'],
      ['lone \ud800 surrogate', 'lone \\ud800 surrogate'],
      ['pair \ud83d\ude00 kept', 'pair 😀 kept'],
    ];
    for (const [s, visible] of samples) {
      const el = parseXml(`<t a="${xmlAttr(s)}">${xmlText(s)}</t>`);
      assert.equal(el.attrs.a, visible, JSON.stringify(s));
      assert.equal(el.text, visible, JSON.stringify(s));
    }
    assert.doesNotMatch(xml, /]]>/);
    assert.ok(!xml.includes(String.fromCharCode(1)));
  });

  it('passes every case of a gate that holds', () => {
    const met = 'answers:\n  tk.1.s.nasty: met\n  tk.1.s.secret: met\n  tk.1.s.na: met\n  tk.1.s.met: met\n';
    const ok = parseXml(renderCheck('junit', checkReport({ tk: 1 }, met)));
    assert.equal(ok.attrs.failures, '0');
    assert.equal(ok.attrs.tests, '4');
    assert.equal(all(ok, 'failure').length, 0);
  });
});
