/**
 * User input inside messages: never more than a short excerpt, with control characters, NUL and
 * invisible formatting characters escaped, so a 70,000-character line, a NUL or a terminal escape
 * in a model, a values file or a metrics page can neither flood nor rewrite the user's terminal.
 */
import { excerpt, InputError, InputErrors, isInputError, MAX_EXCERPT, quote } from '../diagnostics/index.js';

/** How much of one piece of input a message may show. */
export const EXCERPT_CHARS = MAX_EXCERPT;
/** A whole message, excerpts included; longer ones come from elsewhere and are cut. */
export const MAX_MESSAGE_CHARS = 400;
/** Problems reported from one file; a hostile file can have thousands. */
export const MAX_PROBLEMS = 20;

export { excerpt, quote };

/** A list of ids for a message: as many as fit in an excerpt, then how many there are in all. */
export function listExcerpt(items: readonly string[], max = EXCERPT_CHARS): string {
  let out = '';
  let shown = 0;
  for (const item of items) {
    const next = `${shown ? ', ' : ''}${excerpt(item, 40)}`;
    if (out.length + next.length > max) break;
    out += next;
    shown++;
  }
  return shown < items.length
    ? `${out}${shown ? ', ' : ''}… (${items.length.toLocaleString('en')} in all)`
    : out;
}

/** A chain of ids joined by arrows; a long one keeps its ends and says how long it is. */
export function chainExcerpt(ids: readonly string[], max = EXCERPT_CHARS): string {
  const all = ids.map((id) => excerpt(id, 40));
  const joined = all.join(' → ');
  if (joined.length <= max) return joined;
  return `${all.slice(0, 3).join(' → ')} → … → ${all.slice(-2).join(' → ')} (${ids.length.toLocaleString('en')} in all)`;
}

// A JSON-style string inside a message (how the shared YAML reader shows a value): linear, no nesting.
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/**
 * Cuts every quoted value longer than an excerpt (ours, at most 123 characters with the quotes
 * and `…`, stay as they are), then the whole message.
 */
function shorten(message: string): string {
  const cut = message.replace(QUOTED, (q) =>
    q.length <= EXCERPT_CHARS + 3
      ? q
      : `${q.slice(0, EXCERPT_CHARS + 1)}…" (${(q.length - 2).toLocaleString('en')} characters)`,
  );
  return excerpt(cut, MAX_MESSAGE_CHARS);
}

function tidy(e: InputError): InputError {
  const { path, ...location } = e.location;
  return new InputError(
    shorten(e.message),
    path !== undefined ? { ...location, path: excerpt(path) } : location,
    e.hint === undefined ? undefined : shorten(e.hint),
  );
}

/**
 * The last word on what a health reader's input errors may say, whoever built them (the YAML
 * library's messages and the shared reader's included): each message short and escaped, and at
 * most MAX_PROBLEMS of them. Anything that is not an input error passes through untouched.
 */
export function boundedInputError(err: unknown): unknown {
  if (!isInputError(err)) return err;
  if (err instanceof InputError) return tidy(err);
  const errors = err.errors.slice(0, MAX_PROBLEMS).map(tidy);
  const more = err.errors.length - errors.length;
  if (more > 0) {
    const first = err.errors[0]?.location.file;
    errors.push(
      new InputError(
        `… and ${more.toLocaleString('en')} more problems`,
        first !== undefined ? { file: first } : {},
        'fix the first ones; the rest often follow from them',
      ),
    );
  }
  return new InputErrors(errors);
}
