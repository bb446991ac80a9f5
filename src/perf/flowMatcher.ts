import { compileLinear } from './linearRegex.js';

/** Above this many distinct labels (without a targets file) the rest share one flow, to keep memory flat. */
export const MAX_DYNAMIC_FLOWS = 500;
export const OTHER_LABELS = '(other labels)';
export const UNMATCHED = -1;

type Test = (s: string) => boolean;

/** The part of a targets file the matcher reads (targetsFile.ts builds on this module's patterns). */
export interface DeclaredFlows {
  readonly flows: readonly {
    readonly name: string;
    readonly labels: readonly string[];
    readonly urls: readonly string[];
  }[];
}

function globSource(glob: string): string {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return `^${re}$`;
}

export const isRegexPattern = (pattern: string): boolean =>
  pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/');

/**
 * `/regex/`, a glob with `*` or `?`, or else an exact string. Regexes and globs run on the
 * linear-time matcher (see linearRegex.ts), so no pattern can hang a run on any label; an
 * unsupported pattern throws a PatternError.
 */
export function compilePattern(pattern: string): Test {
  if (isRegexPattern(pattern)) {
    const re = compileLinear(pattern.slice(1, -1));
    return (s) => re.test(s);
  }
  if (pattern.includes('*') || pattern.includes('?')) {
    const re = compileLinear(globSource(pattern));
    return (s) => re.test(s);
  }
  return (s) => s === pattern;
}

/**
 * Decides which flow a request belongs to. The decision is cached per label (and URL, when a flow
 * matches on URLs) because the hot loop sees the same few labels millions of times.
 */
export class FlowMatcher {
  readonly names: string[] = [];
  readonly usesUrls: boolean;
  readonly declared: boolean;
  private readonly rules: { labels: Test[]; urls: Test[] }[] = [];
  private readonly cache = new Map<string, number>();

  constructor(targets?: DeclaredFlows) {
    this.declared = targets !== undefined;
    for (const f of targets?.flows ?? []) {
      this.names.push(f.name);
      this.rules.push({ labels: f.labels.map(compilePattern), urls: f.urls.map(compilePattern) });
    }
    this.usesUrls = this.rules.some((r) => r.urls.length > 0);
  }

  flowOf(label: string, url = ''): number {
    const key = this.usesUrls ? `${label}\u0000${url}` : label;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const id = this.resolve(label, url);
    // An unbounded label set (ids inside labels) must not grow the cache without limit either.
    if (this.cache.size < 100_000) this.cache.set(key, id);
    return id;
  }

  private resolve(label: string, url: string): number {
    if (this.declared) {
      for (let i = 0; i < this.rules.length; i++) {
        const r = this.rules[i];
        if (r && (r.labels.some((t) => t(label)) || (url !== '' && r.urls.some((t) => t(url))))) return i;
      }
      return UNMATCHED;
    }
    const existing = this.names.indexOf(label);
    if (existing >= 0) return existing;
    if (this.names.length >= MAX_DYNAMIC_FLOWS) {
      const other = this.names.indexOf(OTHER_LABELS);
      if (other >= 0) return other;
      this.names.push(OTHER_LABELS);
      return this.names.length - 1;
    }
    this.names.push(label);
    return this.names.length - 1;
  }
}
