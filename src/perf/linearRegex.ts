/**
 * A linear-time matcher for the flow patterns of a targets file (`/regex/` and globs).
 *
 * Why not RegExp: V8's matcher backtracks, and some patterns take exponential or high polynomial
 * time. `/^(a+)+$/` against 34 a's and a "!" never returns; so do (a|a)+, (a*)*, (.*a){20}; and
 * even the glob `*a*a*a*b` (the regex ^.*a.*a.*a.*b$) takes minutes on a 1000-character label.
 * Both the pattern and the labels come from files, so no shape of either may hang a run. A
 * structural check for "dangerous" shapes would leave the polynomial cases; this matcher has none.
 *
 * How: the pattern is parsed into a tree and compiled into a Thompson NFA, which is run by keeping
 * the set of every state the pattern can be in after each character. Each character costs at most
 * one step per state, so a test is O(label length × pattern size), whatever the pattern.
 *
 * What: the regular part of JavaScript's syntax without flags (literals, `.`, classes, `\d\w\s` and
 * their negations, `^ $ \b \B`, groups, `|`, `* + ? {n} {n,} {n,m}` greedy or lazy), matched on
 * UTF-16 units as RegExp without flags does; `test()` gives the same answer as RegExp.test
 * (a property test compares them). Backreferences and lookaround are not regular and are refused
 * with a message, as are escapes that mean different things in different RegExp modes.
 *
 * No maintained linear-time engine is among the dependencies; `re2js` (a pure-JS port of RE2) would
 * replace this file if one is added.
 */

import {
  type Assertion,
  type CharSet,
  isWordUnit,
  member,
  type Node,
  Parser,
  PatternError,
} from './regexSyntax.js';

export { MAX_REPEAT, PatternError } from './regexSyntax.js';

/** The NFA's size is capped: each state costs one step per label character. */
export const MAX_STATES = 2000;

// --- the automaton ------------------------------------------------------------------------------

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

export interface LinearPattern {
  /** Whether the pattern matches anywhere in `s`, as RegExp.prototype.test would answer. */
  test(s: string): boolean;
}

class Automaton implements LinearPattern {
  private readonly kind: number[] = [];
  private readonly out1: number[] = [];
  private readonly out2: number[] = [];
  private readonly sets: (CharSet | undefined)[] = [];
  private readonly asserts: (Assertion | undefined)[] = [];
  private readonly start: number;
  private mark = new Int32Array(0);
  private stack = new Int32Array(0);
  private current = new Int32Array(0);
  private next = new Int32Array(0);

  constructor(root: Node) {
    this.start = this.compile(root, this.state(MATCH, -1, -1));
  }

  private state(kind: number, out1: number, out2: number, set?: CharSet, what?: Assertion): number {
    if (this.kind.length >= MAX_STATES)
      throw new PatternError(
        `the pattern is too large (more than ${MAX_STATES} steps); split it into several`,
      );
    this.kind.push(kind);
    this.out1.push(out1);
    this.out2.push(out2);
    this.sets.push(set);
    this.asserts.push(what);
    return this.kind.length - 1;
  }

  /** Builds `node` backwards: returns the state that matches `node` and then goes on to `next`. */
  private compile(node: Node, next: number): number {
    switch (node.kind) {
      case 'set':
        return this.state(CHAR, next, -1, node.set);
      case 'assert':
        return this.state(ASSERT, next, -1, undefined, node.what);
      case 'seq': {
        let at = next;
        for (let k = node.items.length - 1; k >= 0; k--) at = this.compile(node.items[k] as Node, at);
        return at;
      }
      case 'alt': {
        const starts = node.options.map((o) => this.compile(o, next));
        let at = starts[starts.length - 1] as number;
        for (let k = starts.length - 2; k >= 0; k--) at = this.state(SPLIT, starts[k] as number, at);
        return at;
      }
      case 'repeat': {
        let at = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.state(SPLIT, -1, next);
          this.out1[loop] = this.compile(node.node, loop);
          at = loop;
        } else
          for (let k = node.min; k < node.max; k++) at = this.state(SPLIT, this.compile(node.node, at), next);
        for (let k = 0; k < node.min; k++) at = this.compile(node.node, at);
        return at;
      }
    }
  }

  private holds(what: Assertion | undefined, s: string, pos: number): boolean {
    if (what === 'start') return pos === 0;
    if (what === 'end') return pos === s.length;
    const before = pos > 0 && isWordUnit(s.charCodeAt(pos - 1));
    const after = pos < s.length && isWordUnit(s.charCodeAt(pos));
    return (before !== after) === (what === 'boundary');
  }

  /** Adds `from` and every state reachable from it without reading a unit; -1 when MATCH is reached. */
  private closure(list: Int32Array, length: number, from: number, s: string, pos: number): number {
    const { kind, mark, stack } = this;
    let top = 0;
    stack[top++] = from;
    let len = length;
    while (top > 0) {
      const st = stack[--top] as number;
      if (mark[st] === pos) continue;
      mark[st] = pos;
      const k = kind[st];
      if (k === CHAR) list[len++] = st;
      else if (k === MATCH) return -1;
      else if (k === SPLIT) {
        stack[top++] = this.out2[st] as number;
        stack[top++] = this.out1[st] as number;
      } else if (this.holds(this.asserts[st], s, pos)) stack[top++] = this.out1[st] as number;
    }
    return len;
  }

  test(s: string): boolean {
    const n = this.kind.length;
    if (this.mark.length !== n) {
      this.mark = new Int32Array(n);
      this.stack = new Int32Array(2 * n + 2);
      this.current = new Int32Array(n);
      this.next = new Int32Array(n);
    }
    this.mark.fill(-1);
    let cur = this.current;
    let nxt = this.next;
    let curLen = 0;
    for (let pos = 0; ; pos++) {
      // A match may start at any position: the start state joins the set at every step.
      curLen = this.closure(cur, curLen, this.start, s, pos);
      if (curLen < 0) return true;
      if (pos === s.length) return false;
      const c = s.charCodeAt(pos);
      let nextLen = 0;
      for (let k = 0; k < curLen; k++) {
        const st = cur[k] as number;
        if (!member(this.sets[st] as CharSet, c)) continue;
        nextLen = this.closure(nxt, nextLen, this.out1[st] as number, s, pos + 1);
        if (nextLen < 0) return true;
      }
      const swap = cur;
      cur = nxt;
      nxt = swap;
      curLen = nextLen;
    }
  }
}

/** Compiles a pattern (the text between the slashes of `/…/`); throws a PatternError when unsupported. */
export function compileLinear(source: string): LinearPattern {
  return new Automaton(new Parser(source).parse());
}
