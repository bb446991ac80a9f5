/**
 * `waymark dora [files...]`: the delivery figures for a repository's own history, for teams
 * without a server. Deployments and incidents come from event files (the generic format, gh
 * output, an incidents CSV) and, with --tags, from the repository's release tags; commit times
 * and each change's commits come from git.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { DeliveryEvent, DeliveryMetrics } from '../../delivery/index.js';
import { InputError } from '../../diagnostics/index.js';
import { emit } from '../output.js';

export interface DoraOptions {
  repo: string;
  workload?: string;
  days: string;
  to?: string;
  environment?: string;
  deployEnvironment?: string;
  horizon: string;
  workflow?: string[];
  tags?: string;
  explain?: boolean;
  format: 'text' | 'json';
  output?: string;
}

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile(
      'git',
      ['-c', 'core.fsmonitor=false', '--no-pager', ...args],
      { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (err, stdout) => done(err ? undefined : stdout),
    );
  });
}

function whole(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Release tags matching `pattern` (a glob) as successful production deployments of their commit. */
async function tagDeployments(repo: string, pattern: string, workload: string, environment: string) {
  const out = await git(
    [
      'for-each-ref',
      `refs/tags/${pattern}`,
      '--format=%(refname:short)%1f%(*objectname)%1f%(objectname)%1f%(creatordate:iso-strict)',
    ],
    repo,
  );
  const events: DeliveryEvent[] = [];
  for (const line of (out ?? '').split('\n')) {
    const [name, peeled, object, date] = line.split('\x1f');
    if (!name || !date) continue;
    events.push({
      type: 'deployment',
      id: `tag:${name}`,
      workload,
      environment,
      status: 'success',
      time: new Date(date).toISOString(),
      // An annotated tag points at a tag object; the commit is the peeled one.
      commits: [{ sha: (peeled || object || '').toLowerCase() }],
      ref: name,
      source: 'file',
    });
  }
  return events;
}

