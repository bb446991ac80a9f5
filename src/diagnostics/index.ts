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

  /** `file:line:col: message (at path)` followed by an optional hint line. */
  format(): string {
    const { file, line, column, path } = this.location;
    let where = file ?? '';
    if (file && line !== undefined) where += `:${line}${column !== undefined ? `:${column}` : ''}`;
    const head = where ? `${where}: ${this.message}` : this.message;
    const at = path ? ` (at ${path})` : '';
    return this.hint ? `${head}${at}\n  hint: ${this.hint}` : `${head}${at}`;
  }
}

/** Several input errors found in one pass, so a user can fix them all at once. */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => e.format()).join('\n'));
  }
}

export function isInputError(err: unknown): err is InputError | InputErrors {
  return err instanceof InputError || err instanceof InputErrors;
}
