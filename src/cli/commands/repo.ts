/**
 * `waymark repo add|list|scan`: a workload's repositories on a Waymark server, and "scan now".
 * The scan itself runs on the server's side (a `waymark worker`, or the server's own thread on
 * SQLite); these commands only ask for it.
 */
import type { Command } from 'commander';
import { z } from 'zod';

interface RemoteOptions {
  server: string;
  workload: string;
  token?: string;
}

const Job = z.object({
  id: z.string(),
  state: z.string(),
  repositoryId: z.string(),
  error: z.string().nullable(),
});
const Listing = z.object({
  repositories: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      branch: z.string(),
      subPath: z.string().nullable(),
      latestJob: Job.nullable(),
    }),
  ),
  schedule: z.string().nullable(),
});

export function registerRepoCommands(program: Command): void {
  const repo = program
    .command('repo')
    .description("a workload's repositories on a Waymark server, scanned by its workers");
  const remote = (cmd: Command) =>
    cmd
      .requiredOption('--server <url>', "the Waymark server's base URL")
      .requiredOption('--workload <id>', 'the workload on that server')
      .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)');

  remote(
    repo
      .command('add')
      .description(
        'register a git repository (no credentials in the URL: workers take them from their environment)',
      )
      .argument('<url>', 'git URL')
      .option('--branch <branch>', 'branch to scan', 'main')
      .option('--sub-path <path>', 'scan only this folder of the repository'),
  ).action(async (url: string, opts: RemoteOptions & { branch: string; subPath?: string }) => {
    const { pushJson, pushTarget } = await import('../serverPush.js');
    const target = pushTarget({ ...opts, push: opts.server }, '--server');
    if (!target) return;
    const made = z.object({ id: z.string() }).parse(
      await pushJson(target, 'repositories', 'POST', {
        url,
        branch: opts.branch,
        ...(opts.subPath ? { subPath: opts.subPath } : {}),
      }),
    );
    process.stdout.write(`${made.id}\n`);
  });

  remote(repo.command('list').description('the repositories, each with its latest scan job')).action(
    async (opts: RemoteOptions) => {
      const { fetchJson, pushTarget } = await import('../serverPush.js');
      const target = pushTarget({ ...opts, push: opts.server }, '--server');
      if (!target) return;
      const listing = Listing.parse(await fetchJson(target, 'repositories'));
      for (const r of listing.repositories) {
        const job = r.latestJob
          ? `${r.latestJob.state}${r.latestJob.error ? `: ${r.latestJob.error}` : ''}`
          : 'never scanned';
        process.stdout.write(`${r.id}  ${r.url} ${r.branch}${r.subPath ? ` ${r.subPath}` : ''}  ${job}\n`);
      }
      if (listing.schedule) process.stdout.write(`schedule: ${listing.schedule} (UTC)\n`);
    },
  );

  remote(
    repo
      .command('scan')
      .description("scan now: a job for one repository, or for each of the workload's")
      .option('--repository <id>', 'only this repository'),
  ).action(async (opts: RemoteOptions & { repository?: string }) => {
    const { pushJson, pushTarget } = await import('../serverPush.js');
    const target = pushTarget({ ...opts, push: opts.server }, '--server');
    if (!target) return;
    const made = z
      .object({ jobs: z.array(Job) })
      .parse(
        await pushJson(target, 'scan-jobs', 'POST', opts.repository ? { repositoryId: opts.repository } : {}),
      );
    for (const j of made.jobs) process.stdout.write(`${j.id}  ${j.state}\n`);
  });

  remote(
    repo
      .command('schedule')
      .description(
        "scan every repository of the workload on a cron schedule, UTC (needs the server's PostgreSQL queue)",
      )
      .argument('<cron>', 'five-field cron, e.g. "0 3 * * *"; "off" removes the schedule'),
  ).action(async (cron: string, opts: RemoteOptions) => {
    const { pushJson, pushTarget } = await import('../serverPush.js');
    const target = pushTarget({ ...opts, push: opts.server }, '--server');
    if (!target) return;
    await pushJson(target, 'scan-schedule', 'PUT', { cron: cron === 'off' ? null : cron });
    process.stdout.write(cron === 'off' ? 'schedule removed\n' : `scanned on "${cron}" (UTC)\n`);
  });
}
