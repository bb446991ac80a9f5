import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../diagnostics/index.js';
import type { RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import type { ByteSource } from './input.js';
import type { SourceInfo } from './summary.js';

const ATTR_RE = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTR_RE)) out.set(m[1] ?? '', unescapeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/**
 * XML JTL (`jmeter.save.saveservice.output_format=xml`), streamed tag by tag. Only top-level
 * `<httpSample>`/`<sample>` elements count: nested ones are sub-results (redirects, embedded
 * resources) already inside their parent's time.
 */
export async function readJtlXml(
  source: ByteSource,
  rec: RunRecorder,
  meta: { gzip?: boolean } = {},
): Promise<SourceInfo> {
  const stream = await source.open();
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let line = 1;
  let depth = 0;
  let rows = 0;
  let sawRoot = false;
  let sawAny = false;
  const where = (l: number) => `${source.name}:${l}`;
  const take = (tag: string, tagLine: number) => {
    const a = attributes(tag);
    const t = Number(a.get('t'));
    const ts = Number(a.get('ts'));
    const label = a.get('lb') ?? '';
    if (!a.has('t') || !Number.isFinite(t) || t < 0) {
      rec.skip('non-numeric elapsed (latency)', where(tagLine));
      return;
    }
    const s = a.get('s');
    const ok = s !== undefined ? s === 'true' : /^[23]/.test(a.get('rc') ?? '');
    const flow = rec.matcher.flowOf(label);
    if (flow === UNMATCHED) rec.unmatched(label);
    rec.add(flow, Number.isFinite(ts) ? ts : Number.NaN, t * 1000, ok);
    rows++;
  };
  const process = (final: boolean) => {
    let i = 0;
    for (;;) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        for (let k = i; k < buf.length; k++) if (buf.charCodeAt(k) === 10) line++;
        i = buf.length;
        break;
      }
      for (let k = i; k < lt; k++) if (buf.charCodeAt(k) === 10) line++;
      let close: string;
      if (buf.startsWith('<!--', lt)) close = '-->';
      else if (buf.startsWith('<![CDATA[', lt)) close = ']]>';
      else close = '>';
      const gt = buf.indexOf(close, lt);
      if (gt < 0) {
        i = lt;
        break;
      }
      const tag = buf.slice(lt, gt + close.length);
      const tagLine = line;
      for (let k = 0; k < tag.length; k++) if (tag.charCodeAt(k) === 10) line++;
      i = gt + close.length;
      if (close !== '>') continue;
      if (tag.startsWith('<testResults')) sawRoot = true;
      const m = /^<(\/?)(httpSample|sample)\b/.exec(tag);
      if (!m) continue;
      sawAny = true;
      if (m[1] === '/') {
        depth = Math.max(0, depth - 1);
        continue;
      }
      if (depth === 0) take(tag, tagLine);
      if (!tag.endsWith('/>')) depth++;
    }
    buf = buf.slice(i);
    if (final && buf.trim() !== '') rec.skip('truncated last element', where(line));
  };
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += chunk.length;
      buf += decoder.write(chunk);
      process(false);
      if (buf.length > 1 << 24)
        throw new InputError('an XML element longer than 16 MiB: is the file XML?', {
          file: source.name,
          line,
        });
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read results: ${(err as Error).message}`, { file: source.name });
  }
  buf += decoder.end();
  process(true);
  if (bytes === 0) throw new InputError('the results file is empty', { file: source.name, line: 1 });
  if (!sawRoot && !sawAny)
    throw new InputError('not an XML JTL: no <testResults> or <httpSample> elements', { file: source.name });
  if (rec.matcher.usesUrls)
    rec.note(`${source.name}: URL patterns are not applied to XML JTL files; flows match on labels there`);
  return { name: source.name, format: 'jmeter-xml', rows, ...(meta.gzip ? { gzip: true } : {}) };
}
