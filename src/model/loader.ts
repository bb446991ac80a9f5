import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../diagnostics/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { Model } from './schema.js';
import { checkModelRules } from './validateModel.js';

/** The models shipped with Waymark, relative to the compiled module (dist/src/model/). */
export const BUILTIN_MODEL_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));
export const BUILTIN_MODEL_FILES = ['operational-excellence.yaml', 'performance-efficiency.yaml'] as const;
/**
 * The same models, validated and turned into JSON by the build (scripts/compileModels.mjs).
 * Parsing the YAML took ~170 ms of every command's start-up; JSON.parse takes ~2 ms.
 */
export const COMPILED_MODEL_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

/** Parses and validates one model; throws InputError(s) naming file, YAML path and line. */
export function parseModel(text: string, file: string): Model {
  const { value, source } = parseYaml(text, file, Model);
  checkModelRules(value, source);
  return value;
}

/** `shownAs` is the name used in messages: the path as the user typed it. */
export function loadModelFile(file: string, shownAs = file): Model {
  return parseModel(readText(file, shownAs), shownAs);
}

export function loadBuiltinModels(): Model[] {
  return BUILTIN_MODEL_FILES.map((name) => {
    const compiled = `${COMPILED_MODEL_DIR}${name.replace(/\.yaml$/, '.json')}`;
    return existsSync(compiled)
      ? (JSON.parse(readFileSync(compiled, 'utf8')) as Model)
      : loadModelFile(`${BUILTIN_MODEL_DIR}${name}`);
  });
}

/** Built-in models straight from their YAML sources, fully validated (for the build and tests). */
export function loadBuiltinModelSources(): Model[] {
  return BUILTIN_MODEL_FILES.map((name) => loadModelFile(`${BUILTIN_MODEL_DIR}${name}`));
}

const UNREADABLE: Record<string, string> = {
  ENOTDIR: 'part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EPERM: 'permission denied',
  EIO: 'input/output error',
  ERR_INVALID_ARG_VALUE: 'a file name cannot contain a NUL character',
  ERR_STRING_TOO_LONG: 'the file is too large to read as text',
};

export function readText(file: string, shownAs = file): string {
  try {
    return withoutBom(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('file not found', { file: shownAs });
    if (code === 'EISDIR') throw new InputError('expected a file, found a directory', { file: shownAs });
    if (code === 'EACCES') throw new InputError('permission denied', { file: shownAs });
    const cause = code ? UNREADABLE[code] : undefined;
    if (cause) throw new InputError(`cannot read the file: ${cause}`, { file: shownAs });
    throw err;
  }
}

/** Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the text. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
