import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../diagnostics/index.js';
import { bufferSource } from './input.js';
import { readResults } from './readResults.js';

// Defect 6: XML cut off before </testResults>, or with an unclosed attribute quote, was accepted
// silently (the label became `a rc=`). Malformed XML is now an error at its line; a file that
// only ends early keeps its complete samples and says where it was cut.

const sample = (t: number, lb: string, extra = '') =>
  `<sample t="${t}" ts="1714550400000" s="true" lb="${lb}"${extra}/>`;
const doc = (...lines: string[]) =>
  `<?xml version="1.0"?>\n<testResults version="1.2">\n${lines.join('\n')}\n</testResults>\n`;

async function refused(text: string): Promise<InputError> {
  try {
    await readResults([bufferSource('r.xml', text)], { format: 'jmeter-xml' });
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err;
  }
  assert.fail(`accepted: ${text.slice(0, 200)}`);
}

test('malformed XML is an error with the line, never a guessed label', async () => {
  const cases: [string, number, RegExp][] = [
    // The example of the report: the quote of lb is never closed.
    [doc(sample(5, 'ok'), '<sample t="5" ts="1714550400000" s="true" lb="a rc="200"/>'), 4, /unclosed quote/],
    [doc('<sample t="5" lb="a/>', sample(6, 'b')), 3, /"<" in its value \(an unclosed quote\?\)/],
    [
      doc('<httpSample t="5" lb="a">', '</sample>'),
      4,
      /end tag <\/sample> does not match <httpSample> opened at line 3/,
    ],
    [doc(sample(5, 'a')).replace('</testResults>', '</results>'), 4, /does not match <testResults>/],
    [doc(sample(5, 'a&b')), 3, /"&" must start an entity/],
    [doc(sample(5, 'a&bogus;')), 3, /"&" must start an entity/],
    [doc(sample(5, '&#x110000;')), 3, /"&" must start an entity/],
    [doc('<sample t="5" t="6" lb="a"/>'), 3, /has the attribute t twice/],
    [doc('<sample t=5 lb="a"/>'), 3, /must be quoted/],
    [doc('<sample t lb="a"/>'), 3, /has no value/],
    [`${doc(sample(5, 'a'))}<sample t="5"/>\n`, 5, /a second root element/],
    [`${doc(sample(5, 'a'))}trailing text\n`, 5, /text after the end of the root element/],
    ['<!DOCTYPE x [<!ENTITY e "e">]>\n<testResults/>', 1, /DOCTYPE is not allowed/],
    ['<results>\n<sample t="5" lb="a"/>\n</results>\n', 1, /root element is <results>, not <testResults>/],
    ['hello\n', 1, /text before the root element/],
  ];
  for (const [text, line, message] of cases) {
    const e = await refused(text);
    assert.equal(e.location.file, 'r.xml');
    assert.equal(e.location.line, line, `${e.message}\n${text}`);
    assert.match(e.message, message);
    assert.match(e.message, /^malformed XML: /);
  }
});

test('a file cut off before </testResults> keeps its complete samples and reports the cut with its line', async () => {
  const whole = doc(sample(5, 'a'), sample(6, 'a'), sample(7, 'a'));
  const cut = whole.slice(0, whole.indexOf('</testResults>'));
  const s = await readResults([bufferSource('r.xml', cut)]);
  assert.equal(s.overall.count, 3);
  assert.deepEqual(
    s.skipped.reasons.map((r) => [r.reason, r.where]),
    [['XML cut off before </testResults> (truncated file)', ['r.xml:6']]],
  );
  // Cut inside a sample's tag (an unclosed quote at the very end): that sample is reported too.
  const inTag = whole.slice(0, whole.indexOf('lb="a"/>\n<sample t="7"') + 5);
  const t = await readResults([bufferSource('r.xml', inTag)]);
  assert.equal(t.overall.count, 1);
  assert.deepEqual(
    t.skipped.reasons.map((r) => [r.reason, r.where]),
    [
      ['truncated last element', ['r.xml:4']],
      ['XML cut off before </testResults> (truncated file)', ['r.xml:4']],
    ],
  );
});

test('well-formed details are read right: ">" and entities in values, comments, CDATA, nesting', async () => {
  const text = doc(
    '<!-- a comment with <tags> -->',
    '<httpSample t="120" ts="1714550400000" s="true" rm="a > b" lb="GET /x?a=1&amp;b=&quot;2&quot; &#x263A;">',
    '  <sample t="60" ts="1714550400010" s="true" lb="nested"/>',
    '  <responseData class="java.lang.String"><![CDATA[<not a tag> & raw]]></responseData>',
    '</httpSample>',
    "<sample t='8' ts='1714550400020' s='false' lb='single &apos;quoted&apos;'\n  rc='500'/>",
  );
  const s = await readResults([bufferSource('r.xml', text)]);
  assert.deepEqual(
    s.flows.map((f) => [f.flow, f.count, f.errors]),
    [
      ['GET /x?a=1&b="2" ☺', 1, 0],
      ["single 'quoted'", 1, 1],
    ],
  );
  assert.equal(s.skipped.total, 0);
});

test('the result does not depend on where chunks are cut', async () => {
  const text = doc(
    sample(5, 'a &amp; b'),
    '<httpSample t="9" ts="1714550400000" s="false" lb="c">\n<sample t="1" lb="x"/>\n</httpSample>',
    '<!-- c -->',
    sample(7, 'a &amp; b', ' rc="200"'),
  );
  const whole = await readResults([bufferSource('r.xml', text)]);
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (chunk) => {
      assert.deepEqual(await readResults([bufferSource('r.xml', text, chunk)]), whole);
    }),
    { numRuns: 40 },
  );
});
