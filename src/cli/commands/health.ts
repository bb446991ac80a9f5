import { appendFileSync, closeSync, openSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { InputError } from '../../diagnostics/index.js';
import type { DeliveryEvent, DurationRange, SignalHold } from '../../health/index.js';
import { EXIT } from '../exitCodes.js';
import { pushJson, pushTarget } from '../serverPush.js';
import { authFromFlags, type HealthAuthOptions, withAuth } from './healthAuth.js';

// Only commander and small local modules load here: each action imports the health core itself,
// so `waymark --help` and the other commands do not pay for it.

type HealthCore = typeof import('../../health/index.js');
const core = (): Promise<HealthCore> => import('../../health/index.js');

export interface HealthCommonOptions extends HealthAuthOptions {
  model?: string;
  source?: string;
  timeout?: string;
  concurrency?: string;
}

export interface HealthEvalOptions extends HealthCommonOptions, PushOptions {
  format?: string;
  output?: string;
  failOn?: string;
  allowUnknown?: boolean;
}

export interface HealthValidateOptions extends HealthCommonOptions {
  dryRun?: boolean;
}

export interface HealthGraphOptions extends HealthCommonOptions {
  format?: string;
  output?: string;
  eval?: boolean;
}

interface PushOptions {
  push?: string;
  workload?: string;
  token?: string;
}

export interface HealthWatchOptions extends HealthCommonOptions, PushOptions {
  format?: string;
  interval?: string;
  webhook?: string[];
  exec?: string[];
  once?: boolean;
  count?: string;
  record?: string;
  /** A path, or false for --no-outbox. */
  outbox?: string | false;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function withCommon(cmd: Command): Command {
  return withAuth(
    cmd
      .option('-m, --model <file>', 'health model file', 'waymark.health.yaml')
      .option(
        '-s, --source <url|file>',
        "metrics source instead of the model's: a Prometheus URL, a /metrics URL, a metrics text file or a JSON values file (prefix prometheus:, metrics: or values: to be explicit)",
      )
      .option(
        '--timeout <duration>',
        "time-out per query, 1ms to 10m, e.g. 500ms or 5s (default: the model's, else 5s)",
      )
      .option('--concurrency <n>', "queries in flight at once, 1 to 256 (default: the model's, else 16)"),
  );
}

function withPush(cmd: Command): Command {
  return cmd
    .option('--push <url>', 'also send each evaluation to a Waymark server (its base URL)')
    .option('--workload <id>', 'the workload on that server')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)');
}

export function registerHealthCommands(program: Command): void {
  const health = program
    .command('health')
    .description("the workload's health model: evaluate it from metrics, watch it, draw it");

  withPush(
    withCommon(
      health
        .command('eval')
        .description(
          'evaluate once: the tree of states, each with the value and threshold that decided it; a pipeline gate by its exit code',
        )
        .addOption(
          new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'),
        )
        .option('-o, --output <file>', 'write the result to a file instead of standard output')
        .addOption(
          new Option('--fail-on <state>', 'the least state that fails the gate (exit 1)')
            .choices(['unhealthy', 'degraded'])
            .default('unhealthy'),
        )
        .option(
          '--allow-unknown',
          'let signals that could not be read pass: judge on the signals that were read',
        )
        .addHelpText('after', EVAL_EXIT_CODES),
    ),
  ).action(async (opts: HealthEvalOptions) => {
    process.exitCode = await runHealthEval(opts);
  });

  withPush(
    withCommon(
      health
        .command('watch')
        .description('evaluate on an interval, print each change of state and notify on changes')
        .option('-i, --interval <duration>', 'time between evaluations, 100ms to 1d, e.g. 30s or 1m', '30s')
        .option('--webhook <url>', 'POST each change as JSON here, with retries (repeatable)', collect)
        .option(
          '--exec <command>',
          'run this shell command on each change, the JSON on its stdin (repeatable)',
          collect,
        )
        .option('--record <file>', 'append each change of state to this file as a JSON line')
        .option(
          '--outbox <file>',
          'keep undelivered notifications and the last state here, so a restart loses and repeats nothing (default: .waymark/health-outbox-<workload>.json)',
        )
        .option('--no-outbox', 'keep undelivered notifications in memory only')
        .option('--once', 'evaluate once and stop (same as --count 1)')
        .option('--count <n>', 'stop after this many evaluations')
        .addOption(
          new Option('-f, --format <format>', 'how changes are printed')
            .choices(['text', 'json'])
            .default('text'),
        )
        .addHelpText('after', WATCH_EXIT_CODES),
    ),
  ).action(async (opts: HealthWatchOptions) => {
    process.exitCode = await runHealthWatch(opts);
  });

  withCommon(
    health
      .command('validate')
      .description(
        'check the model: every field and reference at once, each PromQL query parsed, and, with a source, every query run once (a dry run)',
      )
      .option('--no-dry-run', 'parse only; do not query the source')
      .addHelpText('after', VALIDATE_EXIT_CODES),
  ).action(async (opts: HealthValidateOptions) => {
    process.exitCode = await runHealthValidate(opts);
  });

  withCommon(
    health
      .command('graph')
      .description('the model as a Mermaid diagram or an SVG, coloured by the current state')
      .addOption(
        new Option('-f, --format <format>', 'diagram format').choices(['mermaid', 'svg']).default('mermaid'),
      )
      .option('-o, --output <file>', 'write the diagram to a file instead of standard output')
      .option('--no-eval', 'draw the model only, without querying metrics'),
  ).action(async (opts: HealthGraphOptions) => {
    process.exitCode = await runHealthGraph(opts);
  });
}

const EVAL_EXIT_CODES = `
Exit codes:
  0  healthy, or degraded (a warning says so unless --fail-on degraded)
  1  unhealthy, or degraded with --fail-on degraded
  2  a mistake in the input: the model, a flag, a values or metrics file
  3  unknown: a signal could not be read (source down, refused, timed out, a bad
     query, no data), so the gate cannot tell; --allow-unknown judges on the rest
`;

const VALIDATE_EXIT_CODES = `
Exit codes:
  0  the model is valid (and, with a source, every query gave a value)
  2  problems, each with file and line: a field, a reference, PromQL syntax, or in the dry run
     a query Prometheus refused, a counter read without rate(), no data, several series
  3  the source could not be reached for the dry run (the model itself is valid)
`;

const WATCH_EXIT_CODES = `
Notifications: one per evaluation that changed anything (workload, component or signal), each
change with a stable key <workload>/<id>; sent beside the loop with a delivery id (same on every
attempt and after a restart), retried after 2s, 4s, 8s ... at most 5m apart, for a day.

Exit codes:
  0    --once or --count finished
  2    a mistake in the input: the model, a flag, an outbox that is not one
  130  stopped by SIGINT or SIGTERM (what is unsent stays in the outbox)
`;

function wholeNumber(
  h: HealthCore,
  value: string | undefined,
  flag: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > max)
    throw new InputError(
      `${flag} expects a whole number from 1${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got ${h.quote(value)}`,
    );
  return n;
}

