/**
 * The shape of a JMeter CSV results file: its header row (or JMeter's default columns when it was
 * written without one), where each field the reader needs sits, and what another tool's CSV looks
 * like so the error can name it. The parser (jmeterJtl.ts) reads rows against this layout.
 */
import { InputError } from '../diagnostics/index.js';

/** JMeter's default CSV columns (5.x). Older versions lack some trailing ones; the first eight never moved. */
export const JMETER_DEFAULT_COLUMNS = [
  'timeStamp',
  'elapsed',
  'label',
  'responseCode',
  'responseMessage',
  'threadName',
  'dataType',
  'success',
  'failureMessage',
  'bytes',
  'sentBytes',
  'grpThreads',
  'allThreads',
  'URL',
  'Latency',
  'IdleTime',
  'Connect',
] as const;

export interface JtlOptions {
  /** The column set of a file written without a header row (`jmeter.save.saveservice.print_field_names=false`). */
  columns?: readonly string[];
}

/** Splits one CSV line (no embedded newlines needed here): used only for the header row. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** What another tool's CSV header looks like, so the error names it instead of saying "bad data". */
export function recogniseForeignHeader(fields: readonly string[]): string | undefined {
  const set = new Set(fields.map((f) => f.trim()));
  if (set.has('Request Count') && set.has('Name')) return 'a Locust --csv stats file';
  if (set.has('Timestamp') && set.has('User Count')) return 'a Locust --csv stats history file';
  if (set.has('Error') && set.has('Occurrences')) return 'a Locust --csv failures file';
  if (set.has('Traceback') && set.has('Message')) return 'a Locust --csv exceptions file';
  if (set.has('metric_name') && set.has('metric_value')) return 'a k6 --out csv file';
  if (set.has('elapsed') || set.has('label')) return undefined;
  return undefined;
}

export interface Layout {
  header: boolean;
  columns: readonly string[];
  ts: number;
  elapsed: number;
  label: number;
  success: number;
  code: number;
  url: number;
  message: number;
  /** failureMessage (an assertion's), bytes, sentBytes, and active threads (allThreads, else grpThreads). */
  failure: number;
  bytes: number;
  sent: number;
  threads: number;
}

function layoutFrom(columns: readonly string[], header: boolean, file: string): Layout {
  const idx = (name: string) => columns.findIndex((c) => c.trim().toLowerCase() === name.toLowerCase());
  const l: Layout = {
    header,
    columns,
    ts: idx('timeStamp'),
    elapsed: idx('elapsed'),
    label: idx('label'),
    success: idx('success'),
    code: idx('responseCode'),
    url: idx('URL'),
    message: idx('responseMessage'),
    failure: idx('failureMessage'),
    bytes: idx('bytes'),
    sent: idx('sentBytes'),
    threads: idx('allThreads') >= 0 ? idx('allThreads') : idx('grpThreads'),
  };
  const missing = [l.elapsed < 0 ? 'elapsed' : '', l.label < 0 ? 'label' : ''].filter(Boolean);
  if (missing.length > 0)
    throw new InputError(
      `the JTL ${header ? 'header' : 'column set'} has no ${missing.join(' or ')} column`,
      {
        file,
        line: header ? 1 : undefined,
      },
    );
  return l;
}

const looksLikeTime = (s: string) =>
  /^\s*\d{9,}(\.\d+)?\s*$/.test(s) || /^\s*\d{4}[-/]\d{2}[-/]\d{2}[T ]\d/.test(s);

/** Header row, headerless default layout, or a clear error when line 1 is neither. */
export function detectLayout(firstLine: string, file: string, opts: JtlOptions = {}): Layout {
  const fields = splitCsvLine(firstLine.replace(/\r$/, ''));
  const lower = new Set(fields.map((f) => f.trim().toLowerCase()));
  if (lower.has('elapsed') && (lower.has('label') || lower.has('timestamp')))
    return layoutFrom(fields, true, file);
  const foreign = recogniseForeignHeader(fields);
  if (foreign)
    throw new InputError(`this is not a JMeter JTL: line 1 is the header of ${foreign}`, { file, line: 1 });
  if (looksLikeTime(fields[0] ?? '') || opts.columns) {
    const columns = opts.columns ?? JMETER_DEFAULT_COLUMNS.slice(0, Math.max(fields.length, 8));
    return layoutFrom(columns, false, file);
  }
  throw new InputError(
    'this is not a JMeter JTL: line 1 is neither a JTL header (timeStamp,elapsed,label,…) nor a sample row',
    { file, line: 1 },
    'for a JTL written without a header and with a custom column set, pass --columns',
  );
}
