/** Checks on JSON text that must run before anything walks the parsed value recursively. */

/** Far beyond any body the API takes (a health report nests about 6 levels). */
export const MAX_JSON_DEPTH = 64;

export interface JsonScan {
  /** The deepest nesting of arrays and objects. */
  depth: number;
  /** A string holds U+0000 (written `\u0000`; JSON has no other way to carry it). */
  nul: boolean;
}

/**
 * One pass over the text, no recursion, before anything parses it: a body nested thousands of
 * levels deep would overflow the stack of everything that walks it later (validation,
 * JSON.stringify). Exact for valid JSON; for invalid JSON the parser reports it.
 */
export function scanJson(text: string): JsonScan {
  let depth = 0;
  let deepest = 0;
  let nul = false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (text.startsWith('u0000', i + 1)) nul = true;
        i++;
      } else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return { depth: deepest, nul };
}