export async function runDora(files: string[], opts: DoraOptions): Promise<void> {
  const delivery = await import('../../delivery/index.js');
  const repo = resolve(opts.repo);
  const workload = opts.workload ?? basename(repo);
  const days = whole('--days', opts.days, 1, 3650);
  const horizon = whole('--horizon', opts.horizon, 1, 720);
  const to = opts.to ? new Date(opts.to) : new Date();
  if (Number.isNaN(to.getTime())) throw new InputError(`--to: "${opts.to}" is not a date and time`);
  const settings = { workload, environment: opts.deployEnvironment, workflows: opts.workflow };
  const events: DeliveryEvent[] = [];
  const notes: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(
        `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        { file },
      );
    }
    const read = delivery.readEventFile(text, file, settings);
    events.push(...read.events);
    notes.push(...read.notes.map((n) => `${file}: ${n}`));
  }
  if (opts.tags)
    events.push(...(await tagDeployments(repo, opts.tags, workload, opts.deployEnvironment ?? 'production')));
  if (events.length === 0)
    throw new InputError(
      'no deployments to measure',
      {},
      'give an event file (generic JSON, gh run list or gh api …/deployments output, an incidents CSV), or --tags "v*" to count release tags as deployments',
    );
  const log = await git(['log', '--all', '--format=%H%x1f%ct%x1f%P'], repo);
  if (log === undefined)
    notes.push(
      `${repo} is not a git repository (or git is missing): lead time uses the commit times the events give`,
    );
  const commits = log === undefined ? undefined : delivery.commitGraph(delivery.parseGitGraph(log));
  const window = { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() };
  const metrics = delivery
    .deliveryMetrics(events, { window, commits, linkHorizonHours: horizon })
    .filter((m) => !opts.environment || m.environment === opts.environment.toLowerCase());
  const text =
    opts.format === 'json'
      ? `${JSON.stringify({ window, linkHorizonHours: horizon, notes, environments: metrics }, null, 2)}\n`
      : render(metrics, notes, opts.explain ?? false);
  emit(text, opts.output);
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null, unit: string) => (x === null ? '–' : `${x}${unit}`);

function render(all: readonly DeliveryMetrics[], notes: readonly string[], explain: boolean): string {
  const out: string[] = [];
  for (const m of all) {
    const f = m.deploymentFrequency;
    const l = m.leadTime;
    const c = m.changeFailureRate;
    const r = m.recoveryTime;
    const w = m.reworkRate;
    out.push(
      `${m.workload} · ${m.environment} · ${m.window.from.slice(0, 10)} to ${m.window.to.slice(0, 10)} (${m.window.days} days)`,
      `  deployment frequency  ${num(f.perWeek, ' a week')} (${f.deployments} successful, on ${f.deploymentDays} days)`,
      `  change lead time      ${num(l.medianHours, ' h median')} (${l.changes.length} changes, ${num(l.medianCommits, '')} commits each; ${l.excluded.length} left out)`,
      `  change failure rate   ${pct(c.value)} (${c.failing} of ${c.deployments} deployments)`,
      `  recovery time         ${num(r.medianHours, ' h median')} (${r.recovered.length} recovered, ${r.unrecovered.length} not yet)`,
      `  rework rate           ${pct(w.value)} (${w.rework} of ${w.deployments} deployments)`,
    );
    if (explain) {
      for (const [name, rule] of [
        ['frequency', f.rule],
        ['lead time', l.rule],
        ['failure rate', c.rule],
        ['recovery', r.rule],
        ['rework', w.rule],
      ])
        out.push(`  rule, ${name}: ${rule}`);
      for (const u of c.used)
        out.push(
          `  failing: ${u.deployment} (${u.because.join(' and ')}${u.incidents.length ? `: ${u.incidents.join(', ')}` : ''})`,
        );
      for (const i of m.incidents) out.push(`  incident ${i.id}: ${i.link}`);
      for (const ch of l.changes)
        out.push(
          `  change ${ch.deployment}: ${ch.hours} h from ${ch.firstCommit.slice(0, 12)} (${ch.commits.length} commits; ${ch.change})`,
        );
      for (const x of l.excluded) out.push(`  not in lead time: ${x.deployment}: ${x.reason}`);
      for (const x of r.unrecovered) out.push(`  not recovered: ${x.deployment}: ${x.reason}`);
      for (const x of w.used) out.push(`  rework: ${x.deployment} ${x.during}`);
    }
    out.push('');
  }
  if (all.length === 0) out.push('no deployments in the window', '');
  for (const n of notes) out.push(`note: ${n}`);
  return `${out.join('\n').trimEnd()}\n`;
}

export function registerDoraCommands(program: Command): void {
  program
    .command('dora')
    .description(
      'delivery metrics (deployment frequency, lead time, change failure rate, recovery time, rework rate) from event files and the repository history',
    )
    .argument(
      '[files...]',
      'event files: generic JSON, gh run list or gh api …/deployments output, an incidents .csv',
    )
    .option('--repo <dir>', 'the git repository whose commits the deployments carry', '.')
    .option('--workload <name>', 'the workload the events are about (default: the repository folder name)')
    .option('--days <n>', 'the window: this many days up to --to', '90')
    .option('--to <time>', 'the end of the window (default: now)')
    .option('--environment <name>', 'show only this environment')
    .option(
      '--deploy-environment <name>',
      'the environment of runs and tags that name none (default: production)',
    )
    .option(
      '--horizon <hours>',
      'link an incident to the latest deployment at most this long before it',
      '24',
    )
    .option(
      '--workflow <name>',
      'a workflow or pipeline that deploys (repeatable; default: those named for deploy or release)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--tags <glob>', 'count release tags matching the glob (e.g. "v*") as production deployments')
    .option('--explain', 'list what each figure was computed from and the rules (text format)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .addHelpText(
      'after',
      `
Event files:
  generic JSON   {"events": [{"type": "deployment", "id", "environment", "status": "success"|"failure",
                 "time", "commits": [sha | {sha, time}]}, {"type": "incident", "id", "openedAt",
                 "resolvedAt", "deployment"}]}
  gh runs        gh run list --json databaseId,conclusion,createdAt,updatedAt,headSha,event,workflowName
  gh deployments gh api repos/OWNER/REPO/deployments (no statuses in it: counted as successful, said so)
  incidents      a .csv with a header row: id,opened_at[,resolved_at,deployment,environment]

An incident is linked to the deployment it names, or else to the latest deployment to production
before it opened, within --horizon hours; --explain shows which rule linked each one.`,
    )
    .action(async (files: string[], opts: DoraOptions) => runDora(files, opts));
}
