/**
 * A piece of input quoted in a message: at most `max` characters, control characters escaped, so a
 * hostile file cannot flood the terminal or move its cursor through an error message.
 * (Local to perf until a shared helper lands in src/diagnostics.)
 */
export const EXCERPT_CHARS = 120;

export function escapedExcerpt(text: string, max = EXCERPT_CHARS): string {
  const cut = text.length > max;
  // Per code point: a lone surrogate (also one left by the cut) is escaped like a control character.
  let out = '';
  for (const ch of cut ? text.slice(0, max) : text) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (invisible(c)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out}"${cut ? `… (${text.length} characters)` : ''}`;
}

/** C0/C1 controls, line and paragraph separators, bidi overrides, BOM and lone surrogates. */
function invisible(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    (c >= 0xd800 && c <= 0xdfff)
  );
}

/** `text` with invisible characters (see invisible()) written as \\u escapes, nothing cut. */
export function escapeInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    out += invisible(c) ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}
