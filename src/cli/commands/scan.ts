/**
 * `waymark scan [path]`: evidence of practices found in a repository, grouped by pillar, level and
 * practice. Only types and the format map are imported up front; the scanner, the models and the
 * report load inside the action. The rendering lives in src/report/scanReport.ts.
 */
import type { Command } from 'commander';
import { InputError } from '../../diagnostics/index.js';
import type { ScanResult } from '../../evidence/index.js';
import { formatChoices, formatHelp, isReportFormat, type ScanFormat } from '../../report/formats.js';
import type { InputOptions } from '../inputs.js';

export interface ScanCommandOptions extends InputOptions {
  format?: ScanFormat;
  output?: string;
  verbose?: boolean;
  merge?: boolean;
  push?: string;
  workload?: string;
  token?: string;
}

export function registerScanCommands(program: Command): void {
  program
    .command('scan')
    .description('find evidence of practices in a repository (IaC, pipelines, tests, alerts, runbooks...)')
    .argument('[path]', 'repository root', '.')
    .addOption(
      program
        .createOption('-f, --format <format>', 'output format')
        .choices(formatChoices('scan'))
        .default('text'),
    )
    .option('-o, --output <file>', 'write the results to a file instead of standard output')
    .option('--verbose', 'also show skipped files, detector errors and timings')
    .option(
      '--merge',
      "write the suggestions into the assessment file as source: scan (never changes a person's answer)",
    )
    .option(
      '-a, --answers <file>',
      'assessment file to merge into (default: waymark.assessment.yaml, or answers: in waymark.config.yaml)',
    )
    .option('-m, --model <file>', 'add a model of your own (repeatable)', collect, [])
    .option('-c, --config <file>', 'config file (default: waymark.config.yaml when present)')
    .option('--push <url>', 'send the suggestions to a Waymark server (its base URL)')
    .option('--workload <id>', 'the workload on that server (with --push)')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)')
    .addHelpText(
      'after',
      formatHelp('scan', [
        'SARIF paths are relative to the scanned root; a practice found missing with',
        'nothing to point at is placed on its answer in the assessment file. Example:',
        '  waymark scan . -f sarif -o waymark-scan.sarif',
      ]),
    )
    .action(async (path: string, opts: ScanCommandOptions) => {
      await runScan(path, opts);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Runs the command. `scan` is the scanner (tests give one that returns a fixed result); the
 * models are resolved once, from the config file's `models:` and `--model`, for the report and
 * for --merge alike.
 */
export async function runScan(
  path: string,
  opts: ScanCommandOptions,
  scan: (path: string) => Promise<ScanResult> = scanWithProgress,
): Promise<ScanResult> {
  const format = opts.format ?? 'text';
  if (!isReportFormat('scan', format))
    throw new InputError(`unknown format "${format}"`, {}, `use one of: ${formatChoices('scan').join(', ')}`);
  const { pushJson, pushTarget } = await import('../serverPush.js');
  const target = pushTarget(opts);
  // Before the scan, so that a bad model or config file fails fast.
  const { resolveInputs } = await import('../inputs.js');
  const inputs = resolveInputs(opts);
  const result = await scan(path);
  const { renderScan } = await import('../../report/index.js');
  const { emit, styleFor } = await import('../output.js');
  const report = {
    result,
    models: inputs.models,
    verbose: Boolean(opts.verbose),
    ...(format === 'sarif' ? { sarif: await sarifInput(result, inputs.answersFile) } : {}),
  };
  emit(renderScan(format, report, styleFor(opts.output)), opts.output);
  if (opts.merge) {
    const { mergeIntoAssessment } = await import('../scanMerge.js');
    process.stderr.write(mergeIntoAssessment(result.suggestions, inputs));
  }
  if (target) {
    const pushed = (await pushJson(target, 'scans', 'POST', {
      root: result.root,
      scannedAt: new Date().toISOString(),
      suggestions: result.suggestions,
    })) as { suggestions: number };
    process.stderr.write(`pushed ${pushed.suggestions} suggestions to ${target.url}\n`);
  }
  return result;
}

/** Where the SARIF alerts sit (read from disk under the scanned root) and the tool's version. */
async function sarifInput(result: ScanResult, answersFile: string) {
  const { placeFinder, scanPlaces } = await import('../evidencePlaces.js');
  const { scanAlertPractices } = await import('../../report/index.js');
  const { toolVersion } = await import('../toolVersion.js');
  const finder = placeFinder(result.root, answersFile);
  return {
    toolVersion: toolVersion(),
    places: scanPlaces(scanAlertPractices(result.suggestions), finder, result.root),
  };
}

/** Scans with a progress bar on a terminal's standard error; silent when it is not a terminal. */
export async function scanWithProgress(path: string): Promise<ScanResult> {
  const { scanRepository } = await import('../../evidence/index.js');
  if (!process.stderr.isTTY) return scanRepository(path);
  const { SingleBar } = (await import('cli-progress')).default;
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {phase} [{bar}] {value}/{total}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  try {
    return await scanRepository(path, {
      onProgress: (phase, done, total) => {
        const label = phase === 'walk' ? 'listing files    ' : 'running detectors';
        if (!started) {
          bar.start(total, done, { phase: label });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { phase: label });
      },
    });
  } finally {
    if (started) bar.stop();
  }
}
