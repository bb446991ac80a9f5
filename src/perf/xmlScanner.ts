import { escapedExcerpt } from './excerpt.js';

/**
 * A streaming XML scanner that is strict about the well-formedness of what it reads: unclosed
 * quotes, `<` or a bare `&` in an attribute value, attributes not separated by whitespace,
 * duplicate attributes, unknown entities, end tags that do not match, text or a second element
 * outside the root. JTL files are flat and large, so this reads them tag by tag without building
 * a tree; no XML library is among the dependencies. DOCTYPE is refused (no JTL has one, and it is
 * where entity expansion attacks live).
 *
 * Errors are thrown as XmlError with the line; the end of input inside a tag or an element is not
 * an error here but reported by end(), so the caller can keep what was complete (a JTL cut off
 * while JMeter was still writing it).
 */
export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface XmlHandler {
  /** A start tag (or an empty-element tag, `selfClosing`); `depth` 0 is the root. */
  open(name: string, attrs: Map<string, string>, line: number, depth: number, selfClosing: boolean): void;
  close(name: string, depth: number): void;
  /**
   * Character data inside an element, entities decoded (CDATA as it is); one element's text may
   * come in several calls. Only handlers that want text set it: the others pay nothing for it.
   */
  text?(value: string): void;
}

export interface XmlEnd {
  /** Line of a tag or markup the input ended inside. */
  cutInside?: { line: number; what: string };
  /** Elements still open at the end of input, outermost first, with the line they started. */
  open: { name: string; line: number }[];
  sawRoot: boolean;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
// XML 1.0 NameStartChar and NameChar (a surrogate stands for the astral ranges).
const isNameStart = (c: number) =>
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  c === 0x5f ||
  c === 0x3a ||
  (c >= 0xc0 && c <= 0x2ff && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x370 && c <= 0x1fff && c !== 0x37e) ||
  c === 0x200c ||
  c === 0x200d ||
  (c >= 0x2070 && c <= 0x218f) ||
  (c >= 0x2c00 && c <= 0x2fef) ||
  (c >= 0x3001 && c <= 0xdfff) ||
  (c >= 0xf900 && c <= 0xfdcf) ||
  (c >= 0xfdf0 && c <= 0xfffd);
const isNameChar = (c: number) =>
  isNameStart(c) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x2d ||
  c === 0x2e ||
  c === 0xb7 ||
  (c >= 0x300 && c <= 0x36f) ||
  c === 0x203f ||
  c === 0x2040;
/** A name as shown in a message: plain names as they are, others (long, non-ASCII) as an excerpt. */
export const shown = (name: string) => (/^[\w.:-]{1,40}$/.test(name) ? name : escapedExcerpt(name, 40));
const MARKUP_STARTS = ['<!--', '<![CDATA[', '<!DOCTYPE'];
const validCodePoint = (n: number) =>
  n === 0x9 ||
  n === 0xa ||
  n === 0xd ||
  (n >= 0x20 && n <= 0xd7ff) ||
  (n >= 0xe000 && n <= 0xfffd) ||
  (n >= 0x10000 && n <= 0x10ffff);

/** Replaces entity and character references in `s`; throws on an unknown reference or a bare `&`. */
export function decodeEntities(s: string, line: number): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    out += s.slice(from, amp);
    const semi = s.indexOf(';', amp);
    const ref = semi < 0 || semi - amp > 12 ? '' : s.slice(amp + 1, semi);
    let ch: string | undefined = PREDEFINED[ref];
    if (ch === undefined && /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.test(ref)) {
      const n = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (validCodePoint(n)) ch = String.fromCodePoint(n);
    }
    if (ch === undefined)
      throw new XmlError(
        `"&" must start an entity such as &amp; or &#38; (found ${escapedExcerpt(s.slice(amp, amp + 12), 12)})`,
        line,
      );
    out += ch;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

/** Whether s[from, to) holds a "&" (indexOf would search the whole rest of the buffer). */
const hasAmpersand = (s: string, from: number, to: number) => {
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 0x26) return true;
  return false;
};

/** Newlines in s[from, to): a loop over the range only (indexOf would scan on past `to`). */
const newlines = (s: string, from: number, to: number) => {
  let n = 0;
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 10) n++;
  return n;
};

export class XmlScanner {
  private buf = '';
  private line = 1;
  private readonly stack: { name: string; line: number }[] = [];
  private sawRoot = false;
  private rootClosed = false;