function durationOption(
  h: HealthCore,
  value: string | undefined,
  flag: string,
  range: DurationRange,
): number | undefined {
  if (value === undefined) return undefined;
  const checked = h.checkDuration(value, range);
  if ('problem' in checked) throw new InputError(`${flag}: ${checked.problem}`, {}, 'e.g. 500ms, 30s, 1m');
  return checked.ms;
}

async function prepare(opts: HealthCommonOptions) {
  const h = await core();
  const model = h.loadHealthModel(opts.model ?? h.DEFAULT_HEALTH_FILE);
  const timeoutMs = durationOption(h, opts.timeout, '--timeout', h.TIMEOUT_RANGE);
  const concurrency = wholeNumber(h, opts.concurrency, '--concurrency', h.MAX_CONCURRENCY);
  const flagged = authFromFlags(h.httpAuthSchema, opts);
  const source = opts.source
    ? h.sourceFromOption(opts.source, flagged)
    : model.source
      ? h.sourceFromSpec(
          flagged && model.source.prometheus !== undefined
            ? { ...model.source, auth: flagged }
            : model.source,
          flagged ? '.' : model.baseDir,
          flagged ? 'the auth flags' : model.file,
        )
      : undefined;
  const evaluate = (hold?: SignalHold) => {
    if (!source)
      throw new InputError(
        'no metrics source',
        { file: model.file },
        'add source: { prometheus: http://… } to the model, or pass --source',
      );
    return h.evaluateHealth(model, {
      source,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(hold ? { hold } : {}),
    });
  };
  return { h, model, evaluate, hasSource: source !== undefined };
}

