/**
 * A parser for the Prometheus text exposition format (0.0.4) and OpenMetrics 1.0 text.
 *
 * Why our own: the npm `parse-prometheus-text-format` drops labels and the sum/count of labelled
 * histograms and splits OpenMetrics counters (`foo_total`) away from their family, which would make
 * a health signal silently read the wrong series. The formats are small; every sample is kept
 * with its exact name and all its labels, as Prometheus itself stores it.
 */
import { InputError } from '../diagnostics/index.js';
import { excerpt, quote } from './messages.js';
import { type LabelMatch, matchesLabels } from './sources/types.js';
import { withoutBom } from './text.js';

export type ExpositionFormat = 'prometheus' | 'openmetrics';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface MetricFamily {
  readonly name: string;
  type: string;
  help?: string;
  unit?: string;
}

export interface Exposition {
  readonly format: ExpositionFormat;
  readonly families: ReadonlyMap<string, MetricFamily>;
  readonly samples: readonly Sample[];
}

/**
 * A page that is not valid exposition text. An input error, so whoever reads a user's file can
 * pass it on as is; the message says the line because the parser does not know the file's name.
 */
export class PromTextError extends InputError {
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(`line ${line}: ${message}${column !== undefined ? ` (column ${column})` : ''}`, {
      line,
      ...(column !== undefined ? { column } : {}),
    });
  }
  /** The problem without the line, for a message that gives the line itself. */
  get problem(): string {
    return this.message.replace(/^line \d+: /, '');
  }
}

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_CHAR = /[a-zA-Z0-9_]/;

/**
 * `contentType` (from the HTTP response) decides the format when given; otherwise `# EOF` does.
 * A leading BOM and CRLF line ends are accepted; every message quotes at most an excerpt.
 */
export function parsePromText(input: string, contentType?: string): Exposition {
  const text = withoutBom(input);
  const lines = text.split('\n');
  const format: ExpositionFormat =
    contentType?.includes('openmetrics') || (contentType === undefined && /^# EOF\r?$/m.test(text))
      ? 'openmetrics'
      : 'prometheus';
  const families = new Map<string, MetricFamily>();
  const samples: Sample[] = [];
  let sawEof = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (sawEof) {
      if (line.trim() !== '') throw new PromTextError('content after # EOF', lineNo);
      continue;
    }
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE|UNIT|EOF)(?:\s+(\S+)(?:\s(.*))?)?$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kind, name, rest = ''] = m;
      if (kind === 'EOF') {
        sawEof = true;
        continue;
      }
      if (!name) throw new PromTextError(`# ${kind} without a metric name`, lineNo);
      const family = families.get(name) ?? { name, type: 'unknown' };
      families.set(name, family);
      if (kind === 'HELP') family.help = unescapeHelp(rest);
      else if (kind === 'UNIT') family.unit = rest.trim();
      else {
        const type = rest.trim();
        if (!/^(counter|gauge|histogram|gaugehistogram|summary|info|stateset|untyped|unknown)$/.test(type))
          throw new PromTextError(`unknown metric type ${quote(type)}`, lineNo);
        family.type = type;
      }
      continue;
    }
    samples.push(parseSample(line, lineNo, format));
  }
  if (format === 'openmetrics' && !sawEof)
    throw new PromTextError(
      'OpenMetrics text must end with "# EOF" (was the response cut short?)',
      lines.length,
    );
  return { format, families, samples };
}

function parseSample(line: string, lineNo: number, format: ExpositionFormat): Sample {
  let pos = 0;
  const fail = (message: string): never => {
    throw new PromTextError(message, lineNo, pos + 1);
  };
  if (!NAME_START.test(line[pos] ?? '')) fail('expected a metric name');
  while (pos < line.length && NAME_CHAR.test(line[pos] ?? '')) pos++;
  const name = line.slice(0, pos);
  // A Map, so a label called __proto__ is kept like any other.
  const labels = new Map<string, string>();
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      while (line[pos] === ' ' || line[pos] === '\t') pos++;
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const start = pos;
      if (!LABEL_START.test(line[pos] ?? '')) fail('expected a label name');
      while (pos < line.length && LABEL_CHAR.test(line[pos] ?? '')) pos++;
      const label = line.slice(start, pos);
      const shown = excerpt(label, 60);
      while (line[pos] === ' ') pos++;
      if (line[pos] !== '=') fail(`expected "=" after label ${shown}`);
      pos++;
      while (line[pos] === ' ') pos++;
      if (line[pos] !== '"') fail(`expected a quoted value for label ${shown}`);
      pos++;
      let value = '';
      for (;;) {
        const ch = line[pos];
        if (ch === undefined) fail(`unterminated value for label ${shown}`);
        pos++;
        if (ch === '"') break;
        if (ch === '\\') {
          const next = line[pos];
          pos++;
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else fail(`unknown escape ${quote(`\\${next ?? ''}`)} in label ${shown}`);
        } else value += ch;
      }
      if (labels.has(label)) fail(`label ${shown} appears twice`);
      labels.set(label, value);
      while (line[pos] === ' ' || line[pos] === '\t') pos++;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') fail('expected "," or "}" in labels');
    }
  }
  // OpenMetrics exemplars (`# {trace_id="..."} 1`) follow the value; they are not the sample.
  const rest = line.slice(pos).split(' # ')[0] ?? '';
  const fields = rest.trim().split(/[ \t]+/);
  if (rest.length > 0 && rest[0] !== ' ' && rest[0] !== '\t') fail('expected a space before the value');
  const [valueText, tsText, extra] = fields;
  if (!valueText) fail('missing value');
  if (extra !== undefined) fail(`unexpected ${quote(extra)} after the timestamp`);
  const value = parseValue(valueText ?? '');
  if (value === undefined) return fail(`${quote(valueText ?? '')} is not a number`);
  const sample: { name: string; labels: Record<string, string>; value: number; timestampMs?: number } = {
    name,
    labels: Object.fromEntries(labels),
    value,
  };
  if (tsText !== undefined) {
    const ts = Number(tsText);
    if (tsText === '' || !Number.isFinite(ts)) fail(`${quote(tsText)} is not a timestamp`);
    // Prometheus text gives milliseconds; OpenMetrics gives (fractional) seconds.
    sample.timestampMs = format === 'openmetrics' ? ts * 1000 : ts;
  }
  return sample;
}

/** Go's ParseFloat spellings that exposition formats use, besides ordinary numbers. */
export function parseValue(text: string): number | undefined {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  // Unambiguous (`\d+(\.\d*)?`, not `\d+\.?\d*`): the latter backtracks for minutes on a long run of digits.
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) && !/^0x[0-9a-f]+$/i.test(text))
    return undefined;
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n|")/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Samples with this exact name whose labels include every given pair. */
export function selectSamples(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, LabelMatch>> = {},
): Sample[] {
  return samples.filter((s) => s.name === name && matchesLabels(s.labels, labels));
}
