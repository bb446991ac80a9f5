import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { InputErrors } from '../diagnostics/index.js';
import { BIN, tempDir } from '../testing/index.js';
import { compilePattern } from './flowMatcher.js';
import { compileLinear, PatternError } from './linearRegex.js';
import { parseTargets } from './targetsFile.js';

// Defect 3: a flow pattern from a targets file must not be able to hang a run.

const EVIL = `${'a'.repeat(34)}!`;
/**
 * Classic catastrophic shapes: the answer on an input, and on that input repeated 100 times (which
 * RegExp would never finish).
 */
const REDOS: [string, string, boolean, boolean][] = [
  ['^(a+)+$', EVIL, false, false],
  ['^(a|a)+$', EVIL, false, false],
  ['^(a*)*$', EVIL, false, false],
  ['^(a|aa)+$', EVIL, false, false],
  ['(.*a){20}', `${'a'.repeat(19)}!`, false, true],
  ['(.*a){20}', 'a'.repeat(20), true, true],
  ['.*a.*a.*a.*b', 'a'.repeat(3000), false, false],
  ['^(\\w+\\s?)*$', `${'ab '.repeat(30)}!`, false, false],
];

test('ReDoS shapes run in linear time and answer as RegExp would', () => {
  for (const [pattern, input, expected, expectedLong] of REDOS) {
    const re = compileLinear(pattern);
    const t0 = performance.now();
    assert.equal(re.test(input), expected, pattern);
    assert.equal(re.test(input.repeat(100)), expectedLong, pattern);
    assert.ok(performance.now() - t0 < 2000, `${pattern} took ${performance.now() - t0} ms`);
  }
  // The glob *a*a*a*a*b became ^.*a.*a.*a.*a.*b$, minutes with RegExp on 1000 characters.
  const glob = compilePattern('*a*a*a*a*b');
  const t0 = performance.now();
  assert.equal(glob('a'.repeat(20_000)), false);
  assert.equal(glob(`${'a'.repeat(20_000)}b`), true);
  assert.ok(performance.now() - t0 < 2000);
});

test('ordinary patterns still work: anchors, classes, escapes, alternation, counts, globs', () => {
  const cases: [string, string, boolean][] = [
    ['/^GET \\/products\\/\\d+$/', 'GET /products/42', true],
    ['/^GET \\/products\\/\\d+$/', 'GET /products/42/x', false],
    ['/^(GET|POST) \\/cart$/', 'POST /cart', true],
    ['/checkout/', 'POST /checkout/pay', true],
    ['/^[A-Z]{3,4} \\//', 'HEAD /', true],
    ['/^[^\\s]+$/', 'no space', false],
    ['/\\bpay\\b/', 'pay now', true],
    ['/\\bpay\\b/', 'repay', false],
    ['/^\\x41\\u0042[\\-.]?$/', 'AB-', true],
    ['/^(?<verb>GET) (?:\\/\\w+)+$/', 'GET /a/b', true],
    ['/^a{2}$/', 'aaa', false],
    ['/^.$/', '\n', false],
    ['Checkout*', 'Checkout step 2', true],
    ['GET /item/?', 'GET /item/7', true],
    ['GET /item/?', 'GET /item/77', false],
    ['POST /checkout', 'POST /checkout', true],
    ['POST /checkout', 'POST /checkout2', false],
  ];
  for (const [pattern, label, expected] of cases)
    assert.equal(compilePattern(pattern)(label), expected, pattern);
});