async function write(text: string, output: string | undefined): Promise<void> {
  const { emit } = await import('../output.js');
  emit(text, output);
}

const GATE_EXIT = {
  pass: EXIT.ok,
  unhealthy: EXIT.gate,
  degraded: EXIT.gate,
  unknown: EXIT.unknown,
} as const;

/** The exit code gates a pipeline: see EVAL_EXIT_CODES. The report is written whatever it says. */
export async function runHealthEval(opts: HealthEvalOptions): Promise<number> {
  const target = pushTarget(opts);
  const { h, evaluate } = await prepare(opts);
  const report = await evaluate();
  if (target) await pushJson(target, 'health', 'PUT', report);
  if (opts.format === 'json') await write(`${JSON.stringify(report, null, 2)}\n`, opts.output);
  else {
    const { styleFor } = await import('../output.js');
    const style = styleFor(opts.output);
    const colour = {
      healthy: style.green,
      degraded: style.yellow,
      unknown: style.cyan,
      unhealthy: style.red,
    };
    await write(h.renderHealthText(report, { paint: (s, t) => colour[s](t) }), opts.output);
  }
  const verdict = h.gateVerdict(report, {
    failOn: opts.failOn === 'degraded' ? 'degraded' : 'unhealthy',
    allowUnknown: opts.allowUnknown === true,
  });
  const prefix = verdict.outcome === 'pass' ? 'waymark: warning: ' : 'waymark: ';
  for (const note of verdict.notes) process.stderr.write(`${prefix}${note}\n`);
  return GATE_EXIT[verdict.outcome];
}

/** Problems go to stderr as file:line:column: message; a summary line to stdout. */
export async function runHealthValidate(opts: HealthValidateOptions): Promise<number> {
  const { h, model, evaluate, hasSource } = await prepare(opts);
  const { readYaml } = await import('../../yamlDoc/index.js');
  const yaml = readYaml(h.readModelText(model.file), model.file);
  const say = (problems: readonly { path: readonly (string | number)[]; message: string }[]) => {
    for (const p of problems) process.stderr.write(`waymark: ${yaml.errorAt(p.path, p.message).format()}\n`);
  };
  const syntax = h.syntaxProblems(model);
  say(syntax);
  const signals = model.components.reduce((n, c) => n + c.signals.length, 0);
  if (syntax.length) return EXIT.usage;
  if (opts.dryRun === false || !hasSource) {
    process.stdout.write(
      `${model.file}: valid: ${model.components.length} components, ${signals} signals; queries parsed${hasSource ? '' : ' (no source to dry-run them against)'}\n`,
    );
    return EXIT.ok;
  }
  const report = await evaluate();
  const dry = h.dryRunProblems(model, report);
  if (dry.unreachable !== undefined) {
    process.stderr.write(`waymark: the dry run could not reach the source: ${dry.unreachable}\n`);
    return EXIT.unknown;
  }
  say(dry.problems);
  if (dry.problems.length) return EXIT.usage;
  process.stdout.write(
    `${model.file}: valid: ${model.components.length} components, ${signals} signals; every query gave a value from ${report.source}\n`,
  );
  return EXIT.ok;
}

export async function runHealthGraph(opts: HealthGraphOptions): Promise<number> {
  const { h, model, evaluate } = await prepare(opts);
  const report = opts.eval === false ? undefined : await evaluate();
  const graph = h.graphOf(model, report);
  await write(opts.format === 'svg' ? await h.renderSvg(graph) : h.renderMermaid(graph), opts.output);
  return EXIT.ok;
}

