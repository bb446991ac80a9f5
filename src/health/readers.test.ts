/**
 * What every health reader shares: a leading BOM and CRLF line ends are accepted, and a message
 * never shows more than a short, escaped excerpt of the input, however long or hostile it is.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError, InputErrors, isInputError } from '../diagnostics/index.js';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { excerpt, MAX_PROBLEMS, quote } from './messages.js';
import { parseHealthModel } from './modelFile.js';
import { parsePromText, parseValue } from './promText.js';
import { parseValuesFile, prometheusApiSource, textEndpointSource } from './sources/index.js';
import { explainNoMatch } from './sources/types.js';
import { type FakePrometheus, fakePrometheus } from './testSupport/fakePrometheus.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');
const BOM = '\uFEFF';
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const servers: FakePrometheus[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Every message an input error carries, hints and paths included. */
function messagesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (!isInputError(err)) throw err;
    const errors = err instanceof InputErrors ? err.errors : err instanceof InputError ? [err] : [];
    return errors.map((e) => e.format());
  }
  assert.fail('expected an input error');
}

/** No raw control character, and nothing near the size of the 70,000-character input. */
function assertShortAndEscaped(messages: readonly string[], limit = 450): void {
  assert.ok(messages.length > 0);
  for (const m of messages) {
    assert.ok(m.length <= limit, `${m.length} characters: ${m.slice(0, 200)}`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that none get through
    assert.doesNotMatch(m.replace(/\n {2}hint: /, ' '), /[\u0000-\u001f\u007f-\u009f\u202e]/);
  }
}

const LONG = 'x'.repeat(70_000);
const NASTY = '\u0000\u001b[2J\u202e';

describe('a BOM and CRLF are accepted by every health reader', () => {
  for (const [name, frame] of [
    ['BOM', (t: string) => BOM + t],
    ['CRLF', crlf],
    ['BOM and CRLF', (t: string) => BOM + crlf(t)],
  ] as const) {
    it(`${name}: the model, the values file, Prometheus text and OpenMetrics text read as without`, () => {
      const model = read('waymark.health.yaml');
      assert.deepEqual(parseHealthModel(frame(model), 'm.yaml', '.'), parseHealthModel(model, 'm.yaml', '.'));
      const values = read('values.json');
      assert.deepEqual(parseValuesFile(frame(values), 'v.json'), parseValuesFile(values, 'v.json'));
      for (const file of ['metrics.prom', 'metrics.om.txt']) {
        const text = read(file);
        const framed = parsePromText(frame(text));
        const plain = parsePromText(text);
        assert.equal(framed.format, plain.format);
        assert.deepEqual(framed.samples, plain.samples);
        assert.deepEqual(framed.families, plain.families);
      }
    });
  }

  it('a metrics file with a BOM is read by the file source (it used to be refused at line 1)', async () => {
    const file = join(tempDir(), 'metrics.prom');
    writeFileSync(file, `${BOM}# TYPE up gauge\r\nup{job="api"} 1\r\n`);
    const r = await textEndpointSource(file)
      .open({ timeoutMs: 100 })
      .query({ key: 'a.up', query: { kind: 'metric', name: 'up', labels: { job: 'api' } } });
    assert.deepEqual(r, { ok: true, series: [{ labels: { job: 'api' }, values: [1] }] });
  });
});

describe('messages show a short, escaped excerpt of the input', () => {
  it('excerpt and quote escape control characters and NUL and cut long text', () => {
    assert.equal(excerpt('a\u0000b\nc\u001b'), 'a\\u0000b\\nc\\u001b');
    assert.equal(quote('say "hi"\\'), '"say \\"hi\\"\\\\"');
    assert.equal(quote('\u202eevil'), '"\\u202eevil"', 'a bidi override cannot reverse the line');
    assert.equal(quote('😀'), '"😀"', 'ordinary characters outside the BMP stay as they are');
    assert.equal(quote(LONG), `"${'x'.repeat(120)}…" (70,000 characters)`);
  });

  it('Prometheus text: label names, values, types and timestamps', () => {
    const cases = [
      `m{${LONG}="1",${LONG}="2"} 1\n`,
      `m{${LONG} 1\n`,
      `m ${LONG}\n`,
      `m 1 ${LONG}\n`,
      `m 1 2 ${LONG}\n`,
      `# TYPE m ${LONG}\n`,
      `# TYPE m ${NASTY}\n`,
      `m{a="\\${NASTY}"} 1\n`,
      `m ${NASTY}\n`,
    ];
    for (const text of cases)
      assertShortAndEscaped(
        messagesOf(() => parsePromText(text)),
        250,
      );
    assert.match(
      messagesOf(() => parsePromText(`m ${NASTY}\n`))[0] ?? '',
      /"\\u0000\\u001b\[2J\\u202e" is not a number/,
    );
  });

  it('the values file: a long or hostile value, and a hostile key', () => {
    for (const text of [
      `{"values": {"a.b": "${LONG}"}}`,
      `{"values": {"a.b": "\\u0000\\u001b[2J"}}`,
      `{"series": [{"metric": "m", "value": 1, "${LONG}": 1}]}`,
      `{"series": [{"metric": "m", "value": 1, "\\u001b[31m": 1}]}`,
      `{"values": "${LONG}"}`,
    ])
      assertShortAndEscaped(messagesOf(() => parseValuesFile(text, 'v.json')));
  });

  it('the model: ids, unknown keys, versions and YAML errors, and at most 20 problems', () => {
    const base = read('waymark.health.yaml');
    for (const text of [
      base.replace('dependsOn: [db, cache]', `dependsOn: [db, ${'a'.repeat(70_000)}]`),
      base.replace('version: 1', `version: "${LONG}"`),
      base.replace('version: 1', 'version: "\\0\\e[2J"'),
      base.replace('workload: payments', `workload: payments\n"\\e[31m${LONG}": 1`),
      base.replace('unit: ratio', `${LONG}: ratio`),
      `${'- '.repeat(5000)}x`,
      `{a: ${'{a: '.repeat(5000)}`,
      `version: 1\nworkload: w\ncomponents:\n${Array.from({ length: 500 }, (_, i) => `  - { id: c${i}, bad: 1 }`).join('\n')}\n`,
    ]) {
      const messages = messagesOf(() => parseHealthModel(text, 'm.yaml', '.'));
      assertShortAndEscaped(messages);
      assert.ok(messages.length <= MAX_PROBLEMS + 1, `${messages.length} problems reported`);
    }
    const [unknown] = messagesOf(() =>
      parseHealthModel(
        base.replace('dependsOn: [db, cache]', `dependsOn: [db, ${'a'.repeat(70_000)}]`),
        'm.yaml',
        '.',
      ),
    );
    assert.equal(
      unknown,
      `m.yaml:15:21: unknown component "${'a'.repeat(120)}…" (70,000 characters); known: api, db, cache (at components[0].dependsOn[1])`,
    );
    const many = messagesOf(() =>
      parseHealthModel(
        `version: 1\nworkload: w\ncomponents:\n${Array.from({ length: 500 }, (_, i) => `  - { id: c${i}, bad: 1 }`).join('\n')}\n`,
        'm.yaml',
        '.',
      ),
    );
    assert.match(many.at(-1) ?? '', /^m\.yaml: … and 980 more problems/);
  });

  it('why a selector matched nothing quotes label values from the page briefly', () => {
    const note = explainNoMatch([{ name: 'up', labels: { job: `${NASTY}${LONG}` } }], 'up', { job: 'api' });
    assertShortAndEscaped([note], 250);
    assert.match(
      note,
      /^no series of up with job="api" \(seen: "\\u0000\\u001b\[2J\\u202ex+…" \(70,006 characters\)\)$/,
    );
  });

  it('what Prometheus says back (its error, a non-JSON page, null) is a short reason, never a crash', async () => {
    const answers = [
      {
        status: 400,
        body: JSON.stringify({
          status: 'error',
          errorType: 'bad_data',
          error: `parse error in ${NASTY}${LONG}`,
        }),
      },
      { status: 500, body: `${NASTY}${LONG}` },
      { status: 200, body: 'null' },
      { status: 200, body: '{"status":"success","data":{"resultType":"vector","result":[null]}}' },
      {
        status: 200,
        body: '{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1]]}]}}',
      },
      { status: 200, body: `{"status":"success","data":{"resultType":"${LONG}","result":[]}}` },
    ];
    let next = 0;
    const prom = await fakePrometheus(() => answers[next++ % answers.length]);
    servers.push(prom);
    const session = prometheusApiSource(prom.url).open({ timeoutMs: 2000 });
    for (let i = 0; i < answers.length; i++) {
      const r = await session.query({ key: 'a.s', query: { kind: 'promql', expr: `sum(${LONG}` } });
      assert.equal(r.ok, false, JSON.stringify(r).slice(0, 200));
      if (!r.ok) assertShortAndEscaped([r.reason], 300);
    }
  });

  it('a long run of digits is refused in linear time (the value pattern used to backtrack)', () => {
    const t0 = Date.now();
    assert.equal(parseValue(`${'1'.repeat(70_000)}x`), undefined);
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.equal(parseValue('12.5e3'), 12_500);
    const [odd] = parsePromText('m{__proto__="x"} 1\n').samples;
    assert.equal(Object.getOwnPropertyDescriptor(odd?.labels, '__proto__')?.value, 'x', 'kept as a label');
  });
});
