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

/**
 * A value from the input as a message may quote it: a JSON-style quoted string, control
 * characters and NUL escaped, cut to about `max` characters with the full length stated.
 */
export function excerpt(value: unknown, max = MAX_EXCERPT): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > max ? text.slice(0, max) : text;
  const quoted = `"${escapeControl(cut).replace(/"/g, '\\"')}"`;
  return text.length > max ? `${quoted.slice(0, -1)}…" (${text.length} characters)` : quoted;
}

/** Escapes characters a terminal would act on (C0, DEL, C1, line and paragraph separators). */
export function escapeControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    if (c === '\0') return '\\0';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Message text made safe to print: control characters escaped, cut at `max` characters. */
function printable(text: string, max: number): string {
  const safe = escapeControl(text);
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
