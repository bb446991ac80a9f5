import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { boundedInputError } from './messages.js';
import { type HealthFile, healthFileSchema } from './schema.js';
import { readTextFile, withoutBom } from './text.js';

export const DEFAULT_HEALTH_FILE = 'waymark.health.yaml';

export interface HealthModel extends HealthFile {
  /** The file it came from, for messages. */
  readonly file: string;
  /** Relative source paths in the file are relative to this directory. */
  readonly baseDir: string;
}

/**
 * Parses and validates a health model; every problem becomes an InputError with its line, short
 * and escaped however hostile the file. A leading BOM (Windows editors) is not part of the model.
 */
export function parseHealthModel(text: string, file: string, baseDir = dirname(resolve(file))): HealthModel {
  try {
    const { value } = parseYaml(withoutBom(text), file, healthFileSchema);
    return { ...value, file, baseDir };
  } catch (err) {
    throw boundedInputError(err);
  }
}

export function loadHealthModel(file = DEFAULT_HEALTH_FILE): HealthModel {
  if (!existsSync(file)) {
    throw new InputError(
      `health model "${file}" not found`,
      { file },
      `write one (see test/fixtures/health/waymark.health.yaml) or pass --model FILE`,
    );
  }
  return parseHealthModel(readTextFile(file, 'health model'), file);
}

/** The model file's text, BOM removed, for a second reading that needs positions (validate). */
export function readModelText(file: string): string {
  return readTextFile(file, 'health model');
}

export interface HealthModelProblem {
  message: string;
  file: string;
  line?: number;
  column?: number;
  path?: string;
}

export interface HealthModelValidation {
  valid: boolean;
  problems: HealthModelProblem[];
  workload?: string;
  components: number;
  signals: number;
}

/**
 * For the evidence scanner: a valid health model in a repository is evidence for the OE
 * health-model practice. Never throws for bad input, so a scan can report and move on.
 */
export function validateHealthModelText(text: string, file: string): HealthModelValidation {
  try {
    const model = parseHealthModel(text, file, '.');
    return {
      valid: true,
      problems: [],
      workload: model.workload,
      components: model.components.length,
      signals: model.components.reduce((n, c) => n + c.signals.length, 0),
    };
  } catch (err) {
    const errors = err instanceof InputErrors ? err.errors : err instanceof InputError ? [err] : undefined;
    if (!errors) throw err;
    return {
      valid: false,
      problems: errors.map((e) => ({
        message: e.message,
        file: e.location.file ?? file,
        ...(e.location.line !== undefined ? { line: e.location.line } : {}),
        ...(e.location.column !== undefined ? { column: e.location.column } : {}),
        ...(e.location.path !== undefined ? { path: e.location.path } : {}),
      })),
      components: 0,
      signals: 0,
    };
  }
}
