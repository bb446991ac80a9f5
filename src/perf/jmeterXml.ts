import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../diagnostics/index.js';
import type { RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import { type ByteSource, openWithoutBom } from './input.js';
import { AssertionReader } from './jmeterAssertions.js';
import { TRANSACTION_MESSAGE } from './jmeterTransaction.js';
import { decimalNumber, sampleProblem } from './limits.js';
import type { SourceInfo } from './summary.js';
import { shown, XmlError, XmlScanner } from './xmlScanner.js';

const ROOT = 'testResults';

/** A byte or thread count attribute: a whole number, else NaN (not recorded). */
const count = (v: string | undefined) => (v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : Number.NaN);
const SAMPLES = new Set(['httpSample', 'sample']);
/** A single tag (a sample with its attributes, a responseData text) longer than this is not a JTL. */
const MAX_TOKEN = 1 << 24;

/**
 * XML JTL (`jmeter.save.saveservice.output_format=xml`), streamed tag by tag. Only top-level
 * `<httpSample>`/`<sample>` elements count: nested ones are sub-results (redirects, embedded
 * resources) already inside their parent's time.
 *
 * Malformed XML (see xmlScanner.ts) is an error at its line. A file that merely ends early, as one
 * JMeter is still writing does, keeps its complete samples and reports where it was cut, as the
 * CSV reader does for a truncated last line.
 */
export async function readJtlXml(
  source: ByteSource,
  rec: RunRecorder,
  meta: { gzip?: boolean } = {},
): Promise<SourceInfo> {
  const where = (l: number) => `${source.name}:${l}`;
  let rows = 0;
  /** Open sample elements: a sample inside another is a sub-result. */
  let inSample = 0;
  /**
   * The flow of a top-level Transaction Controller sample being read. It is a transaction (left out
   * of the totals) only if no sample is nested in it: with "Generate parent sample" its requests
   * are inside it, and it is then the only place they are counted.
   */
  let pendingTransaction: number | undefined;
  /** The failed top-level sample being read, whose error type waits for its assertion results. */
  let failed: { flow: number; code: string | null; message: string } | undefined;
  /** The first failing assertion's message of that sample, read from its children. */
  const assertion = new AssertionReader();
  const flushFailed = () => {
    if (failed) rec.addSampleError(failed.flow, failed.code, assertion.message() ?? failed.message);
    failed = undefined;
    assertion.reset();
  };
  const take = (a: Map<string, string>, line: number) => {
    const t = decimalNumber(a.get('t') ?? '');
    if (Number.isNaN(t)) {
      rec.skip('non-numeric elapsed (latency)', where(line));
      return;
    }
    const tsText = a.get('ts');
    const ts = tsText === undefined ? Number.NaN : decimalNumber(tsText);
    if (tsText !== undefined && Number.isNaN(ts)) {
      rec.skip('unreadable timeStamp', where(line));
      return;
    }
    const problem = sampleProblem(ts, t * 1000);
    if (problem) {
      rec.skip(problem, where(line));
      return;
    }
    const label = a.get('lb') ?? '';
    const s = a.get('s');
    const ok = s !== undefined ? s === 'true' : /^[23]/.test(a.get('rc') ?? '');
    const flow = rec.matcher.flowOf(label);
    if (flow === UNMATCHED) rec.unmatched(label);
    rec.add(
      flow,
      ts,
      t * 1000,
      ok,
      count(a.get('by')),
      count(a.get('sby')),
      count(a.get('na') ?? a.get('ng')),
    );
    // The code, and the message once the sample's children are read: a failed assertion's message
    // (what JMeter's CSV writes as failureMessage) sits in a child element, else the response's.
    if (!ok && flow !== UNMATCHED) failed = { flow, code: a.get('rc') || null, message: a.get('rm') ?? '' };
    if (a.get('rm')?.startsWith(TRANSACTION_MESSAGE)) pendingTransaction = flow;
    rows++;
  };
  const scanner = new XmlScanner({
    open(name, attrs, line, depth, selfClosing) {
      if (depth === 0 && name !== ROOT)
        throw new XmlError(`not an XML JTL: the root element is <${shown(name)}>, not <${ROOT}>`, line);
      if (!SAMPLES.has(name)) {
        if (inSample === 1 && failed) {
          assertion.open(name, depth);
          if (selfClosing) assertion.close(depth);
        }
        return;
      }
      if (inSample === 0) {
        pendingTransaction = undefined;
        take(attrs, line);
        if (selfClosing) {
          flushFailed();
          if (pendingTransaction !== undefined) rec.markTransaction(pendingTransaction);
        } else assertion.sampleAt(depth);
      } else pendingTransaction = undefined;
      if (!selfClosing) inSample++;
    },
    close(name, depth) {
      if (!SAMPLES.has(name)) {
        if (inSample === 1 && failed) assertion.close(depth);
        return;
      }
      inSample--;
      if (inSample !== 0) return;
      flushFailed();
      if (pendingTransaction !== undefined) rec.markTransaction(pendingTransaction);
    },
    text(value) {
      if (failed) assertion.text(value);
    },
  });

  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    const stream = await openWithoutBom(source);
    try {
      for await (const chunk of stream) {
        bytes += chunk.length;
        scanner.write(decoder.write(chunk));
        if (scanner.pending > MAX_TOKEN)
          throw new XmlError('an XML tag or text longer than 16 MiB: is the file XML?', scanner.currentLine);
      }
    } catch (err) {
      if (err instanceof XmlError || err instanceof InputError) throw err;
      throw new InputError(`cannot read results: ${(err as Error).message}`, { file: source.name });
    }
    scanner.write(decoder.end());
    if (bytes === 0) throw new InputError('the results file is empty', { file: source.name, line: 1 });
    const end = scanner.end();
    if (!end.sawRoot)
      throw new InputError(`not an XML JTL: no <${ROOT}> root element`, { file: source.name, line: 1 });
    // A sample cut off inside its children still counted: so does its error.
    flushFailed();
    if (end.cutInside) rec.skip('truncated last element', where(end.cutInside.line));
    if (end.open.length > 0)
      rec.skip(`XML cut off before </${ROOT}> (truncated file)`, where(scanner.currentLine));
  } catch (err) {
    if (err instanceof XmlError)
      throw new InputError(`malformed XML: ${err.message}`, { file: source.name, line: err.line });
    throw err;
  }
  if (rec.matcher.usesUrls)
    rec.note(`${source.name}: URL patterns are not applied to XML JTL files; flows match on labels there`);
  return { name: source.name, format: 'jmeter-xml', rows, ...(meta.gzip ? { gzip: true } : {}) };
}
