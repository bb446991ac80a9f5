import { InputError } from '../diagnostics/index.js';
import { RunRecorder } from './flowHistograms.js';
import { type ByteSource, fileSource, isGzip, openWithoutBom, sniff } from './input.js';
import { readJtlCsv } from './jmeterJtl.js';
import { readJtlXml } from './jmeterXml.js';
import type { JtlOptions } from './jtlLayout.js';
import { type ParallelOptions, readJtlParallel } from './jtlParallel.js';
import { readK6Json, readK6Summary } from './k6.js';
import { MAX_WINDOW_MS, MIN_WINDOW_MS } from './limits.js';
import { readLocustExceptions, readLocustFailures, readLocustStats } from './locust.js';
import { readLocustHistory } from './locustHistory.js';
import { type RunSummary, type SourceInfo, summarize } from './summary.js';
import type { Targets } from './targetsFile.js';
import { durationProblem } from './units.js';

export const INPUT_FORMATS = [
  'jmeter-csv',
  'jmeter-xml',
  'k6-json',
  'k6-summary',
  'locust-stats',
  'locust-history',
  'locust-failures',
  'locust-exceptions',
] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** Recognises a results file by its content, since names and extensions vary from CI to CI. */
export function detectFormat(head: Buffer, name: string): InputFormat {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed === '') throw new InputError('the results file is empty', { file: name, line: 1 });
  if (trimmed.startsWith('<')) return 'jmeter-xml';
  if (trimmed.startsWith('{')) {
    const first = trimmed.slice(0, trimmed.indexOf('\n') >= 0 ? trimmed.indexOf('\n') : undefined);
    if (/"type"\s*:\s*"(Metric|Point)"/.test(first)) return 'k6-json';
    return 'k6-summary';
  }
  const firstLine = trimmed.split('\n', 1)[0] ?? '';
  // History first: its header also has "Total Request Count" and "Name".
  if (firstLine.includes('Timestamp') && firstLine.includes('User Count')) return 'locust-history';
  if (firstLine.includes('Request Count') && firstLine.includes('Name')) return 'locust-stats';
  const fields = new Set(firstLine.replace(/\r$/, '').split(','));
  if (fields.has('Error') && fields.has('Occurrences')) return 'locust-failures';
  if (fields.has('Traceback') && fields.has('Message') && fields.has('Count')) return 'locust-exceptions';
  return 'jmeter-csv';
}

export interface ReadOptions extends JtlOptions {
  targets?: Targets;
  /** Width of the over-time windows; default from the targets file, else 60 s. */
  windowMs?: number;
  /** Skip detection (every input is of this format). */
  format?: InputFormat;
  /** Parallel parsing of large plain JTL CSV files (see jtlParallel.ts). */
  parallel?: ParallelOptions;
}

async function readWhole(source: ByteSource): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of await openWithoutBom(source)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** Reads one or more result files (e.g. one per distributed engine) into one summary. */
export async function readResults(
  inputs: readonly (string | ByteSource)[],
  opts: ReadOptions = {},
): Promise<RunSummary> {
  if (inputs.length === 0) throw new InputError('no results file given');
  if (opts.windowMs !== undefined) {
    const problem = durationProblem(opts.windowMs, MIN_WINDOW_MS, MAX_WINDOW_MS);
    if (problem) throw new InputError(`the over-time window ${problem}`);
  }
  const rec = new RunRecorder(opts.targets, opts.windowMs);
  const infos: SourceInfo[] = [];
  const kinds = new Set<string>();
  for (const input of inputs) {
    const source = typeof input === 'string' ? fileSource(input) : input;
    const rawHead = typeof input === 'string' ? await sniffRaw(input) : undefined;
    const gzip = rawHead ? isGzip(rawHead) : false;
    const format = opts.format ?? detectFormat(await sniff(source), source.name);
    kinds.add(format.startsWith('locust') ? 'locust' : format);
    let info: SourceInfo;
    switch (format) {
      case 'jmeter-csv':
        info =
          (typeof input === 'string' && !gzip
            ? await readJtlParallel(input, rec, opts.targets, opts, opts.parallel)
            : undefined) ?? (await readJtlCsv(source, rec, opts, { gzip }));
        break;
      case 'jmeter-xml':
        info = await readJtlXml(source, rec, { gzip });
        break;
      case 'k6-json':
        info = await readK6Json(source, rec, { gzip });
        break;
      case 'k6-summary':
        info = readK6Summary(await readWhole(source), source.name, rec);
        break;
      case 'locust-stats':
        info = await readLocustStats(source, rec);
        break;
      case 'locust-history':
        info = await readLocustHistory(source, rec);
        break;
      case 'locust-failures':
        info = await readLocustFailures(source, rec);
        break;
      case 'locust-exceptions':
        info = await readLocustExceptions(source, rec);
        break;
    }
    // Every file must give something: a file of garbage next to good ones would otherwise
    // vanish from the figures (and from a baseline) without a word. (A run without failures or
    // exceptions writes those files with a header only.)
    const mayBeEmpty = format === 'locust-failures' || format === 'locust-exceptions';
    if (info.rows === 0 && (!mayBeEmpty || rec.skippedTotal > 0)) throw nothingReadable(info.name, rec);
    infos.push(info);
  }
  const sampled = kinds.has('jmeter-csv') || kinds.has('jmeter-xml') || kinds.has('k6-json');
  const reported = kinds.has('k6-summary') || kinds.has('locust');
  if (sampled && reported)
    throw new InputError(
      'cannot mix sample files (JTL, k6 JSON) with reported summaries (Locust, k6 summary) in one run',
      {},
      'give the files of one tool at a time',
    );
  if (kinds.has('locust')) locustTotals(rec, infos);
  return summarize(rec, infos);
}

