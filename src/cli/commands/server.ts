import type { Command } from 'commander';
import { Option } from 'commander';

/**
 * `serve`, `token` and `db`. Registration only: the server, the database drivers and the
 * store load inside the actions, so other commands never pay for them.
 */
export function registerServerCommands(program: Command): void {
  const dbOptions = (cmd: Command) =>
    cmd
      .option('--db <file>', 'SQLite database file (ignored when DATABASE_URL is set)', '.waymark/waymark.db')
      .addOption(new Option('--database-url <url>', 'PostgreSQL URL').env('DATABASE_URL'));

  scanJobOptions(
    dbOptions(
      program
        .command('serve')
        .description('run the Waymark server: HTTP API, web UI, workloads, milestones and history')
        .addOption(
          new Option('--host <host>', 'address to listen on').default('127.0.0.1').env('WAYMARK_HOST'),
        )
        .addOption(new Option('--port <port>', 'port to listen on').default('8080').env('WAYMARK_PORT'))
        .option('--single-user', 'no tokens: everyone is the local admin (only on a loopback address)')
        .option('--samples', 'load the example workloads (once) into the local team')
        .addOption(
          new Option(
            '--oidc-config <file>',
            'sign-in with an OpenID Connect provider (YAML/JSON; see README); secret in WAYMARK_OIDC_CLIENT_SECRET',
          ).env('WAYMARK_OIDC_CONFIG'),
        )
        .option('--rate-limit <n>', 'requests per minute per token, counted by each instance', '6000')
        .option(
          '--trust-proxy <addresses>',
          'comma-separated addresses or CIDR ranges of the load balancers in front; requests without a token are then counted by the client address they forward',
        )
        .option('--log-level <level>', 'fatal, error, warn, info, debug', 'warn')
        .option(
          '--webhook-secret-file <file>',
          "shared secret of the push webhooks /hooks/github, gitlab and azure-devops, and the root of each workload's delivery webhook secret (default: $WAYMARK_WEBHOOK_SECRET)",
        )
        .option('--allow-local-repositories', 'let repositories be file:// URLs or paths on this machine'),
    ),
  ).action(async (opts) => (await import('../serve.js')).runServe(opts));

  scanJobOptions(
    dbOptions(
      program
        .command('worker')
        .description(
          'take scan jobs from the PostgreSQL job queue: fetch each repository, scan it, store the scan',
        )
        .option('--concurrency <n>', 'jobs run at once by this worker', '1')
        .option('--metrics-port <port>', 'serve Prometheus metrics at http://<metrics-host>:<port>/metrics')
        .addOption(
          new Option('--metrics-host <host>', 'address the metrics listen on (0.0.0.0 in a container)')
            .default('127.0.0.1')
            .env('WAYMARK_METRICS_HOST'),
        )
        .option('--maintenance-interval <seconds>', 'how often pg-boss looks for timed-out jobs', '120'),
    ),
  ).action(async (opts) => (await import('../serve.js')).runWorkerCommand(opts));

  function scanJobOptions(cmd: Command): Command {
    return cmd
      .option('--scan-cache <dir>', 'folder for the shallow copies scan jobs fetch', '.waymark/scan-cache')
      .option('--scan-retries <n>', 'retries of a failed scan job (PostgreSQL)', '3')
      .option(
        '--scan-retry-delay <seconds>',
        'wait before the first retry, doubled each time (PostgreSQL)',
        '30',
      )
      .option('--scan-timeout <seconds>', 'time limit of one attempt of a scan job', '600');
  }

  const token = program.command('token').description('API tokens (stored hashed; shown once)');
  dbOptions(
    token
      .command('create')
      .description('create an API token for a team')
      .requiredOption('--team <team>', 'team the token belongs to')
      .addOption(
        new Option('--role <role>', 'what the token may do')
          .choices(['viewer', 'editor', 'admin'])
          .default('viewer'),
      )
      .option('--name <name>', 'a label for the token, e.g. ci or the person', 'token'),
  ).action(async (opts) => (await import('../serve.js')).runTokenCreate(opts));

  const db = program
    .command('db')
    .description('database: migrate, backup and restore (JSON export and import)');
  dbOptions(db.command('migrate').description('bring the database schema up to date')).action(async (opts) =>
    (await import('../serve.js')).runDbMigrate(opts),
  );
  dbOptions(
    db
      .command('backup')
      .alias('export')
      .description('write everything as one JSON document (round-trips exactly through restore)')
      .argument('[file]', 'output file (default: standard output)'),
  ).action(async (file, opts) => (await import('../serve.js')).runDbBackup(file, opts));
  dbOptions(
    db
      .command('restore')
      .alias('import')
      .description('load a backup into an empty database')
      .argument('<file>', 'a file written by `waymark db backup`'),
  ).action(async (file, opts) => (await import('../serve.js')).runDbRestore(file, opts));
}
