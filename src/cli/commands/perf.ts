import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, isInputError } from '../../diagnostics/index.js';
import { emit as emitText } from '../output.js';

// Nothing heavy is imported here: `waymark --help` must stay fast, so each action loads the perf core itself.

type OutputFormat = 'text' | 'md' | 'json' | 'html';
const FORMATS: readonly OutputFormat[] = ['text', 'md', 'json', 'html'];
const INPUT_FORMATS = [
  'jmeter-csv',
  'jmeter-xml',
  'k6-json',
  'k6-summary',
  'locust-stats',
  'locust-history',
  'locust-failures',
  'locust-exceptions',
] as const;
type InputFormat = (typeof INPUT_FORMATS)[number];

export interface PerfOptions {
  targets?: string;
  format?: string;
  output?: string;
  baseline?: string;
  window?: string;
  inputFormat?: string;
  columns?: string;
  /** A Waymark server that keeps the baseline, with the workload it belongs to. */
  server?: string;
  workload?: string;
  token?: string;
  /** `baseline set`: write even a baseline with no samples or one that drops flows. */
  force?: boolean;
  /** A Waymark server that keeps the run in the workload's history (`summary`, `compare`). */
  push?: string;
  /** The run's name in that history: a build, a commit. */
  runName?: string;
}

export interface PerfResult {
  text: string;
  exitCode: 0 | 1;
}

function outputFormat(v: string | undefined): OutputFormat {
  const f = (v ?? 'text') as OutputFormat;
  if (!FORMATS.includes(f))
    throw new InputError(`unknown --format "${v}"`, {}, `use one of ${FORMATS.join(', ')}`);
  return f;
}

/** The baseline commands print tables only; HTML (with charts) is for summary and compare. */
function tableFormat(v: string | undefined): Exclude<OutputFormat, 'html'> {
  const f = outputFormat(v);
  if (f === 'html')
    throw new InputError(
      '--format html is for `perf summary` and `perf compare`',
      {},
      'use text, md or json',
    );
  return f;
}

function inputFormat(v: string | undefined): InputFormat | undefined {
  if (v === undefined) return undefined;
  if (!(INPUT_FORMATS as readonly string[]).includes(v))
    throw new InputError(`unknown --input-format "${v}"`, {}, `use one of ${INPUT_FORMATS.join(', ')}`);
  return v as InputFormat;
}

type PerfCore = typeof import('../../perf/index.js');

/** --window: seconds, or a duration with a unit (500ms, 10s, 5m, 1h); 1 s to 24 h, as in a targets file. */
function windowMs(perf: PerfCore, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = perf.parseDuration(v, 's');
  const problem =
    ms === undefined
      ? 'must be a number of seconds or a duration such as 10s'
      : perf.durationProblem(ms, perf.MIN_WINDOW_MS, perf.MAX_WINDOW_MS);
  if (problem || ms === undefined) throw new InputError(`--window ${problem}, not ${perf.escapedExcerpt(v)}`);
  return ms;
}

