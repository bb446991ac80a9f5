import { InputError } from '../diagnostics/index.js';
import type { RunRecorder } from './flowHistograms.js';
import { UNMATCHED } from './flowMatcher.js';
import type { ByteSource } from './input.js';
import { splitCsvLine } from './jtlLayout.js';
import { decimalNumber } from './limits.js';
import { readLines } from './lines.js';
import type { PercentileKey } from './targetsFile.js';

/** What the Locust readers share: its CSV rows, numbers, request names and the note on its figures. */

export const PCT_COLUMNS: Record<PercentileKey, string> = { p50: '50%', p90: '90%', p95: '95%', p99: '99%' };

export const NOTE =
  'Locust reports percentiles, not samples, and rounds response times above 100 ms to 2 significant digits before computing them: its percentiles are less exact, carry no confidence interval, and a comparison with them cannot tell noise from change';

/**
 * Locust names a request by its path ("/products") and keeps the method apart, whereas JMeter
 * labels often read "GET /products": a flow may use either, so the bare name is tried first.
 */
export function locustFlow(rec: RunRecorder, type: string, name: string): number {
  const bare = rec.matcher.flowOf(name, name);
  if (bare !== UNMATCHED || !type || !rec.matcher.declared) return bare;
  return rec.matcher.flowOf(`${type} ${name}`, name);
}

/** The number in a column: undefined when absent or "N/A", NaN when not a finite decimal number. */
export function numberAt(row: string[], col: number): number | undefined {
  if (col < 0) return undefined;
  const t = (row[col] ?? '').trim();
  if (t === '' || t === 'N/A') return undefined;
  const n = decimalNumber(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * Counts and rates are held to the rules of the sample readers: a negative or fractional count, or
 * more failures than requests, is not a value Locust writes, so the file is refused at that line.
 */
export function checkCounts(
  what: { requests: string; failures: string },
  requests: number,
  failures: number,
  at: { file: string; line: number },
  whole: boolean,
): void {
  for (const [name, n] of [
    [what.requests, requests],
    [what.failures, failures],
  ] as const) {
    if (n < 0) throw new InputError(`${name} is negative (${n})`, at);
    if (whole && !Number.isSafeInteger(n)) throw new InputError(`${name} is not a whole number (${n})`, at);
  }
  if (failures > requests)
    throw new InputError(`${what.failures} (${failures}) is larger than ${what.requests} (${requests})`, at);
}

/**
 * The data rows of a Locust CSV file: the header must name the `required` columns; rows of the
 * wrong width are skipped and counted; a file with no header at all is an error.
 */
export async function* locustRows(
  source: ByteSource,
  rec: RunRecorder,
  required: readonly string[],
  kind: string,
) {
  let header: string[] | undefined;
  const col = (name: string) => header?.indexOf(name) ?? -1;
  for await (const line of readLines(source)) {
    if (line.text.trim() === '') continue;
    const row = splitCsvLine(line.text);
    if (!header) {
      header = row;
      if (required.some((name) => col(name) < 0)) {
        const names = required.map((n) => `"${n}"`).join(' and ');
        throw new InputError(`not a ${kind}: no ${names} columns`, { file: source.name, line: line.no });
      }
      continue;
    }
    const where = `${source.name}:${line.no}`;
    if (row.length !== header.length) {
      const reason = line.terminated
        ? `wrong number of fields (expected ${header.length})`
        : 'truncated last line';
      rec.skip(reason, where);
      continue;
    }
    yield { row, col, where, at: { file: source.name, line: line.no } };
  }
  if (!header) throw new InputError('the results file is empty', { file: source.name, line: 1 });
}
