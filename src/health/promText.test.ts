import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../testing/index.js';
import { PromTextError, parsePromText, parseValue, selectSamples } from './promText.js';

const read = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/health', name), 'utf8');

function throwsAt(text: string, line: number, message: RegExp, contentType?: string) {
  assert.throws(
    () => parsePromText(text, contentType),
    (err: unknown) => err instanceof PromTextError && err.line === line && message.test(err.message),
  );
}

describe('Prometheus text format', () => {
  const exp = parsePromText(read('metrics.prom'));

  it('keeps every label, including on histogram and summary sum/count', () => {
    assert.equal(exp.format, 'prometheus');
    const sums = selectSamples(exp.samples, 'http_request_duration_seconds_sum', { job: 'api' });
    assert.deepEqual(
      sums.map((s) => s.value),
      [95.5],
    );
    assert.deepEqual(
      selectSamples(exp.samples, 'rpc_duration_seconds_count', { service: 'ledger' })[0]?.value,
      120,
    );
    const buckets = selectSamples(exp.samples, 'http_request_duration_seconds_bucket', { job: 'api' });
    assert.deepEqual(
      buckets.map((b) => b.labels.le),
      ['0.1', '0.5', '+Inf'],
    );
    assert.equal(selectSamples(exp.samples, 'http_requests_total', { code: '500' })[0]?.labels.path, '/pay');
  });

  it('reads millisecond timestamps, types and help', () => {
    assert.equal(exp.samples[0]?.timestampMs, 1714550400000);
    assert.equal(exp.samples[1]?.timestampMs, undefined);
    assert.equal(exp.families.get('http_request_duration_seconds')?.type, 'histogram');
    assert.equal(exp.families.get('http_requests_total')?.help, 'Requests served.');
  });

  it('unescapes label values and reads NaN, ±Inf, exponents and loose spacing', () => {
    assert.equal(selectSamples(exp.samples, 'escaped_label')[0]?.labels.path, 'C:\\temp"x"\nnext');
    const odd = Object.fromEntries(
      selectSamples(exp.samples, 'odd_values').map((s) => [s.labels.kind, s.value]),
    );
    assert.ok(Number.isNaN(odd.nan));
    assert.equal(odd.inf, Infinity);
    assert.equal(odd.neginf, -Infinity);
    assert.equal(odd.spaced, 1500);
  });

  it('reports malformed lines with their number', () => {
    throwsAt('ok 1\nbad{x="1" 2\n', 2, /expected "," or "}"/);
    throwsAt('a 1\nb{x="1"} one\n', 2, /"one" is not a number/);
    throwsAt('a{x="1",x="2"} 1\n', 1, /label x appears twice/);
    throwsAt('a{x="\\q"} 1\n', 1, /unknown escape/);
    throwsAt('# TYPE a countr\na 1\n', 1, /unknown metric type "countr"/);
    throwsAt('a 1 2 3\n', 1, /unexpected "3"/);
    throwsAt('a{x="open} 1\n', 1, /unterminated value/);
  });
});

describe('OpenMetrics text format', () => {
  const exp = parsePromText(read('metrics.om.txt'));

  it('keeps counters whole: _total and _created under their own names, family typed as counter', () => {
    assert.equal(exp.format, 'openmetrics');
    assert.equal(exp.families.get('payments')?.type, 'counter');
    assert.deepEqual(
      selectSamples(exp.samples, 'payments_total').map((s) => [s.labels.method, s.value]),
      [
        ['card', 17],
        ['sepa', 4],
      ],
    );
    assert.equal(selectSamples(exp.samples, 'payments_created')[0]?.value, 1714550000);
    assert.equal(exp.families.get('queue_depth')?.unit, 'messages');
  });

  it('reads second timestamps as milliseconds and drops exemplars', () => {
    assert.equal(
      selectSamples(exp.samples, 'payments_total', { method: 'card' })[0]?.timestampMs,
      1714550400500,
    );
    const sepa = selectSamples(exp.samples, 'payments_total', { method: 'sepa' })[0];
    assert.equal(sepa?.value, 4);
    assert.equal(sepa?.timestampMs, undefined);
    assert.deepEqual(selectSamples(exp.samples, 'request_seconds_count', { route: '/pay' })[0]?.value, 12);
  });

  it('requires # EOF when the server says OpenMetrics, and nothing after it', () => {
    const cut = read('metrics.om.txt').replace('# EOF\n', '');
    throwsAt(
      cut,
      cut.split('\n').length,
      /must end with "# EOF"/,
      'application/openmetrics-text; version=1.0.0',
    );
    throwsAt('a 1\n# EOF\nb 2\n', 3, /content after # EOF/);
    assert.equal(parsePromText(cut, 'text/plain; version=0.0.4').format, 'prometheus');
  });

  it('parses values the way Go does for the spellings exporters use', () => {
    assert.equal(parseValue('-Inf'), -Infinity);
    assert.equal(parseValue('1e-3'), 0.001);
    assert.equal(parseValue('.5'), 0.5);
    assert.equal(parseValue(''), undefined);
    assert.equal(parseValue('1,5'), undefined);
  });
});
