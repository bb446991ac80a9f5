import { appendFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { InputError } from '../../diagnostics/index.js';
import { EXIT } from '../exitCodes.js';
import { pushJson, pushTarget } from '../serverPush.js';

// Only commander and small local modules load here: each action imports the health core itself,
// so `waymark --help` and the other commands do not pay for it.

type HealthCore = typeof import('../../health/index.js');
const core = (): Promise<HealthCore> => import('../../health/index.js');

export interface HealthCommonOptions {
  model?: string;
  source?: string;
  timeout?: string;
  concurrency?: string;
}

export interface HealthEvalOptions extends HealthCommonOptions, PushOptions {
  format?: string;
  output?: string;
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
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function withCommon(cmd: Command): Command {
  return cmd
    .option('-m, --model <file>', 'health model file', 'waymark.health.yaml')
    .option(
      '-s, --source <url|file>',
      "metrics source instead of the model's: a Prometheus URL, a /metrics URL, a metrics text file or a JSON values file (prefix prometheus:, metrics: or values: to be explicit)",
    )
    .option('--timeout <duration>', "time-out per query, e.g. 5s (default: the model's, else 5s)")
    .option('--concurrency <n>', "queries in flight at once (default: the model's, else 16)");
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
          'evaluate once: the tree of states, each with the value and threshold that decided it; exit 1 when the workload is unhealthy',
        )
        .addOption(
          new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'),
        )
        .option('-o, --output <file>', 'write the result to a file instead of standard output'),
    ),
  ).action(async (opts: HealthEvalOptions) => {
    process.exitCode = await runHealthEval(opts);
  });

  withPush(
    withCommon(
      health
        .command('watch')
        .description('evaluate on an interval, print each change of state and notify on changes')
        .option('-i, --interval <duration>', 'time between evaluations, e.g. 30s or 1m', '30s')
        .option('--webhook <url>', 'POST each change as JSON here, with retries (repeatable)', collect)
        .option(
          '--exec <command>',
          'run this shell command on each change, the JSON on its stdin (repeatable)',
          collect,
        )
        .option('--record <file>', 'append each change of state to this file as a JSON line')
        .option('--once', 'evaluate once and stop (same as --count 1)')
        .option('--count <n>', 'stop after this many evaluations')
        .addOption(
          new Option('-f, --format <format>', 'how changes are printed')
            .choices(['text', 'json'])
            .default('text'),
        ),
    ),
  ).action(async (opts: HealthWatchOptions) => {
    process.exitCode = await runHealthWatch(opts);
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

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InputError(`${flag} expects a whole number of 1 or more, got "${value}"`);
  return n;
}

function durationOption(h: HealthCore, value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = h.parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new InputError(`${flag}: "${value}" is not a duration`, {}, 'e.g. 500ms, 30s, 1m');
  return ms;
}

async function prepare(opts: HealthCommonOptions) {
  const h = await core();
  const model = h.loadHealthModel(opts.model ?? h.DEFAULT_HEALTH_FILE);
  const timeoutMs = durationOption(h, opts.timeout, '--timeout');
  const concurrency = positiveInt(opts.concurrency, '--concurrency');
  const source = opts.source
    ? h.sourceFromOption(opts.source)
    : model.source
      ? h.sourceFromSpec(model.source, model.baseDir)
      : undefined;
  const evaluate = () => {
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
    });
  };
  return { h, model, evaluate };
}

async function write(text: string, output: string | undefined): Promise<void> {
  const { emit } = await import('../output.js');
  emit(text, output);
}

/** Exit code 1 when the workload is unhealthy, so `waymark health eval` can gate a pipeline. */
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
  return report.state === 'unhealthy' ? EXIT.gate : EXIT.ok;
}

export async function runHealthGraph(opts: HealthGraphOptions): Promise<number> {
  const { h, model, evaluate } = await prepare(opts);
  const report = opts.eval === false ? undefined : await evaluate();
  const graph = h.graphOf(model, report);
  await write(opts.format === 'svg' ? h.renderSvg(graph) : h.renderMermaid(graph), opts.output);
  return EXIT.ok;
}

export async function runHealthWatch(opts: HealthWatchOptions): Promise<number> {
  const target = pushTarget(opts);
  const { h, evaluate: evaluateOnly } = await prepare(opts);
  // With --push the server keeps the latest evaluation and the timeline of changes.
  const evaluate = async () => {
    const report = await evaluateOnly();
    if (target) await pushJson(target, 'health', 'PUT', report);
    return report;
  };
  const intervalMs = durationOption(h, opts.interval ?? '30s', '--interval') ?? 30_000;
  const count = opts.once ? 1 : positiveInt(opts.count, '--count');
  const notifiers = [
    ...(opts.webhook ?? []).map((url) => {
      if (!/^https?:\/\//.test(url)) throw new InputError(`--webhook: "${url}" is not an http(s) URL`);
      return h.webhookNotifier(url);
    }),
    ...(opts.exec ?? []).map((cmd) => h.commandNotifier(cmd)),
  ];
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
      signal: stop.signal,
      onEvaluation(report, changes) {
        if (opts.record && changes.length)
          appendFileSync(opts.record, changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
        const lines =
          opts.format === 'json'
            ? changes.map((c) => JSON.stringify(c))
            : changes.map((c) => `${c.at} ${c.level} ${c.id}: ${c.from ?? 'start'} → ${c.to} — ${c.reason}`);
        if (opts.format !== 'json' && changes.length === 0)
          lines.push(`${report.evaluatedAt} ${report.workload}: ${report.state} (no change)`);
        if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
      },
      onNotified(results) {
        for (const r of results) {
          const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : '';
          process.stderr.write(
            `waymark: ${r.ok ? 'notified' : 'warning: could not notify'} ${r.notifier}: ${r.detail}${tries}\n`,
          );
        }
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return EXIT.ok;
}
