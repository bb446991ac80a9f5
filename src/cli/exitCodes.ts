import { CommanderError } from 'commander';
import { InputError, isInputError } from '../diagnostics/index.js';

/** 1 is kept for a failed gate (`check`, `perf compare`) so pipelines can tell it from a mistake. */
export const EXIT = { ok: 0, gate: 1, usage: 2, unknown: 3, interrupted: 130 } as const;

/** Prints a failure the way a user should see it and returns the exit code. */
export function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has printed its own message (or the help/version) already.
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    if (benign.includes(err.code)) return EXIT.ok;
    if (err.code === 'waymark.badNumber') process.stderr.write(`${err.message}\n`);
    return EXIT.usage;
  }
  if (isInputError(err)) {
    process.stderr.write(`waymark: ${err instanceof InputError ? err.format() : err.message}\n`);
    return EXIT.usage;
  }
  // A bug, not a user mistake: keep the stack so it can be reported.
  process.stderr.write(`waymark: internal error\n${err instanceof Error ? err.stack : String(err)}\n`);
  return 70;
}
