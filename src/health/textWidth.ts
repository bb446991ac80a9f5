/**
 * How wide a line of text will be drawn, without a browser to ask. An SVG file is read later by
 * whatever opens it, so the boxes are sized for the widest common sans-serif: the advance widths
 * below are DejaVu Sans Bold's, measured in Chromium (hundredths of an em, printable ASCII from the
 * space on). Narrower faces (Segoe UI, Helvetica, system-ui) then fit with room to spare. Anything
 * outside ASCII counts as a full em, which covers accented letters, symbols and CJK.
 */
const ADVANCE = [
  35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40,
  40, 84, 84, 84, 59, 100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86, 74, 86, 78, 73, 69,
  82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105, 72,
  69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,
];
const FULL_EM = 100;

/** Width in pixels of `text` set at `fontSize` pixels. */
export function textWidth(text: string, fontSize: number): number {
  let hundredths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    hundredths += code >= 32 && code < 127 ? (ADVANCE[code - 32] ?? FULL_EM) : FULL_EM;
  }
  return (hundredths * fontSize) / 100;
}

/**
 * `text` broken into lines at most `maxWidth` wide, preferring breaks after spaces, hyphens,
 * underscores, dots and slashes (ids are often `payments-db-primary`), and at most `maxLines` of
 * them: what does not fit ends the last line with an ellipsis.
 */
export function wrapText(text: string, fontSize: number, maxWidth: number, maxLines: number): string[] {
  const pieces =
    text
      .trim()
      .match(/[^\s\-_./]*[\s\-_./]*/g)
      ?.filter((p) => p !== '') ?? [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
  };
  for (const piece of pieces) {
    if (textWidth(line + piece.trimEnd(), fontSize) <= maxWidth) {
      line += piece;
      continue;
    }
    push();
    // A piece wider than a line on its own is cut by characters.
    let rest = Array.from(piece);
    while (textWidth(rest.join('').trimEnd(), fontSize) > maxWidth) {
      let cut = 1;
      while (cut < rest.length && textWidth(rest.slice(0, cut + 1).join(''), fontSize) <= maxWidth) cut++;
      lines.push(rest.slice(0, cut).join(''));
      rest = rest.slice(cut);
    }
    line = rest.join('');
  }
  push();
  if (lines.length <= maxLines) return lines.length ? lines : [''];
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1] ?? ''}…`;
  while (last.length > 1 && textWidth(last, fontSize) > maxWidth) last = `${last.slice(0, -2)}…`;
  kept[maxLines - 1] = last;
  return kept;
}