/**
 * Locust's totals come from its _stats.csv; without one, from the stats history's last row (which
 * has running totals). A failures or exceptions file alone has no requests at all. With both, the
 * history's last row is checked against the stats: Locust 2.12 writes its history to disk only
 * every 10 s and loses the rows since at exit, so the history usually ends early.
 */
function locustTotals(rec: RunRecorder, infos: readonly SourceInfo[]): void {
  const has = (format: string) => infos.some((i) => i.format === format);
  if (!has('locust-stats') && !has('locust-history'))
    throw new InputError(
      `${infos.map((i) => i.name).join(', ')}: a Locust ${has('locust-failures') ? 'failures' : 'exceptions'} file lists ${has('locust-failures') ? 'failed requests by error' : 'errors raised in the locustfile'}, not the requests themselves`,
      {},
      'pass the _stats.csv (or _stats_history.csv) of the same run with it',
    );
  const end = rec.historyEnd;
  if (!has('locust-stats')) {
    for (const f of [...rec.flows, rec.reportedOverall])
      if (f?.historyTotals && !f.reported) f.reported = f.historyTotals;
    if (rec.historySpanSec) rec.reportedDurationSec = rec.historySpanSec;
    rec.note(
      rec.historyRolling
        ? 'totals from the stats history’s last row (no _stats.csv given): requests, failures, mean, min, max and median of the run up to that row; its p90–p99 columns cover only the 10 s before it, so the run’s are not known'
        : 'totals from the stats history’s last row (no _stats.csv given): the run up to that row, which may be some seconds before its end',
    );
    return;
  }
  const stats = rec.reportedOverall?.reported;
  if (!end || !stats || end.count === stats.count) return;
  const at = new Date(end.ms).toISOString().slice(11, 19);
  rec.note(
    end.count < stats.count
      ? `${end.file} ends early: its last row (${at} UTC) counts ${end.count} of the ${stats.count} requests in the stats file, so the over-time view misses the end of the run (Locust 2.12 writes its history every 10 s and loses the last rows when it stops)`
      : `${end.file} counts more requests (${end.count}) than the stats file (${stats.count}): are they from the same run?`,
  );
}

/** The error for a file that gave no readable row, with the reasons rows of it were skipped. */
function nothingReadable(file: string, rec: RunRecorder): InputError {
  const why = [...rec.skipped.entries()]
    .map(([r, e]) => [r, e.count, e.where.filter((w) => w.startsWith(`${file}:`))] as const)
    .filter(([, , where]) => where.length > 0)
    .map(([r, count, where]) => `${r}: ${count} (${where.join(', ')})`)
    .join('; ');
  return new InputError(`no readable samples in ${file}${why ? `; skipped ${why}` : ''}`, { file });
}

async function sniffRaw(path: string): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  try {
    const fh = await open(path, 'r');
    try {
      const b = Buffer.alloc(2);
      const { bytesRead } = await fh.read(b, 0, 2, 0);
      return b.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new InputError(`cannot read results file: ${(err as Error).message}`, { file: path });
  }
}