// A generated pattern over a small grammar, always valid JavaScript, often nested and ambiguous.
const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', '[a-c]', '\\.', 'x');
const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string; term: string }>((tie) => ({
  term: fc.oneof(
    { arbitrary: atom, weight: 4 },
    { arbitrary: tie('re').map((r) => `(${r})`), weight: 1 },
    { arbitrary: tie('re').map((r) => `(?:${r})`), weight: 1 },
  ),
  re: fc
    .array(
      fc.tuple(tie('term'), fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?')),
      { minLength: 0, maxLength: 4 },
    )
    .chain((parts) =>
      fc.oneof(
        fc.constant(parts.map(([t, q]) => t + q).join('')),
        fc.constant(`${parts.map(([t, q]) => t + q).join('')}|b`),
      ),
    )
    .map((r) => r),
})).re;

test('the linear matcher answers exactly as RegExp on generated patterns and strings', () => {
  fc.assert(
    fc.property(
      pattern,
      fc.boolean(),
      fc.boolean(),
      fc.array(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', ' ', '.', '\n', 'x', '_'), maxLength: 8 }),
        {
          minLength: 1,
          maxLength: 6,
        },
      ),
      (p, start, end, inputs) => {
        const src = `${start ? '^' : ''}${p}${end ? '$' : ''}`;
        const native = new RegExp(src);
        const linear = compileLinear(src);
        for (const s of inputs)
          assert.equal(linear.test(s), native.test(s), `/${src}/ on ${JSON.stringify(s)}`);
      },
    ),
    { numRuns: 400 },
  );
});

test('non-regular features and unsupported escapes are refused with the file and line', () => {
  const refused = [
    '/(a)\\1/',
    '/(?<x>a)\\k<x>/',
    '/(?=a)b/',
    '/(?!a)b/',
    '/(?<=a)b/',
    '/(?<!a)b/',
    '/\\p{L}/',
    '/\\cA/',
    '/a**/',
    '/[z-a]/',
    '/(a/',
    '/a{2000}/',
    '/(ab){1001}/',
  ];
  for (const p of refused) {
    assert.throws(() => compilePattern(p), PatternError, p);
    const text = `version: 1\nflows:\n  - name: a\n    match:\n      labels:\n        - ${JSON.stringify(p)}\n`;
    assert.throws(
      () => parseTargets(text, 'targets.yaml'),
      (err: unknown) => {
        const e = err instanceof InputErrors ? err.errors[0] : undefined;
        return (
          e?.location.file === 'targets.yaml' &&
          e.location.line === 6 &&
          /unsupported regular expression/.test(e.message) &&
          e.message.length < 300
        );
      },
      p,
    );
  }
});

test('through the real binary: the evil pattern of a targets file does not hang a run', () => {
  const dir = tempDir('perf-redos-');
  try {
    const targets = join(dir, 'waymark.perf.yaml');
    const flows = REDOS.map(
      ([p], i) => `  - name: f${i}\n    match: { labels: [${JSON.stringify(`/${p}/`)}] }\n`,
    );
    writeFileSync(
      targets,
      `version: 1\nflows:\n${flows.join('')}  - name: glob\n    match: { labels: ["*a*a*a*a*b"] }\n`,
    );
    const rows = ['timeStamp,elapsed,label'];
    for (let i = 0; i < 20; i++) rows.push(`${1_714_550_400_000 + i},5,${EVIL.repeat(30)}${i}`);
    rows.push(`1714550400100,6,${'a'.repeat(20)}`);
    const results = join(dir, 'r.jtl');
    writeFileSync(results, `${rows.join('\n')}\n`);
    // With RegExp this never returned; spawnSync's timeout turns a hang into a failure.
    const r = spawnSync(
      process.execPath,
      [BIN, 'perf', 'summary', '--format', 'json', '--targets', targets, results],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    assert.equal(r.signal, null, 'the run finished');
    assert.equal(r.status, 0, r.stderr);
    const flowsSeen = (JSON.parse(r.stdout) as { flows: { flow: string; count: number }[] }).flows;
    // "a"×20 matches ^(a+)+$ (f0, listed first); each evil label holds 20 a's, so (.*a){20} (f4).
    assert.deepEqual(
      flowsSeen.map((f) => [f.flow, f.count]),
      [
        ['f0', 1],
        ['f4', 20],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('any pattern the linear parser accepts, RegExp accepts and answers the same', () => {
  const syntax = fc.constantFrom(...'ab()[]{}*+?|^$\\.-,12dwsbBx:<>=!^u0'.split(''));
  let accepted = 0;
  fc.assert(
    fc.property(
      fc.string({ unit: syntax, maxLength: 12 }),
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '1', '-', ' ', '{', '}'), maxLength: 6 }), {
        minLength: 1,
        maxLength: 4,
      }),
      (src, inputs) => {
        let linear: ReturnType<typeof compileLinear>;
        try {
          linear = compileLinear(src);
        } catch (err) {
          assert.ok(err instanceof PatternError, String(err));
          return;
        }
        accepted++;
        const native = new RegExp(src); // throws (and fails the test) if we accepted invalid syntax
        for (const s of inputs)
          assert.equal(linear.test(s), native.test(s), `/${src}/ on ${JSON.stringify(s)}`);
      },
    ),
    { numRuns: 2000 },
  );
  assert.ok(accepted > 200, `enough accepted patterns to mean something (${accepted})`);
});