async function load(results: string[], opts: PerfOptions) {
  const perf = await import('../../perf/index.js');
  const targets = perf.loadTargetsOption(opts.targets);
  // Read once more as text for a server, which checks the file as this command did.
  const targetsText = targets?.file ? readText(targets.file) : undefined;
  const format = inputFormat(opts.inputFormat);
  const window = windowMs(perf, opts.window);
  const summary = await perf.readResults(results, {
    ...(targets ? { targets } : {}),
    ...(window !== undefined ? { windowMs: window } : {}),
    ...(format ? { format } : {}),
    ...(opts.columns ? { columns: opts.columns.split(',').map((c) => c.trim()) } : {}),
  });
  return { perf, targets, targetsText, summary };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

type Loaded = Awaited<ReturnType<typeof load>>;
type RunBaseline = ReturnType<Loaded['perf']['baselineFromSummary']>;

/**
 * Sends the run to the server's history of the workload (POST perf/runs), with the baseline and
 * targets files it was judged by: the server keeps every run, so a flow can be followed across
 * them. `made` marks a run made the baseline. Returns the line the text output ends with.
 */
async function pushRun(
  loaded: Loaded,
  target: { url: string; workload: string; token?: string | undefined },
  opts: PerfOptions,
  baseline: RunBaseline | undefined,
  kind: 'run' | 'baseline' = 'run',
): Promise<string> {
  const { pushJson } = await import('../serverPush.js');
  const stored = (await pushJson(target, 'perf/runs', 'POST', {
    ...(opts.runName ? { name: opts.runName } : {}),
    kind,
    summary: loaded.summary,
    ...(baseline ? { baseline: loaded.perf.formatBaseline(baseline) } : {}),
    ...(loaded.targetsText ? { targets: loaded.targetsText } : {}),
  })) as { id?: string } | undefined;
  return `run ${stored?.id ?? ''} kept on ${target.url} (workload ${target.workload})`;
}

async function runTarget(opts: PerfOptions) {
  const { pushTarget } = await import('../serverPush.js');
  return pushTarget({ push: opts.push, workload: opts.workload, token: opts.token });
}

const withLine = (text: string, format: string, line: string | undefined) =>
  line && format === 'text' ? `${text}\n${line}\n` : text;

export async function perfSummary(results: string[], opts: PerfOptions): Promise<PerfResult> {
  const format = outputFormat(opts.format);
  const target = await runTarget(opts);
  const loaded = await load(results, opts);
  const { perf, targets, summary } = loaded;
  const pushed = target ? await pushRun(loaded, target, opts, undefined) : undefined;
  if (format === 'html') return { text: await perf.renderSummaryHtml(summary, targets), exitCode: 0 };
  return { text: withLine(perf.renderSummary(summary, format), format, pushed), exitCode: 0 };
}

/** With --server, the baseline lives on a Waymark server (per workload) instead of in a file. */
async function serverOf(opts: PerfOptions) {
  const { pushTarget } = await import('../serverPush.js');
  return pushTarget({ push: opts.server, workload: opts.workload, token: opts.token }, '--server');
}

/** The baseline from the server (with --server) or a file; undefined when there is none. */
async function readBaseline(opts: PerfOptions, required: boolean) {
  const perf = await import('../../perf/index.js');
  const server = await serverOf(opts);
  if (server) {
    const { fetchJson } = await import('../serverPush.js');
    const found = (await fetchJson(server, 'perf-baseline')) as { baseline: string } | undefined;
    if (!found && required) {
      throw new InputError(
        `the server has no baseline for workload ${server.workload}`,
        {},
        'run `waymark perf baseline set RESULTS --server URL --workload ID`',
      );
    }
    return found
      ? perf.parseBaseline(found.baseline, `${server.url} (workload ${server.workload})`)
      : undefined;
  }
  const { existsSync } = await import('node:fs');
  const file =
    opts.baseline ??
    (required || existsSync(perf.DEFAULT_BASELINE_FILE) ? perf.DEFAULT_BASELINE_FILE : undefined);
  return file ? perf.loadBaseline(file) : undefined;
}

/**
 * A baseline is the reference every later run is judged against: replacing a good one with an
 * empty one, or one that lost flows (a broken results file, a changed targets file), would pass
 * every later regression silently. Both need --force.
 */
async function guardBaseline(
  perf: PerfCore,
  next: ReturnType<PerfCore['baselineFromSummary']>,
  opts: PerfOptions,
) {
  if (opts.force) return;
  let existing: Awaited<ReturnType<typeof readBaseline>>;
  try {
    const { existsSync } = await import('node:fs');
    // A baseline file that does not exist yet is the first baseline, not a loss.
    existing =
      opts.server || (opts.baseline && existsSync(opts.baseline))
        ? await readBaseline(opts, false)
        : undefined;
  } catch (err) {
    if (!isInputError(err)) throw err;
    const why = err instanceof InputError ? err.format() : err.message;
    throw new InputError(
      `the existing baseline cannot be read, so it is not replaced: ${why}`,
      {},
      'fix it, or pass --force to replace it',
    );
  }
  const { empty, dropped } = perf.baselineLosses(existing, next);
  if (empty)
    throw new InputError(
      'the new baseline has no samples: no flow of this run has any',
      {},
      'check the results and the targets file, or pass --force to write it anyway',
    );
  if (dropped.length > 0) {
    const names = dropped.slice(0, 10).map((f) => perf.escapedExcerpt(f, 60));
    const more = dropped.length > 10 ? ` and ${dropped.length - 10} more` : '';
    throw new InputError(
      `the new baseline would drop ${dropped.length} flow${dropped.length === 1 ? '' : 's'} of the existing one (${existing?.file ?? 'the baseline'}): ${names.join(', ')}${more}`,
      {},
      'these flows have no samples in this run; check the results and the targets file, or pass --force to replace the baseline anyway',
    );
  }
}

export async function perfBaselineSet(results: string[], opts: PerfOptions): Promise<PerfResult> {
  const format = tableFormat(opts.format);
  const loaded = await load(results, opts);
  const { perf, summary } = loaded;
  const server = await serverOf(opts);
  if (server) {
    const baseline = perf.baselineFromSummary(summary);
    await guardBaseline(perf, baseline, opts);
    const { pushJson } = await import('../serverPush.js');
    await pushJson(server, 'perf-baseline', 'PUT', { baseline: perf.formatBaseline(baseline) });
    // The run that became the baseline joins the workload's history, marked as such.
    await pushRun(loaded, server, opts, baseline, 'baseline');
    const text = perf.renderBaseline(baseline, format);
    const where = `${server.url} (workload ${server.workload})`;
    return { text: format === 'text' ? `${text}\nbaseline stored on ${where}\n` : text, exitCode: 0 };
  }
  const file = opts.baseline ?? perf.DEFAULT_BASELINE_FILE;
  const baseline = { ...perf.baselineFromSummary(summary), file };
  await guardBaseline(perf, baseline, { ...opts, baseline: file });
  perf.saveBaseline(file, baseline);
  const text = perf.renderBaseline(baseline, format);
  return { text: format === 'text' ? `${text}\nbaseline written to ${file}\n` : text, exitCode: 0 };
}

export async function perfBaselineShow(opts: PerfOptions): Promise<PerfResult> {
  const format = tableFormat(opts.format);
  const perf = await import('../../perf/index.js');
  const baseline = await readBaseline(opts, true);
  if (!baseline) throw new InputError('no baseline');
  return { text: perf.renderBaseline(baseline, format), exitCode: 0 };
}

export async function perfCompare(results: string[], opts: PerfOptions): Promise<PerfResult> {
  const format = outputFormat(opts.format);
  const target = await runTarget(opts);
  const loaded = await load(results, opts);
  const { perf, targets, summary } = loaded;
  const baseline = await readBaseline(opts, false);
  if (!baseline && !targets)
    throw new InputError(
      'nothing to compare against: no baseline and no targets file',
      {},
      `run \`waymark perf baseline set RESULTS\` or write ${perf.DEFAULT_TARGETS_FILE}`,
    );
  const cmp = perf.compareRun(summary, targets, baseline);
  // With --server the outcome is kept there too: a recent passing comparison is evidence.
  const server = await serverOf(opts);
  if (server) {
    const { pushJson } = await import('../serverPush.js');
    await pushJson(server, 'perf-comparison', 'PUT', {
      baselineCreated: cmp.baselineCreated,
      flows: cmp.flows.length,
      regressed: cmp.regressed,
      targetsMissed: cmp.targetsMissed,
    });
  }
  const pushed = target ? await pushRun(loaded, target, opts, baseline) : undefined;
  if (format === 'html')
    return {
      text: await perf.renderComparisonHtml(cmp, summary, { baseline, targets }),
      exitCode: cmp.exitCode,
    };
  return { text: withLine(perf.renderComparison(cmp, format), format, pushed), exitCode: cmp.exitCode };
}

function emit(r: PerfResult, opts: PerfOptions): void {
  emitText(r.text, opts.output);
  if (r.exitCode !== 0) process.exitCode = r.exitCode;
}

function common(cmd: Command): Command {
  return cmd
    .option('--targets <file>', 'targets file (default: waymark.perf.yaml when present)')
    .option(
      '--format <format>',
      'output format: text, md (for a PR comment), json or html (with charts; summary and compare)',
      'text',
    )
    .option('--output <file>', 'write the output to a file instead of stdout');
}

function reading(cmd: Command): Command {
  return cmd
    .option(
      '--window <seconds>',
      'width of the over-time windows, 1 s to 24 h: seconds or e.g. 90s, 5m (default: from the targets file, else 60)',
    )
    .option('--input-format <format>', `skip format detection: ${INPUT_FORMATS.join(', ')}`)
    .option('--columns <list>', 'column names of a JTL CSV written without a header row, comma-separated');
}

export function registerPerfCommands(program: Command): void {
  const perf = program
    .command('perf')
    .description(
      'performance targets, baselines and regression checks of load-test runs (JMeter, k6, Locust)',
    );

  reading(
    common(
      perf
        .command('summary')
        .description('per flow: count, errors, throughput and percentiles, and the same over time')
        .argument(
          '<results...>',
          'result files: JTL (CSV or XML, gzip ok), k6 --out json or --summary-export, Locust --csv',
        ),
    ),
  )
    .option('--push <url>', "keep the run in the workload's history on this Waymark server")
    .option('--workload <id>', 'the workload on that server (with --push)')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)')
    .option('--run-name <name>', 'name of the run in that history: a build, a commit')
    .action(async (results: string[], opts: PerfOptions) => emit(await perfSummary(results, opts), opts));

  const baseline = perf
    .command('baseline')
    .description('the reference run, kept in the repository or on a Waymark server');
  reading(
    common(
      baseline
        .command('set')
        .description('make this run the baseline (written to waymark.perf.baseline.yaml unless --baseline)')
        .argument('<results...>', 'result files of the reference run'),
    ),
  )
    .option('--baseline <file>', 'baseline file to write')
    .option('--force', 'replace the baseline even when the new one has no samples or drops flows of it')
    .option(
      '--server <url>',
      "keep the baseline on this Waymark server instead of a file (the run joins the workload's history)",
    )
    .option('--workload <id>', 'the workload on that server (with --server)')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)')
    .option('--run-name <name>', "name of the run in the server's history: a build, a commit")
    .action(async (results: string[], opts: PerfOptions) => emit(await perfBaselineSet(results, opts), opts));

  baseline
    .command('show')
    .description('print the baseline')
    .option('--baseline <file>', 'baseline file to read (default: waymark.perf.baseline.yaml)')
    .option('--format <format>', 'output format: text, md or json', 'text')
    .option('--output <file>', 'write the output to a file instead of stdout')
    .option('--server <url>', 'keep the baseline on this Waymark server instead of a file')
    .option('--workload <id>', 'the workload on that server (with --server)')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)')
    .action(async (opts: PerfOptions) => emit(await perfBaselineShow(opts), opts));

  reading(
    common(
      perf
        .command('compare')
        .description(
          'per flow and metric: target, baseline, this run, change and verdict; exits 1 when a flow regressed or missed a target',
        )
        .argument('<results...>', 'result files of this run'),
    ),
  )
    .option('--baseline <file>', 'baseline file (default: waymark.perf.baseline.yaml when present)')
    .option('--server <url>', 'keep the baseline on this Waymark server instead of a file')
    .option('--push <url>', "keep the run and its verdict in the workload's history on this Waymark server")
    .option('--workload <id>', 'the workload on that server (with --server or --push)')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)')
    .option('--run-name <name>', 'name of the run in that history: a build, a commit')
    .action(async (results: string[], opts: PerfOptions) => emit(await perfCompare(results, opts), opts));
}
