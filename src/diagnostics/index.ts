/**
 * Errors caused by what a user gave us (a file, a flag, a value), as opposed to bugs.
 * The CLI prints these as one clear message and exits 2, without a stack trace.
 */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  /** Where inside a structured document, e.g. `levels[2].strategies[0].id`. */
  path?: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly location: Location;
  readonly hint: string | undefined;

  constructor(message: string, location: Location = {}, hint?: string) {
    super(message);
    this.location = location;
    this.hint = hint;
  }

  /**
   * `file:line:col: message (at path)` followed by an optional hint line. Every part is passed
   * through `printable`, so whatever a message quotes from a file cannot flood or steer a terminal.
   */
  format(): string {
    const { file, line, column, path } = this.location;
    let where = file ? printable(file, MAX_PATH) : '';
    if (file && line !== undefined) where += `:${line}${column !== undefined ? `:${column}` : ''}`;
    const message = printable(this.message, MAX_MESSAGE);
    const head = where ? `${where}: ${message}` : message;
    const at = path ? ` (at ${printable(path, MAX_PATH)})` : '';
    return this.hint ? `${head}${at}\n  hint: ${printable(this.hint, MAX_MESSAGE)}` : `${head}${at}`;
  }
}

/** How much of a user's input a message may quote: enough to recognise it, never a whole file. */
export const MAX_EXCERPT = 120;
const MAX_MESSAGE = 400;
const MAX_PATH = 300;
/** A file with thousands of mistakes is reported by its first ones; the rest are counted. */
export const MAX_REPORTED_ERRORS = 50;

// Control (Cc), format (Cf: bidi overrides, zero-width, BOM), line/paragraph separators, lone surrogates:
// everything a terminal or an editor may act on instead of showing.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  return SHORT[ch] ?? `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Text with every character a terminal would act on written as an escape (`\n`, `\u001b`). */
export function escapeUnsafe(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** At most `max` characters of input, escaped, with `…` when cut. */
export function excerpt(value: unknown, max = MAX_EXCERPT): string {
  const text = typeof value === 'string' ? value : String(value);
  const safe = escapeUnsafe(text.length > max * 7 ? text.slice(0, max * 7) : text);
  return safe.length > max || text.length > max * 7 ? `${safe.slice(0, max)}…` : safe;
}

/** `"text"`, escaped like a JSON string and cut to an excerpt that says how long the whole was. */
export function quote(value: unknown, max = MAX_EXCERPT): string {
  const text = typeof value === 'string' ? value : String(value);
  const head = text.length > max ? text.slice(0, max) : text;
  const inner = escapeUnsafe(head.replace(/["\\]/g, '\\$&'));
  return text.length > max ? `"${inner}…" (${text.length.toLocaleString('en')} characters)` : `"${inner}"`;
}

/** Message text made safe to print: control characters escaped, cut at `max` characters. */
function printable(text: string, max: number): string {
  const safe = escapeUnsafe(text);
  return safe.length > max ? `${safe.slice(0, max)}… (cut; ${safe.length} characters)` : safe;
}

/** Several input errors found in one pass, so a user can fix them all at once. */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  constructor(readonly errors: readonly InputError[]) {
    const shown = errors.slice(0, MAX_REPORTED_ERRORS).map((e) => e.format());
    if (errors.length > MAX_REPORTED_ERRORS)
      shown.push(`… and ${errors.length - MAX_REPORTED_ERRORS} more problems in the same input`);
    super(shown.join('\n'));
  }
}

export function isInputError(err: unknown): err is InputError | InputErrors {
  return err instanceof InputError || err instanceof InputErrors;
}