export async function runHealthWatch(opts: HealthWatchOptions): Promise<number> {
  const target = pushTarget(opts);
  const { h, model, evaluate: evaluateOnly } = await prepare(opts);
  // One hold for the whole watch: `for:` and hysteresis look back over its evaluations.
  const hold = h.createSignalHold();
  // With --push the server keeps the latest evaluation and the timeline of changes.
  const evaluate = async () => {
    const report = await evaluateOnly(hold);
    if (target) await pushJson(target, 'health', 'PUT', report);
    return report;
  };
  const intervalMs = durationOption(h, opts.interval ?? '30s', '--interval', h.INTERVAL_RANGE) ?? 30_000;
  const count = opts.once ? 1 : wholeNumber(h, opts.count, '--count');
  const notifiers = [
    ...(opts.webhook ?? []).map((url) => {
      if (!h.isHttpUrl(url)) throw new InputError(`--webhook: ${h.quote(url)} is not an http(s) URL`);
      return h.webhookNotifier(url);
    }),
    ...(opts.exec ?? []).map((cmd) => h.commandNotifier(cmd)),
  ];
  // Opened before the first evaluation, so a bad path is an error now, not after the first change.
  const record = opts.record === undefined ? undefined : openRecord(opts.record);
  const outbox =
    opts.outbox === false
      ? undefined
      : h.fileOutbox(
          opts.outbox ?? `.waymark/health-outbox-${model.workload.replace(/[^A-Za-z0-9_-]+/g, '-')}.json`,
        );
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await h.watchHealth({
      evaluate,
      intervalMs,
      ...(count !== undefined ? { count } : {}),
      notifiers,
      ...(outbox ? { outbox } : {}),
      signal: stop.signal,
      onEvaluation(report, changes) {
        if (record !== undefined && changes.length)
          appendFileSync(record, changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
        const lines =
          opts.format === 'json'
            ? changes.map((c) => JSON.stringify(c))
            : changes.map(
                (c) =>
                  `${c.at} ${c.level} ${c.level === 'workload' ? c.workload : c.id}: ${c.from ?? 'start'} → ${c.to} — ${c.reason}`,
              );
        if (opts.format !== 'json' && changes.length === 0)
          lines.push(`${report.evaluatedAt} ${report.workload}: ${report.state} (no change)`);
        if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
      },
      onDelivery(event) {
        process.stderr.write(`${deliveryLine(event)}\n`);
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (record !== undefined) closeSync(record);
  }
  // Stopped by SIGINT or SIGTERM: a supervisor can tell it from a run that ended on its own.
  return stop.signal.aborted ? EXIT.interrupted : EXIT.ok;
}

function deliveryLine(event: DeliveryEvent): string {
  const d = event.delivery;
  const id = `delivery ${d.id}`;
  switch (event.kind) {
    case 'delivered':
      return `waymark: notified ${d.notifier}: ${event.result.detail} (${id}, attempt ${d.attempts})`;
    case 'retrying': {
      const wait = Math.max(0, Math.round((event.nextAttemptAt - Date.now()) / 1000));
      return `waymark: warning: could not notify ${d.notifier}: ${event.result.detail}; attempt ${d.attempts}, next in ${wait}s (${id})`;
    }
    case 'dropped':
      return `waymark: warning: gave up notifying ${d.notifier} after ${d.attempts} attempts: ${event.result.detail} (${id})`;
    case 'kept':
      return `waymark: warning: the outbox holds ${id} for ${d.notifier}, which this run does not notify; kept for a run that does`;
  }
}

const RECORD_CAUSES: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

/**
 * --record is a journal: each change is appended as one JSON line, so it is opened for appending
 * rather than rewritten through writeFileAtomic (which replaces a whole file).
 */
function openRecord(file: string): number {
  try {
    return openSync(file, 'a');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new InputError(
      `--record: cannot open the file: ${RECORD_CAUSES[code] ?? (code || 'open failed')}`,
      {
        file,
      },
    );
  }
}
