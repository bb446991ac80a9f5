import { writeFileAtomic } from '../atomicFile/index.js';
import { colourWanted, createStyle, type Style } from '../report/index.js';

/** Writes a command's result to --output (atomically) or to standard output. */
export function emit(text: string, output: string | undefined): void {
  if (output) writeFileAtomic(output, text);
  else process.stdout.write(text);
}

/** Colour only when writing to a terminal (never into --output files). */
export function styleFor(output: string | undefined): Style {
  return createStyle(!output && colourWanted(process.stdout));
}
