/** Small helpers shared by detectors: building findings, finding lines, reading many files. */
import type { Claim, Confidence, EvidenceLocation, RepoFile, RepoView } from '../types.js';

export function present(
  practices: string[],
  confidence: Confidence,
  locations: EvidenceLocation[],
  summary: string,
): Claim {
  return { practices, present: true, confidence, locations: locations.slice(0, 20), summary };
}

export function absent(
  practices: string[],
  confidence: Confidence,
  summary: string,
  locations: EvidenceLocation[] = [],
): Claim {
  return { practices, present: false, confidence, locations: locations.slice(0, 20), summary };
}

const firstMatchers = new WeakMap<RegExp, RegExp>();

/** `re` without the `g` and `y` flags (so `exec` finds the first match and keeps no state), built once. */
function firstMatch(re: RegExp): RegExp {
  if (!re.global && !re.sticky) return re;
  let r = firstMatchers.get(re);
  if (!r) {
    r = new RegExp(re.source, re.flags.replace('g', '').replace('y', ''));
    firstMatchers.set(re, r);
  }
  return r;
}

/**
 * 1-based line of the first match of `re` in `text`, or `undefined`. Leading whitespace of the
 * match is skipped, so a pattern starting with `^\s*` reports the line of the text it found, not a
 * blank line before it.
 */
export function lineOf(text: string, re: RegExp | string): number | undefined {
  let idx: number;
  if (typeof re === 'string') idx = text.indexOf(re);
  else {
    const m = firstMatch(re).exec(text);
    idx = m ? m.index + (m[0].length - m[0].trimStart().length) : -1;
  }
  if (idx < 0) return undefined;
  let line = 1;
  for (let i = 0; i < idx; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `{ file, line }` for the first match of `re` in a file, or `undefined` when it does not match. */
export function locate(file: string, text: string, re: RegExp | string): EvidenceLocation | undefined {
  const line = lineOf(text, re);
  return line === undefined ? undefined : { file, line };
}

export interface Hit {
  file: RepoFile;
  text: string;
  line: number;
}

export interface GrepOptions {
  /** Read only the beginning of each file (`RepoView.head`); `text` is that beginning. */
  head?: boolean;
  /**
   * Stop once this many files match (after `keep`): for a detector that shows a few locations,
   * not every match. Hits are still the first ones in the pool's order.
   */
  max?: number;
  /** A further test a hit must pass to count (and to be returned). */
  keep?: (hit: Hit) => boolean;
}

/** Files read at once: enough to keep the file system busy, few enough to stop early. */
const GREP_BATCH = 64;

/**
 * Reads `files` (at most `limit`; paths matching `prefer` first) and returns those whose text
 * matches `re`, with the line of the first match. Files that the walker skips on read (binary, too
 * large) are passed over. The limit bounds the cost of a scan of a very large repository. With
 * `head`, only the beginning of each file is read (`RepoView.head`) and `text` is that beginning:
 * for signatures that sit at the top of a file (imports, `$schema`). Files are read in batches, so
 * with `max` a large pool is read only until enough of it matches.
 */
export async function grepFiles(
  repo: RepoView,
  files: readonly RepoFile[],
  re: RegExp,
  limit = 2000,
  prefer?: RegExp,
  opts: GrepOptions = {},
): Promise<Hit[]> {
  const out: Hit[] = [];
  let pool = files;
  if (prefer && files.length > limit) {
    const first = files.filter((f) => prefer.test(f.path));
    pool = [...first, ...files.filter((f) => !prefer.test(f.path))];
  }
  pool = pool.slice(0, limit);
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  for (let at = 0; at < pool.length && out.length < max; at += GREP_BATCH) {
    const batch = pool.slice(at, at + GREP_BATCH);
    const texts = await Promise.all(batch.map((f) => (opts.head ? repo.head(f.path) : repo.read(f.path))));
    for (let i = 0; i < batch.length && out.length < max; i++) {
      const text = texts[i];
      if (text === undefined) continue;
      const line = lineOf(text, re);
      if (line === undefined) continue;
      const hit = { file: batch[i] as RepoFile, text, line };
      if (!opts.keep || opts.keep(hit)) out.push(hit);
    }
  }
  return out;
}

/** Sorts a (small) list of files into path order, in place. */
export function byPath<T extends RepoFile>(files: T[]): T[] {
  if (files.length > 1) files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

export function loc(h: Hit): EvidenceLocation {
  return { file: h.file.path, line: h.line };
}

/** Environment names as they appear in file names, folders and pipeline stages. */
export const ENV_NAME =
  /(?:^|[^a-z])(dev|develop|development|test|testing|qa|uat|sit|aat|staging|stage|stg|preprod|pre-prod|nonprod|non-prod|prod|production|prd|sandbox|sbox|int|integration|acc|acceptance|perf|perftest|demo|ithc)(?:[^a-z]|$)/i;

export function envOf(s: string): string | undefined {
  const m = ENV_NAME.exec(s);
  if (!m) return undefined;
  const e = (m[1] as string).toLowerCase();
  if (e.startsWith('dev')) return 'dev';
  if (e === 'prd' || e.startsWith('prod')) return 'prod';
  if (e === 'stg' || e.startsWith('stag')) return 'staging';
  if (e === 'testing') return 'test';
  if (e === 'pre-prod') return 'preprod';
  if (e === 'acceptance') return 'acc';
  if (e === 'integration') return 'int';
  if (e === 'non-prod') return 'nonprod';
  if (e === 'perftest') return 'perf';
  if (e === 'sbox') return 'sandbox';
  return e;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface PerEnvironmentSpec<T> {
  /** The practice "one set of templates, the differences per environment in parameters". */
  practice: string;
  /** What the files are, as a summary starts: "Helm values", "variable files". */
  what: string;
  path: (item: T) => string;
  env: (item: T) => string | undefined;
  /**
   * Evidence when the files exist but do not name two environments; leave it out where such
   * files say nothing either way (an overlay folder with another name, say).
   */
  notPerEnvironment?: (item: T) => EvidenceLocation;
}

/**
 * Parameter files per environment: a high-confidence finding when the files name at least two
 * environments (the first file of each as evidence), a low one when they exist but do not.
 */
export function perEnvironment<T>(items: readonly T[], spec: PerEnvironmentSpec<T>): Claim[] {
  const envs = new Map<string, string>();
  for (const item of items) {
    const e = spec.env(item);
    if (e && !envs.has(e)) envs.set(e, spec.path(item));
  }
  if (envs.size >= 2) {
    const files = [...envs.values()].map((file) => ({ file }));
    return [present([spec.practice], 'high', files, `${spec.what} for ${[...envs.keys()].join(', ')}`)];
  }
  if (items.length > 0 && spec.notPerEnvironment) {
    const where = items.map(spec.notPerEnvironment);
    return [present([spec.practice], 'low', where, `${spec.what}, but not one per environment`)];
  }
  return [];
}

/** A Dockerfile by its usual names: `Dockerfile`, `Dockerfile.prod`, `api.dockerfile`. */
export function isDockerfile(f: RepoFile): boolean {
  return /^Dockerfile(\.|$)/i.test(f.name) || f.ext === '.dockerfile';
}
