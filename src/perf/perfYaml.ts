/** Perf's YAML files (targets, baseline): parsed and checked by src/yamlDoc, with the report kept short. */
import type { z } from 'zod';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { escapeInvisible } from './excerpt.js';

/** Longest message kept from the YAML layer, which quotes whole offending values. */
const MAX_MESSAGE = 300;

/** A message with invisible characters escaped and cut at MAX_MESSAGE characters. */
function shortened(e: InputError): InputError {
  const clean = escapeInvisible(e.message);
  if (clean === e.message && clean.length <= MAX_MESSAGE) return e;
  const message = clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}… (cut)` : clean;
  return new InputError(message, e.location, e.hint);
}

/**
 * The first `max` of several input errors and a count of the rest (a file of garbage gives one
 * YAML error per line, and a message of thousands of lines helps no one), each message short.
 */
export function firstErrors(err: unknown, max = 10): unknown {
  if (err instanceof InputError) return shortened(err);
  if (!(err instanceof InputErrors)) return err;
  if (err.errors.length <= max) return new InputErrors(err.errors.map(shortened));
  const kept = err.errors.slice(0, max).map(shortened);
  const last = kept[max - 1];
  const more = new InputError(
    `… and ${err.errors.length - max} more problems`,
    last ? { file: last.location.file } : {},
  );
  return new InputErrors([...kept, more]);
}

/** parseYaml for perf's files, with at most ten errors reported. */
export function parsePerfYaml<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  try {
    return parseYaml(text, file, schema).value;
  } catch (err) {
    throw firstErrors(err);
  }
}
