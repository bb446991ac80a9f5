/**
 * The syntax of flow patterns: the regular subset of JavaScript's RegExp without flags, parsed into
 * a tree for the linear-time matcher (linearRegex.ts, which says why). Anything outside the subset
 * (backreferences, lookaround, escapes whose meaning depends on the RegExp mode) is a PatternError.
 */

export class PatternError extends Error {
  override readonly name = 'PatternError';
}

/** Repetition counts are capped: each repeated copy costs one step per label character. */
export const MAX_REPEAT = 1000;

// --- character sets -----------------------------------------------------------------------------

/** Inclusive UTF-16 unit ranges, flat: [lo, hi, lo, hi, …]. */
type Ranges = number[];

export interface CharSet {
  /** Membership of units below 128, looked up directly. */
  readonly ascii: Uint8Array;
  /** Ranges at or above 128; membership is `inRanges(wide, c) !== wideNegated`. */
  readonly wide: Ranges;
  readonly wideNegated: boolean;
}

const inRanges = (r: Ranges, c: number): boolean => {
  for (let k = 0; k < r.length; k += 2) if (c >= (r[k] as number) && c <= (r[k + 1] as number)) return true;
  return false;
};

function charSet(ranges: Ranges, negated: boolean): CharSet {
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = inRanges(ranges, c) !== negated ? 1 : 0;
  const wide: Ranges = [];
  for (let k = 0; k < ranges.length; k += 2) {
    const hi = ranges[k + 1] as number;
    if (hi >= 128) wide.push(Math.max(ranges[k] as number, 128), hi);
  }
  return { ascii, wide, wideNegated: negated };
}

export const member = (s: CharSet, c: number): boolean =>
  c < 128 ? s.ascii[c] === 1 : inRanges(s.wide, c) !== s.wideNegated;

function complement(r: Ranges): Ranges {
  const sorted: [number, number][] = [];
  for (let k = 0; k < r.length; k += 2) sorted.push([r[k] as number, r[k + 1] as number]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0xffff) out.push(next, 0xffff);
  return out;
}

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// JavaScript's \s: WhiteSpace and LineTerminator.
const SPACE: Ranges = [
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f,
  0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
];
const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];
const CLASS_ESCAPES: Record<string, Ranges> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
export const isWordUnit = (c: number) => c < 128 && inRanges(WORD, c);

// --- parsing ------------------------------------------------------------------------------------

export type Assertion = 'start' | 'end' | 'boundary' | 'notBoundary';
export type Node =
  | { kind: 'set'; set: CharSet }
  | { kind: 'assert'; what: Assertion }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

const BRACES = /\{(\d+)(?:(,)(\d*))?\}/y;
const NOT_LINEAR = 'it cannot be matched in linear time';

