import { type Command, Option } from 'commander';
import {
  azureBoardsClient,
  type BacklogClient,
  desiredItem,
  githubClient,
  jiraClient,
  jiraCsv,
  pushBacklog,
} from '../../backlog/index.js';
import { InputError } from '../../diagnostics/index.js';
import type { AssessmentReport } from '../../report/index.js';
import { emit } from '../output.js';

export interface PushOptions {
  push?: string;
  dryRun?: boolean;
  token?: string;
  baseUrl?: string;
  repo?: string;
  jiraCsv?: string;
  jiraSite?: string;
  jiraProject?: string;
  org?: string;
  project?: string;
}

/** One entry per tracker: how to build its client from the flags and the environment. */
const SERVICES: Record<string, (opts: PushOptions, env: NodeJS.ProcessEnv) => BacklogClient> = {
  github: (opts, env) => {
    const repo = opts.repo ?? env.GITHUB_REPOSITORY;
    if (!repo) throw new InputError('--push github needs --repo owner/name (or GITHUB_REPOSITORY)');
    return githubClient({
      repo,
      token: needToken(opts.token ?? env.GITHUB_TOKEN, 'GITHUB_TOKEN'),
      baseUrl: opts.baseUrl,
    });
  },
  'azure-boards': (opts, env) => {
    if (!opts.org || !opts.project)
      throw new InputError('--push azure-boards needs --org NAME and --project NAME');
    return azureBoardsClient({
      org: opts.org,
      project: opts.project,
      token: needToken(opts.token ?? env.AZURE_DEVOPS_TOKEN, 'AZURE_DEVOPS_TOKEN'),
      baseUrl: opts.baseUrl,
    });
  },
  jira: (opts, env) => {
    if (!opts.jiraSite || !opts.jiraProject)
      throw new InputError('--push jira needs --jira-site URL and --jira-project KEY');
    return jiraClient({
      site: opts.baseUrl ?? opts.jiraSite,
      project: opts.jiraProject,
      token: needToken(opts.token ?? env.JIRA_TOKEN, 'JIRA_TOKEN'),
      email: env.JIRA_EMAIL || undefined,
    });
  },
};

/** The flags of `waymark plan --push`, added to the plan command. */
export function addPushOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--push <service>', 'open or update one work item per plan item').choices(
        Object.keys(SERVICES),
      ),
    )
    .option('--dry-run', 'with --push: print what would change, write nothing')
    .option('--repo <owner/name>', 'with --push github: the repository (default: GITHUB_REPOSITORY)')
    .option('--token <token>', 'with --push: the token (default: the service environment variable)')
    .option('--base-url <url>', 'with --push: the API address (default: the public service)')
    .option('--org <name>', 'with --push azure-boards: the Azure DevOps organization')
    .option('--project <name>', 'with --push azure-boards: the project')
    .option('--jira-site <url>', 'with --push jira: the site, e.g. https://acme.atlassian.net')
    .option('--jira-project <key>', 'with --push jira: the project key')
    .option(
      '--jira-csv <file>',
      "write the whole plan as a CSV file for Jira's importer ('-': standard output)",
    );
}

function needToken(token: string | undefined, variable: string): string {
  if (!token) throw new InputError(`no token: set ${variable} or pass --token`);
  return token;
}

/** Pushes the whole plan (not only the first --limit items), closing items whose practice is done. */
export async function runPlanPush(
  report: AssessmentReport,
  opts: PushOptions,
  env = process.env,
): Promise<void> {
  if (opts.jiraCsv) {
    const items = report.score.plan.map((item) => desiredItem(item, report.workload));
    emit(jiraCsv(items), opts.jiraCsv === '-' ? undefined : opts.jiraCsv);
    if (!opts.push) return;
  }
  const make = opts.push ? SERVICES[opts.push] : undefined;
  if (!make) throw new InputError(`--push: unknown service ${JSON.stringify(opts.push)}`);
  const client = make(opts, env);
  const desired = report.score.plan.map((item) => desiredItem(item, report.workload));
  const done = new Set(
    report.score.pillars.flatMap((p) =>
      p.practices.filter((r) => r.status === 'met' || r.status === 'not-applicable').map((r) => r.id),
    ),
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const s = await pushBacklog(client, desired, done, { dryRun: opts.dryRun, log });
  const verb = opts.dryRun ? 'would be ' : '';
  process.stdout.write(
    `${client.service}: ${s.created} ${verb}created, ${s.updated} ${verb}updated, ${s.closed} ${verb}closed, ${s.unchanged} unchanged\n`,
  );
}