  constructor(private readonly handler: XmlHandler) {}

  /** Characters buffered for an incomplete token (the caller caps it). */
  get pending(): number {
    return this.buf.length;
  }

  get currentLine(): number {
    return this.line;
  }

  write(text: string): void {
    this.buf += text;
    const consumed = this.scan(this.buf, false);
    this.buf = this.buf.slice(consumed);
  }

  end(): XmlEnd {
    const at = this.scan(this.buf, true);
    const rest = this.buf.slice(at);
    const out: XmlEnd = { open: [...this.stack], sawRoot: this.sawRoot };
    if (rest.trim() !== '') out.cutInside = { line: this.line, what: rest.startsWith('<') ? 'tag' : 'text' };
    return out;
  }

  /** Takes every complete token of s; returns where the first incomplete one starts. */
  private scan(s: string, final: boolean): number {
    let i = 0;
    while (i < s.length) {
      const lt = s.indexOf('<', i);
      const textEnd = lt < 0 ? s.length : lt;
      if (textEnd > i) {
        // Text can be cut inside an entity reference: keep a trailing "&…" for the next chunk.
        let upTo = textEnd;
        if (lt < 0 && !final) {
          const amp = s.lastIndexOf('&', textEnd - 1);
          if (amp >= i && s.indexOf(';', amp) < 0) upTo = amp;
        }
        this.text(s, i, upTo);
        i = upTo;
        if (upTo < textEnd) return i;
      }
      if (lt < 0) return i;
      const end = this.markup(s, lt);
      if (end < 0) return lt; // incomplete: wait for more input
      i = end;
    }
    return i;
  }

  private text(s: string, from: number, to: number): void {
    const inside = this.stack.length > 0;
    if (!inside) {
      for (let k = from; k < to; k++)
        if (!isSpace(s.charCodeAt(k))) {
          const what = this.rootClosed ? 'after the end of the root element' : 'before the root element';
          throw new XmlError(
            `text ${what}: ${escapedExcerpt(s.slice(k, Math.min(to, k + 40)), 40)}`,
            this.line + newlines(s, from, k),
          );
        }
    } else if (this.handler.text) this.handler.text(decodeEntities(s.slice(from, to), this.line));
    else if (hasAmpersand(s, from, to)) decodeEntities(s.slice(from, to), this.line);
    this.line += newlines(s, from, to);
  }

  /** One markup token starting at `<` (s[lt]); returns the index after it, or -1 when incomplete. */
  private markup(s: string, lt: number): number {
    const line = this.line;
    const delimited = (open: string, close: string): number => {
      const end = s.indexOf(close, lt + open.length);
      if (end < 0) return -1;
      this.line += newlines(s, lt, end);
      return end + close.length;
    };
    if (s.startsWith('<!--', lt)) return delimited('<!--', '-->');
    if (s.startsWith('<?', lt)) return delimited('<?', '?>');
    if (s.startsWith('<![CDATA[', lt)) {
      if (this.stack.length === 0) throw new XmlError('CDATA outside the root element', line);
      const end = delimited('<![CDATA[', ']]>');
      if (end > 0) this.handler.text?.(s.slice(lt + 9, end - 3));
      return end;
    }
    if (s.startsWith('<!', lt)) {
      const rest = s.slice(lt, lt + 9);
      if (MARKUP_STARTS.some((m) => m.length > rest.length && m.startsWith(rest))) return -1;
      throw new XmlError(
        s.startsWith('<!DOCTYPE', lt)
          ? 'a DOCTYPE is not allowed in a JTL file'
          : 'unknown markup "<!": expected a comment <!-- -->',
        line,
      );
    }
    if (s.startsWith('</', lt)) return this.endTag(s, lt, line);
    return this.startTag(s, lt, line);
  }

  /** `what` is a function so that the message is built only on failure (this runs per attribute). */
  private name(s: string, at: number, line: number, what: () => string): number {
    if (at >= s.length) return -1;
    if (!isNameStart(s.charCodeAt(at)))
      throw new XmlError(
        `${what()}: expected a name, found ${escapedExcerpt(s.slice(at, at + 20), 20)}`,
        line,
      );
    let k = at + 1;
    while (k < s.length && isNameChar(s.charCodeAt(k))) k++;
    return k;
  }