export class Parser {
  private i = 0;
  private readonly names = new Set<string>();
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw this.fail('unmatched ")"');
    return node;
  }

  /** `at`: 0-based position of the construct at fault. */
  private fail(message: string, at = this.i): PatternError {
    return new PatternError(`${message} (at character ${at + 1})`);
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const q = this.quantifier();
      if (!q) {
        items.push(atom);
        continue;
      }
      if (atom.kind === 'assert') throw this.fail('nothing to repeat');
      if (this.src[this.i] === '?') this.i++; // lazy: the same strings match
      if (this.quantifierAhead()) throw this.fail('nothing to repeat');
      items.push({ kind: 'repeat', node: atom, ...q });
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'seq', items };
  }

  private quantifierAhead(): boolean {
    const c = this.src[this.i];
    if (c === '*' || c === '+' || c === '?') return true;
    BRACES.lastIndex = this.i;
    return c === '{' && BRACES.test(this.src);
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.i];
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      return { min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Number.POSITIVE_INFINITY };
    }
    if (c !== '{') return undefined;
    BRACES.lastIndex = this.i;
    const m = BRACES.exec(this.src);
    if (!m) return undefined; // a literal "{", as in RegExp without flags
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (min > max) throw this.fail('numbers out of order in {} quantifier');
    if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT))
      throw this.fail(`a repetition count above ${MAX_REPEAT}`);
    this.i = BRACES.lastIndex;
    return { min, max };
  }

  private atom(): Node {
    const c = this.src[this.i] as string;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape();
      case '.':
        this.i++;
        return { kind: 'set', set: charSet(LINE_TERMINATORS, true) };
      case '^':
      case '$':
        this.i++;
        return { kind: 'assert', what: c === '^' ? 'start' : 'end' };
      case '*':
      case '+':
      case '?':
        throw this.fail('nothing to repeat');
      case '{':
        if (this.quantifierAhead()) throw this.fail('nothing to repeat');
        break;
    }
    this.i++;
    return unit(c.charCodeAt(0));
  }

  private group(): Node {
    const open = this.i;
    this.i++;
    if (this.src[this.i] === '?') {
      const next = this.src[this.i + 1];
      const after = this.src[this.i + 2];
      if (next === ':') this.i += 2;
      else if (next === '=' || next === '!')
        throw this.fail(`lookahead (?${next} is not supported: ${NOT_LINEAR}`, open);
      else if (next === '<' && (after === '=' || after === '!'))
        throw this.fail(`lookbehind (?<${after} is not supported: ${NOT_LINEAR}`, open);
      else if (next === '<') {
        const m = /[A-Za-z_$][\w$]*>/y;
        m.lastIndex = this.i + 2;
        if (!m.exec(this.src)) throw this.fail('invalid group name', open);
        const name = this.src.slice(this.i + 2, m.lastIndex - 1);
        if (this.names.has(name)) throw this.fail('duplicate group name', open);
        this.names.add(name);
        this.i = m.lastIndex;
      } else throw this.fail('invalid group: "(?" must be followed by ":" or "<name>"', open);
    }
    const inner = this.alternation();
    if (this.src[this.i] !== ')') throw this.fail('unterminated group "("', open);
    this.i++;
    return inner;
  }

  /** After a backslash, outside or inside a class: one unit, or the ranges of \d \w \s and co. */
  private escapedUnit(inClass: boolean): number | Ranges {
    const at = this.i - 1;
    const c = this.src[this.i];
    if (c === undefined) throw this.fail('the pattern ends with a lone "\\"', at);
    this.i++;
    const ranges = CLASS_ESCAPES[c];
    if (ranges) return ranges;
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return control;
    if (c === 'b' && inClass) return 8;
    if (c === '0') {
      if (/\d/.test(this.src[this.i] ?? '')) throw this.fail('octal escapes are not supported', at);
      return 0;
    }
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.i, this.i + digits);
      if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex))
        throw this.fail(`write \\${c} with exactly ${digits} hexadecimal digits`, at);
      this.i += digits;
      return Number.parseInt(hex, 16);
    }
    if (c >= '1' && c <= '9') throw this.fail(`backreferences (\\${c}) are not supported: ${NOT_LINEAR}`, at);
    if (c === 'k') throw this.fail(`named backreferences (\\k) are not supported: ${NOT_LINEAR}`, at);
    // Other letters and digits mean different things in different RegExp modes (\p, \c, \a…).
    if (/[A-Za-z0-9]/.test(c)) throw this.fail(`unsupported escape \\${c}`, at);
    return c.charCodeAt(0); // \. \/ \\ \- and every other punctuation stand for themselves
  }

  private escape(): Node {
    this.i++;
    const c = this.src[this.i];
    if (c === 'b' || c === 'B') {
      this.i++;
      return { kind: 'assert', what: c === 'b' ? 'boundary' : 'notBoundary' };
    }
    const e = this.escapedUnit(false);
    return typeof e === 'number' ? unit(e) : { kind: 'set', set: charSet(e, false) };
  }

  private classAtom(): number | Ranges {
    const c = this.src[this.i] as string;
    if (c === '\\') {
      this.i++;
      if (this.src[this.i] === 'B') throw this.fail('\\B inside a character class');
      return this.escapedUnit(true);
    }
    this.i++;
    return c.charCodeAt(0);
  }

  private characterClass(): Node {
    const open = this.i;
    this.i++;
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const ranges: Ranges = [];
    for (;;) {
      if (this.i >= this.src.length) throw this.fail('unterminated character class "["', open);
      if (this.src[this.i] === ']') {
        this.i++;
        break;
      }
      const lo = this.classAtom();
      if (typeof lo === 'number' && this.src[this.i] === '-' && this.i + 1 < this.src.length) {
        if (this.src[this.i + 1] !== ']') {
          this.i++;
          const hi = this.classAtom();
          if (typeof hi === 'number') {
            if (hi < lo) throw this.fail('range out of order in character class');
            ranges.push(lo, hi);
          } else ranges.push(lo, lo, 0x2d, 0x2d, ...hi); // [a-\d]: a, "-" and the digits
          continue;
        }
      }
      if (typeof lo === 'number') ranges.push(lo, lo);
      else ranges.push(...lo);
    }
    return { kind: 'set', set: charSet(ranges, negated) };
  }
}

const unit = (c: number): Node => ({ kind: 'set', set: charSet([c, c], false) });
