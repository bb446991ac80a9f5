import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { type Assessment, DEFAULT_ASSESSMENT_FILE, loadAssessment } from '../answers/index.js';
import { InputError } from '../diagnostics/index.js';
import { loadBuiltinModels, loadModelFile, type Model, ModelSet, readText } from '../model/index.js';
import { parseYaml } from '../yamlDoc/index.js';

export const DEFAULT_CONFIG_FILE = 'waymark.config.yaml';

/** waymark.config.yaml: settings a repository keeps so its pipeline commands stay short. */
const Config = z.strictObject({
  /** Extra model files, relative to the config file. */
  models: z.array(z.string().min(1)).default([]),
  /** The assessment file, relative to the config file. */
  answers: z.string().min(1).optional(),
});

export interface InputOptions {
  answers?: string;
  model?: string[];
  config?: string;
}

export interface Inputs {
  readonly models: ModelSet;
  readonly answersFile: string;
}

/** Resolves config, models and the answers file path; reads nothing else. */
export function resolveInputs(opts: InputOptions, cwd = process.cwd()): Inputs {
  const configFile = opts.config ? resolve(cwd, opts.config) : resolve(cwd, DEFAULT_CONFIG_FILE);
  let extra: string[] = [];
  let answersFromConfig: string | undefined;
  if (opts.config || existsSync(configFile)) {
    const { value } = parseYaml(readText(configFile), opts.config ?? DEFAULT_CONFIG_FILE, Config);
    const base = dirname(configFile);
    extra = value.models.map((m) => resolve(base, m));
    answersFromConfig = value.answers ? resolve(base, value.answers) : undefined;
  }
  const custom: Model[] = [...extra, ...(opts.model ?? []).map((m) => resolve(cwd, m))].map((file) =>
    loadModelFile(file, displayPath(file, cwd)),
  );
  return {
    models: new ModelSet([...loadBuiltinModels(), ...custom]),
    answersFile: opts.answers
      ? resolve(cwd, opts.answers)
      : (answersFromConfig ?? resolve(cwd, DEFAULT_ASSESSMENT_FILE)),
  };
}

export function readAssessment(inputs: Inputs): Assessment {
  if (!existsSync(inputs.answersFile)) {
    throw new InputError(
      'no assessment file here',
      { file: displayPath(inputs.answersFile) },
      'run `waymark init` to create one, or pass --answers FILE',
    );
  }
  const assessment = loadAssessment(inputs.answersFile, inputs.models, displayPath(inputs.answersFile));
  const moved = assessment.moves.length;
  if (moved > 0)
    process.stderr.write(
      `waymark: ${moved} ${moved === 1 ? 'answer uses a retired practice id' : 'answers use retired practice ids'} and ${moved === 1 ? 'was' : 'were'} read under ${moved === 1 ? 'its successor' : 'their successors'}; run \`waymark migrate\` to rewrite ${displayPath(inputs.answersFile)}\n`,
    );
  return assessment;
}

/** `--pillar oe` → the matching model; unknown keys list what exists. */
export function selectModels(models: ModelSet, pillar: string | undefined): Model[] | undefined {
  if (!pillar) return undefined;
  const model = models.model(pillar);
  if (!model) {
    const known = models.models.map((m) => m.key).join(', ');
    throw new InputError(`unknown pillar "${pillar}"`, {}, `use one of: ${known}`);
  }
  return [model];
}

/** Paths as a user typed them: relative to where they stand when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
