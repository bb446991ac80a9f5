import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../diagnostics/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { Model } from './schema.js';
import { checkModelRules } from './validateModel.js';

/** The models shipped with Waymark, relative to the compiled module (dist/src/model/). */
export const BUILTIN_MODEL_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));
export const BUILTIN_MODEL_FILES = ['operational-excellence.yaml', 'performance-efficiency.yaml'] as const;

/** Parses and validates one model; throws InputError(s) naming file, YAML path and line. */
export function parseModel(text: string, file: string): Model {
  const { value, source } = parseYaml(text, file, Model);
  checkModelRules(value, source);
  return value;
}

export function loadModelFile(file: string): Model {
  return parseModel(readText(file), file);
}

export function loadBuiltinModels(): Model[] {
  return BUILTIN_MODEL_FILES.map((name) => loadModelFile(`${BUILTIN_MODEL_DIR}${name}`));
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('file not found', { file });
    if (code === 'EISDIR') throw new InputError('expected a file, found a directory', { file });
    if (code === 'EACCES') throw new InputError('permission denied', { file });
    throw err;
  }
}
