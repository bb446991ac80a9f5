import { InputError } from '../../diagnostics/index.js';
import type { ModelSet } from '../../model/index.js';
import {
  blockingPractices,
  type CheckReport,
  checkPassed,
  formatChoices,
  gatesOf,
  isReportFormat,
  renderCheck,
} from '../../report/index.js';
import { checkPlaces, placeFinder } from '../evidencePlaces.js';
import { EXIT } from '../exitCodes.js';
import { type InputOptions, resolveInputs } from '../inputs.js';
import { emit } from '../output.js';
import { toolVersion } from '../toolVersion.js';
import { buildReport } from './assess.js';

/** `oe=2,pe=1` → model key → minimum level (0 to the model's top), checked against the models in force. */
export function parseMinLevels(spec: string, models: ModelSet): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9.-]+)=(\d+)$/.exec(part);
    if (!match)
      throw new InputError(
        `--min-level: "${part}" is not of the form pillar=level`,
        {},
        'e.g. --min-level oe=2,pe=1',
      );
    const [, key = '', level = '0'] = match;
    const model = models.model(key);
    if (!model) {
      throw new InputError(
        `--min-level: unknown pillar "${key}"`,
        {},
        `use one of: ${models.models.map((m) => m.key).join(', ')}`,
      );
    }
    const n = Number(level);
    // 0 asks for no level yet: the answers are still read and checked, and the level reported.
    if (n > model.levels.length) {
      throw new InputError(`--min-level: ${key} takes 0 to ${model.levels.length}, got ${n}`);
    }
    out.set(model.key, n);
  }
  if (out.size === 0)
    throw new InputError('--min-level needs at least one pillar=level', {}, 'e.g. --min-level oe=2,pe=1');
  return out;
}

/**
 * `waymark check`: exit 1 when a pillar is below its minimum, whatever the format, so the gate
 * holds in a pipeline that also uploads the SARIF or JUnit file. SARIF paths are relative to the
 * folder the command runs in (the repository root in CI).
 */
export function runCheck(opts: InputOptions & { minLevel: string; format: string; output?: string }): void {
  const format = opts.format;
  if (!isReportFormat('check', format))
    throw new InputError(
      `unknown format "${format}"`,
      {},
      `use one of: ${formatChoices('check').join(', ')}`,
    );
  const inputs = resolveInputs(opts);
  const minimums = parseMinLevels(opts.minLevel, inputs.models);
  const assessment = buildReport(opts, [], inputs);
  const base: Omit<CheckReport, 'places'> = {
    ...assessment,
    gates: gatesOf(assessment.score.pillars, minimums),
    models: inputs.models,
    toolVersion: toolVersion(),
    at: new Date(),
  };
  const places =
    format === 'sarif'
      ? checkPlaces(
          blockingPractices(base).map((b) => b.practice),
          placeFinder(process.cwd(), inputs.answersFile),
          inputs.answersFile,
        )
      : new Map();
  const report: CheckReport = { ...base, places };
  emit(renderCheck(format, report), opts.output);
  if (!checkPassed(report)) process.exitCode = EXIT.gate;
}
