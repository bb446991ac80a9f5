import { writeFileAtomic } from '../atomicFile/index.js';
// The style module alone, not the report barrel: that one loads zod, yaml, the answers and the
// models, which every command registered at start-up would then pay for (`scan` among them).
import { colourWanted, createStyle, type Style } from '../report/style.js';

/** Writes a command's result to --output (atomically) or to standard output. */
export function emit(text: string, output: string | undefined): void {
  if (output) writeFileAtomic(output, text);
  else process.stdout.write(text);
}

/** Colour only when writing to a terminal (never into --output files). */
export function styleFor(output: string | undefined): Style {
  return createStyle(!output && colourWanted(process.stdout));
}
