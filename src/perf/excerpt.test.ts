import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputErrors, isInputError } from '../diagnostics/index.js';
import { parseBaseline } from './baseline.js';
import { EXCERPT_CHARS, escapedExcerpt } from './excerpt.js';
import { bufferSource } from './input.js';
import { type InputFormat, readResults } from './readResults.js';
import { parseTargets } from './targetsFile.js';

// Defect 8: error messages echo at most a short, escaped excerpt of the input.

const HOSTILE = `\u001b[2J\u001b]0;owned\u0007${'A'.repeat(5000)}\u202e\r\n\u0000`;
/** C0/C1 controls other than a newline, separators, bidi controls, BOM: what must never reach a terminal raw. */
const invisible = (ch: string) => {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c < 0x20 && c !== 0x0a) ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
};

function assertShortAndClean(message: string, what: string): void {
  assert.ok(message.length <= 400, `${what}: ${message.length} characters`);
  assert.ok(![...message].some(invisible), `${what}: ${JSON.stringify(message.slice(0, 200))}`);
}

test('escapedExcerpt: capped, control and invisible characters escaped, the length said', () => {
  const e = escapedExcerpt(HOSTILE);
  assert.ok(e.startsWith('"\\u001b[2J\\u001b]0;owned\\u0007AAA'), e.slice(0, 40));
  assert.ok(e.endsWith(`…" (${HOSTILE.length.toLocaleString('en')} characters)`), e.slice(-40));
  assert.equal(e.indexOf('A'.repeat(EXCERPT_CHARS)), -1, 'no more than the cap of the input');
  assert.equal(escapedExcerpt('a\u202eb\r\n\t"\\'), '"a\\u202eb\\r\\n\\t\\"\\\\"');
  assert.equal(escapedExcerpt('\ud800x'), '"\\ud800x"', 'a lone surrogate is escaped');
  assert.equal(
    escapedExcerpt('😀', 1),
    '"\\ud83d…" (2 characters)',
    'a cut pair leaves an escape, not half a character',
  );
  assertShortAndClean(e, 'excerpt');
});

function messagesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(isInputError(err), String(err));
    return err instanceof InputErrors ? err.errors.map((e) => e.message) : [err.message];
  }
  assert.fail('accepted');
}

test('targets file: a hostile duration, rate or pattern is quoted short and escaped', () => {
  const q = JSON.stringify(HOSTILE);
  for (const body of [
    `targets: { p95: ${q} }`,
    `targets: { throughput: ${q} }`,
    `targets: { errorRate: ${q} }`,
    `match: { labels: [${JSON.stringify(`/(?=${HOSTILE})/`)}] }`,
    `match: { labels: [${JSON.stringify(`/${HOSTILE}\\1/`)}] }`,
  ]) {
    const msgs = messagesOf(() => parseTargets(`flows:\n  - name: a\n    ${body}\n`, 't.yaml'));
    assert.ok(msgs.length > 0);
    for (const m of msgs) assertShortAndClean(m, body.slice(0, 30));
  }
});

test('readers: messages about hostile XML, JSON and CSV input are short and escaped', async () => {
  const cases: [InputFormat, string][] = [
    ['jmeter-xml', `<testResults>\n<${HOSTILE.replace(/[^A]/g, '')}x y="1" ${HOSTILE}/>`],
    ['jmeter-xml', `<testResults>\n<sample lb="a &${HOSTILE};"/>\n</testResults>`],
    ['jmeter-xml', `<testResults>\n<sample lb="a"/>\n</testResults>\n${HOSTILE}`],
    ['jmeter-xml', `<${'r'.repeat(3000)}/>`],
    ['k6-summary', `{"metrics": ${JSON.stringify(HOSTILE)}`],
    ['k6-summary', `${HOSTILE}{`],
    ['locust-stats', `${HOSTILE},Name\n`],
    ['jmeter-csv', `${HOSTILE}\n1,2\n`],
  ];
  for (const [format, text] of cases) {
    await assert.rejects(
      readResults([bufferSource('r', text)], { format }),
      (err: unknown) => {
        assert.ok(isInputError(err), String(err));
        assertShortAndClean(err.message, `${format}: ${text.slice(0, 20)}`);
        return true;
      },
      format,
    );
  }
});

test('a garbage YAML file gives at most ten errors and a count of the rest, not one per line', () => {
  const garbage = `a\n${Array.from({ length: 500 }, (_, i) => `  k${i}: [\n- x: y`).join('\n')}\n`;
  for (const parse of [parseBaseline, parseTargets]) {
    try {
      parse(garbage, 'g.yaml');
      assert.fail('accepted');
    } catch (err) {
      assert.ok(err instanceof InputErrors, String(err));
      assert.ok(err.errors.length <= 11, `${err.errors.length} errors`);
      assert.match(err.errors[err.errors.length - 1]?.message ?? '', /^… and \d+ more problems$/);
      assert.ok(err.message.length <= 4000, `${err.message.length} characters`);
    }
  }
});