  private endTag(s: string, lt: number, line: number): number {
    const nameEnd = this.name(s, lt + 2, line, () => 'end tag');
    if (nameEnd < 0 || nameEnd >= s.length) return -1;
    let k = nameEnd;
    while (k < s.length && isSpace(s.charCodeAt(k))) k++;
    if (k >= s.length) return -1;
    const name = s.slice(lt + 2, nameEnd);
    if (s[k] !== '>') throw new XmlError(`end tag </${shown(name)}: expected ">"`, line);
    const top = this.stack[this.stack.length - 1];
    if (!top) throw new XmlError(`end tag </${shown(name)}> without a start tag`, line);
    if (top.name !== name)
      throw new XmlError(
        `end tag </${shown(name)}> does not match <${shown(top.name)}> opened at line ${top.line}`,
        line,
      );
    this.stack.pop();
    if (this.stack.length === 0) this.rootClosed = true;
    this.line += newlines(s, lt, k);
    this.handler.close(name, this.stack.length);
    return k + 1;
  }

  private startTag(s: string, lt: number, line: number): number {
    const nameEnd = this.name(s, lt + 1, line, () => 'start tag');
    if (nameEnd < 0) return -1;
    const name = s.slice(lt + 1, nameEnd);
    const attrs = new Map<string, string>();
    let lineHere = line;
    let k = nameEnd;
    for (;;) {
      // Between attributes: whitespace, then another attribute, ">" or "/>".
      const before = k;
      for (let c = s.charCodeAt(k); k < s.length && isSpace(c); c = s.charCodeAt(++k))
        if (c === 10) lineHere++;
      if (k >= s.length) return -1;
      const c = s[k];
      if (c === '>' || c === '/') {
        if (c === '/') {
          if (k + 1 >= s.length) return -1;
          if (s[k + 1] !== '>') throw new XmlError(`<${shown(name)}>: expected "/>"`, lineHere);
        }
        const selfClosing = c === '/';
        if (this.rootClosed) throw new XmlError(`a second root element <${shown(name)}>`, line);
        this.sawRoot = true;
        const depth = this.stack.length;
        this.line = lineHere;
        if (!selfClosing) this.stack.push({ name, line });
        else if (depth === 0) this.rootClosed = true;
        this.handler.open(name, attrs, line, depth, selfClosing);
        return k + (selfClosing ? 2 : 1);
      }
      if (k === before)
        throw new XmlError(
          `<${shown(name)}>: expected whitespace, ">" or "/>" after ${attrs.size > 0 ? 'an attribute value' : 'the name'}, found ${escapedExcerpt(s.slice(k, k + 20), 20)} (an unclosed quote?)`,
          lineHere,
        );
      const attrEnd = this.name(s, k, lineHere, () => `<${shown(name)}> attribute`);
      if (attrEnd < 0) return -1;
      const attr = s.slice(k, attrEnd);
      k = attrEnd;
      while (k < s.length && isSpace(s.charCodeAt(k))) k++;
      if (k >= s.length) return -1;
      if (s[k] !== '=')
        throw new XmlError(`<${shown(name)}> attribute ${shown(attr)} has no value`, lineHere);
      k++;
      while (k < s.length && isSpace(s.charCodeAt(k))) k++;
      if (k >= s.length) return -1;
      const quote = s[k];
      if (quote !== '"' && quote !== "'")
        throw new XmlError(`<${shown(name)}> attribute ${shown(attr)}: the value must be quoted`, lineHere);
      const close = s.indexOf(quote, k + 1);
      if (close < 0) {
        const lt2 = s.indexOf('<', k + 1);
        if (lt2 >= 0) throw this.unclosed(name, attr, lineHere);
        return -1;
      }
      const raw = s.slice(k + 1, close);
      if (raw.includes('<')) throw this.unclosed(name, attr, lineHere);
      if (attrs.has(attr))
        throw new XmlError(`<${shown(name)}> has the attribute ${shown(attr)} twice`, lineHere);
      attrs.set(attr, decodeEntities(raw, lineHere));
      if (raw.includes('\n')) lineHere += newlines(raw, 0, raw.length);
      k = close + 1;
    }
  }

  private unclosed(name: string, attr: string, line: number): XmlError {
    return new XmlError(
      `<${shown(name)}> attribute ${shown(attr)}: "<" in its value (an unclosed quote?)`,
      line,
    );
  }
}
