/**
 * The `waymark` command. Only commander is loaded up front: each action imports its own
 * module, so `waymark --version` and `waymark check` pay only for what they use.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { formatChoices, formatHelp } from '../report/formats.js';
import { registerDoraCommands } from './commands/dora.js';
import { registerHealthCommands } from './commands/health.js';
import { registerPerfCommands } from './commands/perf.js';
import { addPushOptions } from './commands/planPush.js';
import { registerRepoCommands } from './commands/repo.js';
import { registerScanCommands } from './commands/scan.js';
import { registerServerCommands } from './commands/server.js';
import { EXIT, reportFailure } from './exitCodes.js';

// `waymark assess | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('waymark')
  .description(
    'Assess a workload against the Well-Architected maturity models, prove it, plan the next level.',
  )
  .version(pkg.version, '-V, --version', 'print the version')
  .exitOverride()
  .showSuggestionAfterError()
  .configureHelp({ helpWidth: 80, sortSubcommands: false });

const formatOption = (choices: string[]) =>
  new Option('-f, --format <format>', 'output format').choices(choices).default('text');

/** Options shared by every command that reads models and answers. */
function withInputs(cmd: Command): Command {
  return cmd
    .option(
      '-a, --answers <file>',
      'assessment file (default: waymark.assessment.yaml, or answers: in waymark.config.yaml)',
    )
    .option('-m, --model <file>', 'add a model of your own (repeatable)', collect, [])
    .option('-c, --config <file>', 'config file (default: waymark.config.yaml when present)');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

withInputs(
  program
    .command('init')
    .description('write an assessment file listing every practice as unknown')
    .option('-w, --workload <name>', 'name of the workload being assessed', 'my-workload')
    .option('--force', 'overwrite an existing assessment file')
    .option(
      '--context <answers>',
      'answers about the workload, e.g. teams=several,frontend=no (see models show)',
    ),
).action(async (opts) => (await import('./commands/init.js')).runInit(opts));

withInputs(
  program
    .command('assess')
    .description('score the assessment: level per pillar, coverage per level, what blocks the next level')
    .option('-p, --pillar <key>', 'only this pillar (oe, pe, or a model id)')
    .addOption(formatOption(formatChoices('assessment')))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-l, --limit <n>', 'plan items shown in text, md and html output', parseCount, 5)
    .option('-i, --interactive', 'answer practices one by one, level by level; saves after each answer')
    .option('--scan [path]', 'scan the repository first; its suggestions count where no person answered')
    .option('--by <name>', 'who is answering (interactive; default: git user.name or login name)')
    .addHelpText('after', formatHelp('assessment')),
).action(async (opts) => {
  if (opts.interactive) return (await import('./commands/interactive.js')).runInteractive(opts);
  return (await import('./commands/assess.js')).runAssess(opts);
});

withInputs(
  addPushOptions(program.command('plan'))
    .description('the improvement plan: what to do next, by level, then risk')
    .option('-p, --pillar <key>', 'only this pillar (oe, pe, or a model id)')
    .addOption(formatOption(formatChoices('plan')))
    .option('-o, --output <file>', 'write the plan to a file instead of standard output')
    .option('-l, --limit <n>', 'number of items (0 = all)', parseCount, 10)
    .addHelpText('after', formatHelp('plan')),
).action(async (opts) => (await import('./commands/plan.js')).runPlan(opts));

withInputs(
  program
    .command('check')
    .description('CI gate: exit 1 when a pillar is below its minimum level')
    .requiredOption('--min-level <spec>', 'minimum level per pillar, e.g. oe=2,pe=1 (0: none yet)')
    .addOption(formatOption(formatChoices('check')))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addHelpText(
      'after',
      formatHelp('check', [
        'Exit codes: 0 every pillar at its minimum, 1 one below it (in every format),',
        '2 bad input. SARIF paths are relative to the current folder: run it at the',
        'repository root. Examples:',
        '  waymark check --min-level oe=2,pe=1 -f sarif -o waymark.sarif',
        '  waymark check --min-level oe=2 -f junit -o waymark-junit.xml',
      ]),
    ),
).action(async (opts) => (await import('./commands/check.js')).runCheck(opts));

withInputs(
  program
    .command('migrate')
    .description('move answers given under retired practice ids to their successors, keeping every field')
    .option('-n, --dry-run', 'print what would move; write nothing'),
).action(async (opts) => (await import('./commands/migrate.js')).runMigrate(opts));

const models = program.command('models').description('list, show and validate maturity models');
withInputs(models.command('list').description('the models in force, with their versions and sizes'))
  .addOption(formatOption(['text', 'json']))
  .action(async (opts) => (await import('./commands/models.js')).runModelsList(opts));
withInputs(
  models
    .command('show')
    .description('levels, strategies and practices of one model')
    .argument('<model>', 'key (oe, pe) or id'),
)
  .option('--level <n>', 'only this level', parseCount)
  .addOption(formatOption(['text', 'md', 'json']))
  .action(async (model, opts) => (await import('./commands/models.js')).runModelsShow(model, opts));
models
  .command('validate')
  .description('check model files against the schema and the id rules')
  .argument('<files...>', 'model YAML files')
  .action(async (files) => (await import('./commands/models.js')).runModelsValidate(files));
withInputs(models.command('export').description('a model in another format').argument('<model>', 'key or id'))
  .addOption(formatOption(['aws-lens']).makeOptionMandatory())
  .option('-o, --output <file>', 'write to this file')
  .action(async (model, opts) => (await import('./commands/models.js')).runModelsExport(model, opts));
models
  .command('import')
  .description('a model of another format as Waymark model YAML')
  .argument('<file>', 'the file to import')
  .addOption(formatOption(['aws-lens', 'azure-checklist']).makeOptionMandatory())
  .requiredOption('--key <key>', 'the short key of the new model')
  .option('--id <id>', 'the id of the new model (default: from its name)')
  .option('--model-version <semver>', 'the version of the new model', '1.0.0')
  .option('--previous <file>', 'azure-checklist: the model imported from the last version')
  .option('-o, --output <file>', 'write to this file')
  .action(async (file, opts) => (await import('./commands/models.js')).runModelsImport(file, opts));

registerPerfCommands(program);
registerServerCommands(program);
registerHealthCommands(program);
registerScanCommands(program);
registerRepoCommands(program);
registerDoraCommands(program);

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CommanderError(
      EXIT.usage,
      'waymark.badNumber',
      `error: expected a whole number, got "${value}"`,
    );
  return n;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
