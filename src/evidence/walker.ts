/**
 * Lists a repository once and serves the listing to detectors (the `RepoView`).
 *
 * Rules: `.gitignore` files (at every level), `.git/info/exclude` and `.waymarkignore` are honoured;
 * vendored folders are not entered; files with binary extensions are left out; a symlink is only
 * listed when it resolves to a file inside the root (a symlinked directory is never entered: its
 * target, when inside the root, is listed at its real place, which also rules out loops). Nothing
 * outside the root is ever opened. Every skip is counted, with a few examples.
 */
import { isAbsolute, posix, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { nodeFs, type WalkerFs } from './fsEdge.js';
import { type GitRunner, readGitHistory } from './git.js';
import type { GitHistory, RepoFile, RepoView, SkipCounts, SkipReason } from './types.js';

export const VENDORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'third_party',
  'third-party',
  'thirdparty',
  '.venv',
  'venv',
  '.tox',
  '__pycache__',
  '.terraform',
  '.gradle',
  '.m2',
  'Pods',
  'Carthage',
  '.yarn',
  '.pnpm-store',
  '.nuget',
  'packages-cache',
]);

/**
 * Folders of test fixtures, test data and examples: copies of artefacts, not the workload's own.
 * Left out of a scan by default (`walk` lists them unless asked not to).
 */
export const FIXTURE_DIRS: ReadonlySet<string> = new Set([
  'fixture',
  'fixtures',
  '__fixtures__',
  'test-fixtures',
  'testdata',
  'examples',
  'example',
  'samples',
  'sample',
]);

/** Folders of version control systems: never listed, never counted. */
const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);

export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    '.png .jpg .jpeg .gif .bmp .ico .icns .webp .tif .tiff .psd .pdf .zip .gz .tgz .bz2 .xz .zst .7z .rar ' +
    '.jar .war .ear .class .exe .dll .so .dylib .o .a .lib .obj .pdb .bin .iso .img .dmg .msi .deb .rpm ' +
    '.woff .woff2 .ttf .otf .eot .mp3 .mp4 .m4a .mov .avi .mkv .wav .flac .ogg .webm .sqlite .sqlite3 .db ' +
    '.pyc .pyo .wasm .node .snk .pfx .p12 .keystore .parquet .avro .onnx .pt .pth .h5 .npy .npz'
  ).split(' '),
);

export interface WalkOptions {
  fs?: WalkerFs;
  /** Concurrent directory reads. */
  concurrency?: number;
  /** Extra directory names to skip as vendored. */
  extraVendored?: string[];
  /** Directory names skipped as fixtures or examples (the scanner passes `FIXTURE_DIRS`). */
  skipDirs?: ReadonlySet<string>;
  /** Stat every file to know its size while listing (slower; reads check sizes anyway). */
  stat?: boolean;
  /** Files larger than this are skipped (when stat is on, at listing time; always when read). */
  maxFileBytes?: number;
}

export interface WalkResult {
  /** Real path of the root (symlinks resolved). */
  root: string;
  files: RepoFile[];
  directories: number;
  /** The root holds a `.git` directory. */
  hasGit: boolean;
  skips: SkipTracker;
}

export class SkipTracker {
  readonly counts: SkipCounts = {};
  add(reason: SkipReason, path: string): void {
    let s = this.counts[reason];
    if (!s) {
      s = { count: 0, examples: [] };
      this.counts[reason] = s;
    }
    s.count++;
    if (s.examples.length < 5) s.examples.push(path);
  }
  total(): number {
    let n = 0;
    for (const s of Object.values(this.counts)) n += s?.count ?? 0;
    return n;
  }
}

/** `true` when `p` (a real, absolute path) is `root` itself or inside it. */
export function isInside(root: string, p: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return p.startsWith(prefix);
}

interface Matcher {
  /** Directory of the ignore file, relative to the root, with a trailing `/` (or `''`). */
  base: string;
  test: (path: string) => { ignored: boolean; unignored: boolean };
}

type RuleManager = { test(path: string, mode: string): { ignored: boolean; unignored: boolean } };

/**
 * `Ignore#test` re-checks every parent directory of a path and caches each answer, which is most
 * of the cost of a large walk and is not needed here: the walker never enters an ignored
 * directory. The rule manager inside the `ignore` package tests one path alone; it is used when it
 * behaves as expected on a known sample, and the public API otherwise.
 */
function tester(ig: Ignore): Matcher['test'] {
  const rules = (ig as unknown as { _rules?: RuleManager })._rules;
  if (rules && typeof rules.test === 'function' && FAST_RULES_OK) return (p) => rules.test(p, 'regex');
  return (p) => ig.test(p);
}

const FAST_RULES_OK = (() => {
  try {
    const ig = ignore().add(['*.log', 'build/', '!keep.log']);
    const rules = (ig as unknown as { _rules?: RuleManager })._rules;
    if (!rules) return false;
    const t = (p: string) => rules.test(p, 'regex');
    return (
      t('a/b.log').ignored &&
      !t('a/b.txt').ignored &&
      t('x/build/').ignored &&
      !t('build').ignored &&
      t('keep.log').unignored
    );
  } catch {
    return false;
  }
})();

function ignoredBy(matchers: readonly Matcher[], rel: string, isDir: boolean): boolean {
  // The deepest ignore file with an opinion wins, as in git.
  for (let i = matchers.length - 1; i >= 0; i--) {
    const m = matchers[i] as Matcher;
    if (!rel.startsWith(m.base)) continue;
    const local = rel.slice(m.base.length) + (isDir ? '/' : '');
    try {
      const r = m.test(local);
      if (r.ignored) return true;
      if (r.unignored) return false;
    } catch {
      // a name the ignore library cannot handle: treat as not ignored
    }
  }
  return false;
}

function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/**
 * Lists the files under `root` (an existing directory) in one pass. The caller is responsible for
 * validating `root` first (see `scanRepository`).
 */
export async function walk(rootReal: string, options: WalkOptions = {}): Promise<WalkResult> {
  const fs = options.fs ?? nodeFs;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const vendored = new Set([...VENDORED_DIRS, ...(options.extraVendored ?? [])]);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const skips = new SkipTracker();
  const files: RepoFile[] = [];
  let directories = 0;
  let hasGit = false;

  const abs = (rel: string) => (rel === '' ? rootReal : `${rootReal}${sep}${rel}`);

  async function loadMatcher(relFile: string, base: string): Promise<Matcher | undefined> {
    try {
      const real = await fs.realpath(abs(relFile));
      if (!isInside(rootReal, real)) return undefined;
      const text = await fs.readSmallText(real);
      if (!text.trim()) return undefined;
      return { base, test: tester(ignore().add(text)) };
    } catch {
      return undefined;
    }
  }

  async function visit(
    relDir: string,
    parentMatchers: readonly Matcher[],
  ): Promise<{ rel: string; m: readonly Matcher[] }[]> {
    let entries: Awaited<ReturnType<WalkerFs['readdir']>>;
    try {
      entries = await fs.readdir(abs(relDir));
    } catch {
      skips.add('unreadable', relDir === '' ? '.' : `${relDir}/`);
      return [];
    }
    directories++;
    const prefix = relDir === '' ? '' : `${relDir}/`;
    let matchers = parentMatchers;
    const own: Matcher[] = [];
    for (const e of entries) {
      if ((e.name === '.gitignore' || e.name === '.waymarkignore') && e.kind === 'file') {
        const m = await loadMatcher(prefix + e.name, prefix);
        if (m) own.push(m);
      }
      if (relDir === '' && e.name === '.git' && e.kind === 'dir') {
        hasGit = true;
        const m = await loadMatcher(`.git${sep}info${sep}exclude`, '');
        if (m) own.unshift(m);
      }
    }
    if (own.length) matchers = [...parentMatchers, ...own];

    const subdirs: { rel: string; m: readonly Matcher[] }[] = [];
    for (const e of entries) {
      const rel = prefix + e.name;
      let kind = e.kind;
      if (kind === 'dir' && VCS_DIRS.has(e.name)) continue;
      if (matchers.length && ignoredBy(matchers, rel, kind === 'dir')) {
        skips.add('ignored', kind === 'dir' ? `${rel}/` : rel);
        continue;
      }
      if (kind === 'dir') {
        if (vendored.has(e.name)) skips.add('vendored', `${rel}/`);
        else if (options.skipDirs?.has(e.name.toLowerCase())) skips.add('fixture', `${rel}/`);
        else subdirs.push({ rel, m: matchers });
        continue;
      }
      let size: number | undefined;
      let symlink = false;
      if (kind === 'symlink') {
        let real: string;
        try {
          real = await fs.realpath(abs(rel));
        } catch (err) {
          skips.add(errCode(err) === 'ELOOP' ? 'symlink-loop' : 'symlink-broken', rel);
          continue;
        }
        if (!isInside(rootReal, real)) {
          skips.add('symlink-outside-root', rel);
          continue;
        }
        try {
          const st = await fs.stat(real);
          kind = st.kind;
          size = st.size;
        } catch {
          skips.add('symlink-broken', rel);
          continue;
        }
        if (kind === 'dir') {
          skips.add('symlink-dir', rel);
          continue;
        }
        symlink = true;
      }
      if (kind !== 'file') {
        skips.add('special', rel);
        continue;
      }
      const ext = extOf(e.name);
      if (BINARY_EXTENSIONS.has(ext)) {
        skips.add('binary', rel);
        continue;
      }
      if (options.stat && size === undefined) {
        try {
          size = (await fs.stat(abs(rel))).size;
        } catch {
          skips.add('unreadable', rel);
          continue;
        }
      }
      if (size !== undefined && size > maxFileBytes) {
        skips.add('too-large', rel);
        continue;
      }
      const f: RepoFile = { path: rel, name: e.name, ext, dir: relDir };
      if (size !== undefined) f.size = size;
      if (symlink) f.symlink = true;
      files.push(f);
    }
    return subdirs;
  }

  // A small work queue: up to `concurrency` directories are read at once.
  await new Promise<void>((resolve, reject) => {
    const queue: { rel: string; m: readonly Matcher[] }[] = [{ rel: '', m: [] }];
    let active = 0;
    const pump = () => {
      while (active < concurrency && queue.length > 0) {
        const next = queue.pop() as { rel: string; m: readonly Matcher[] };
        active++;
        visit(next.rel, next.m).then((subdirs) => {
          active--;
          for (const s of subdirs) queue.push(s);
          if (queue.length === 0 && active === 0) resolve();
          else pump();
        }, reject);
      }
    };
    pump();
  });

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: rootReal, files, directories, hasGit, skips };
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface RepoViewOptions {
  fs?: WalkerFs;
  maxFileBytes?: number;
  /** Runs git; `false` turns history off. */
  git?: GitRunner | false;
}

export interface ReadStats {
  filesRead: number;
  bytesRead: number;
}

function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes text; returns `undefined` for binary content and flags text that is not UTF-8. */
export function decodeText(bytes: Uint8Array): { text: string; utf8: boolean } | undefined {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    const le = bytes[0] === 0xff;
    return { text: new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2)), utf8: false };
  }
  if (isBinary(bytes)) return undefined;
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, utf8: true };
  } catch {
    return { text: new TextDecoder('latin1').decode(bytes), utf8: false };
  }
}

/** Normalises a detector-supplied path; throws when it is absolute or climbs out of the root. */
export function normalizeRel(p: string): string {
  if (p === '' || p.includes('\0') || isAbsolute(p))
    throw new Error(`refusing to read outside the repository: ${JSON.stringify(p)}`);
  const n = posix.normalize(p);
  if (n === '..' || n.startsWith('../') || n.startsWith('/') || n === '.') {
    throw new Error(`refusing to read outside the repository: ${JSON.stringify(p)}`);
  }
  return n.startsWith('./') ? n.slice(2) : n;
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        const alts = pattern
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'));
        re += `(?:${alts.join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Default number of bytes `RepoView.head` reads. */
export const HEAD_BYTES = 16 * 1024;

const byPath = (a: RepoFile, b: RepoFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Sorts a small candidate list back into path order (lists from several indexes are concatenated). */
function inPathOrder(list: RepoFile[]): RepoFile[] {
  if (list.length > 1) list.sort(byPath);
  return list;
}

/** Lower-case UTF-16 code of `s[i]` (ASCII letters folded; 0 past the end). */
function lowerCode(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  return s.charAt(i).toLowerCase().charCodeAt(0);
}

/** Merges lists that are each in path order into one list in path order. */
function mergeByPath(lists: readonly (readonly RepoFile[])[]): RepoFile[] {
  const ls = lists.filter((l) => l.length > 0);
  if (ls.length <= 1) return ls[0]?.slice() ?? [];
  const out: RepoFile[] = [];
  const at = ls.map(() => 0);
  for (;;) {
    let best = -1;
    let bestPath = '';
    for (let i = 0; i < ls.length; i++) {
      const f = (ls[i] as readonly RepoFile[])[at[i] as number];
      if (f && (best < 0 || f.path < bestPath)) {
        best = i;
        bestPath = f.path;
      }
    }
    if (best < 0) return out;
    out.push((ls[best] as readonly RepoFile[])[at[best] as number] as RepoFile);
    at[best] = (at[best] as number) + 1;
  }
}

/**
 * Drops an incomplete UTF-8 sequence at the end of a prefix read, so that cutting a file short
 * does not make it look like it is not UTF-8.
 */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? bytes.subarray(0, n - back) : bytes;
  }
  return bytes;
}

interface CompiledGlob {
  re: RegExp;
  /** Lower-case literal last segment (`Chart.yaml`), when there is one. */
  literal?: string;
  /** The folder part (`a/**\/`) and the last segment, when a path matches exactly when both do. */
  dirRe?: RegExp;
  nameRe?: RegExp;
  /** Lower-case extensions (with their dot) of a last segment ending in `.ext` or `.{a,b}`. */
  exts?: string[];
}

function compileGlob(pattern: string): CompiledGlob {
  const g: CompiledGlob = { re: globToRegExp(pattern) };
  const cut = pattern.lastIndexOf('/') + 1;
  const last = pattern.slice(cut);
  if (!/[*?{]/.test(last)) {
    g.literal = last.toLowerCase();
    return g;
  }
  const m = /\.(?:([A-Za-z0-9_-]+)|\{([A-Za-z0-9_,-]+)\})$/.exec(last);
  if (m) g.exts = (m[1] ? [m[1]] : (m[2] as string).split(',')).map((e) => `.${e.toLowerCase()}`);
  // `*`, `?` and `{a,b}` never cross a `/`, so the folder part and the name can be tested apart,
  // unless the last segment holds `**` or a brace group holds a `/`.
  if (!last.includes('**') && !/\{[^}]*\/[^}]*\}/.test(pattern)) {
    g.dirRe = globToRegExp(pattern.slice(0, cut));
    g.nameRe = globToRegExp(last);
  }
  return g;
}

/** Builds the view detectors use over a finished walk. */
export function createRepoView(
  walked: WalkResult,
  options: RepoViewOptions = {},
): RepoView & { readStats: ReadStats } {
  const fs = options.fs ?? nodeFs;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { root, files, skips } = walked;
  // Three indexes built in one pass over the (sorted) listing, so every list is in path order:
  // by lower-case name, by extension and by folder. Detectors pick candidates from them instead
  // of testing every listed file.
  // Names are bucketed by their first two characters (lower case), a number: hashing ~100,000
  // distinct names into a string-keyed map would cost more than the whole of some detectors.
  const byStart = new Map<number, RepoFile[]>();
  const startKey = (n: string) => (lowerCode(n, 0) << 16) | lowerCode(n, 1);
  /** Files named `n` (lower case). */
  const named = (n: string): RepoFile[] => {
    const out: RepoFile[] = [];
    for (const f of byStart.get(startKey(n)) ?? [])
      if (f.name.length === n.length && f.name.toLowerCase() === n) out.push(f);
    return out;
  };
  const byExt = new Map<string, RepoFile[]>();
  const byDir = new Map<string, RepoFile[]>();
  let lastDir: string | undefined;
  let dirList: RepoFile[] = [];
  for (const f of files) {
    const k = startKey(f.name);
    const a = byStart.get(k);
    if (a) a.push(f);
    else byStart.set(k, [f]);
    const b = byExt.get(f.ext);
    if (b) b.push(f);
    else byExt.set(f.ext, [f]);
    if (f.dir !== lastDir) {
      lastDir = f.dir;
      const c = byDir.get(f.dir);
      if (c) dirList = c;
      else {
        dirList = [];
        byDir.set(f.dir, dirList);
      }
    }
    dirList.push(f);
  }
  /** Folders written `/dir/` (the root `/`) with their files, built on first use. */
  let slashedDirs: [string, RepoFile[]][] | undefined;
  // Exact lookups search the sorted listing: no path index to build.
  const lookup = (path: string): RepoFile | undefined => {
    let lo = 0;
    let hi = files.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = (files[mid] as RepoFile).path;
      if (p === path) return files[mid];
      if (p < path) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const reads = new Map<string, Promise<string | undefined>>();
  /** Beginnings of files, with the number of bytes asked for. */
  const heads = new Map<string, { bytes: number; text: Promise<string | undefined> }>();
  const memos = new Map<string, Promise<unknown>>();
  const readStats: ReadStats = { filesRead: 0, bytesRead: 0 };
  const globs = new Map<string, CompiledGlob>();
  // A file read both in part and in full is counted once per reason.
  const skipped = new Set<string>();
  const skipOnce = (reason: SkipReason, rel: string) => {
    const key = `${reason}\0${rel}`;
    if (skipped.has(key)) return;
    skipped.add(key);
    skips.add(reason, rel);
  };

  async function doRead(file: RepoFile, limit?: number): Promise<string | undefined> {
    const rel = file.path;
    // Listed paths have no symlinked folder in them (the walker never enters one); only a listed
    // symlink needs resolving first. The edge then checks what it really opened against the root.
    let target = `${root}${sep}${rel}`;
    if (file.symlink) {
      try {
        target = await fs.realpath(target);
      } catch {
        skipOnce('unreadable', rel);
        return undefined;
      }
      if (!isInside(root, target)) {
        skipOnce('symlink-outside-root', rel);
        return undefined;
      }
    }
    let out: Awaited<ReturnType<WalkerFs['readFile']>>;
    try {
      out = await (limit === undefined
        ? fs.readFile(target, maxFileBytes, root)
        : fs.readFile(target, maxFileBytes, root, limit));
    } catch {
      skipOnce('unreadable', rel);
      return undefined;
    }
    if (out.kind === 'outside') {
      skipOnce('symlink-outside-root', rel);
      return undefined;
    }
    if (out.kind === 'too-large') {
      skipOnce('too-large', rel);
      return undefined;
    }
    if (out.kind === 'not-file') {
      skipOnce('special', rel);
      return undefined;
    }
    readStats.filesRead++;
    readStats.bytesRead += out.bytes.length;
    const whole = out.bytes.length >= out.size;
    const decoded = decodeText(whole ? out.bytes : trimPartialUtf8(out.bytes));
    if (!decoded) {
      skipOnce('binary', rel);
      return undefined;
    }
    if (!decoded.utf8) skipOnce('not-utf8', rel);
    // A prefix that turned out to be the whole file serves later full reads too.
    if (limit !== undefined && whole && !reads.has(rel)) reads.set(rel, Promise.resolve(decoded.text));
    return decoded.text;
  }

  /** The listed file for a detector-supplied path; throws when it is outside the root or not listed. */
  function listed(path: string): RepoFile {
    const f = lookup(path) ?? lookup(normalizeRel(path));
    if (!f) throw new Error(`not a file listed by the walker: ${JSON.stringify(path)}`);
    return f;
  }

  const view: RepoView & { readStats: ReadStats } = {
    files,
    readStats,
    byName: (name) => named(name.toLowerCase()),
    byExt: (...exts) => {
      const lists = exts.map((e) => byExt.get(e.toLowerCase()) ?? []);
      return lists.length === 1 ? (lists[0] as RepoFile[]).slice() : ([] as RepoFile[]).concat(...lists);
    },
    byExtInOrder: (...exts) => mergeByPath([...new Set(exts.map((e) => byExt.get(e.toLowerCase()) ?? []))]),
    byNamePrefix(...prefixes) {
      const out: RepoFile[] = [];
      for (const raw of prefixes) {
        const p = raw.toLowerCase();
        const buckets =
          p.length >= 2
            ? [byStart.get(startKey(p)) ?? []]
            : [...byStart].filter(([k]) => k >>> 16 === lowerCode(p, 0)).map(([, v]) => v);
        for (const list of buckets)
          for (const f of list)
            if (f.name.length >= p.length && f.name.toLowerCase().startsWith(p)) out.push(f);
      }
      return inPathOrder(prefixes.length > 1 ? [...new Set(out)] : out);
    },
    inDirs(re) {
      if (!slashedDirs) {
        slashedDirs = [];
        for (const [dir, list] of byDir) slashedDirs.push([dir === '' ? '/' : `/${dir}/`, list]);
      }
      const out: RepoFile[] = [];
      let lists = 0;
      for (const [slashed, list] of slashedDirs) {
        re.lastIndex = 0;
        if (re.test(slashed)) {
          out.push(...list);
          lists++;
        }
      }
      return lists > 1 ? inPathOrder(out) : out;
    },
    get: (path) => lookup(path),
    glob(pattern) {
      let g = globs.get(pattern);
      if (!g) {
        g = compileGlob(pattern);
        globs.set(pattern, g);
      }
      const { re, dirRe, nameRe, exts, literal } = g;
      let out: RepoFile[];
      if (literal !== undefined) {
        // A literal last segment: only files of that name can match.
        out = named(literal).filter((f) => re.test(f.path));
      } else if (dirRe && nameRe && exts) {
        // The extension lists are in path order, so files of one folder come one after another:
        // the folder is tested once, each name after it.
        out = [];
        for (const e of exts) {
          let lastDir: string | undefined;
          let ok = false;
          for (const f of byExt.get(e) ?? []) {
            if (f.dir !== lastDir) {
              lastDir = f.dir;
              ok = dirRe.test(f.dir === '' ? '' : `${f.dir}/`);
            }
            if (ok && nameRe.test(f.name)) out.push(f);
          }
        }
        return out;
      } else if (dirRe && nameRe) {
        // Folders are few: test each folder once, then the names inside the matching ones.
        out = [];
        let lists = 0;
        for (const [dir, list] of byDir) {
          if (!dirRe.test(dir === '' ? '' : `${dir}/`)) continue;
          lists++;
          for (const f of list) if (nameRe.test(f.name)) out.push(f);
        }
        if (lists > 1) inPathOrder(out);
      } else {
        const pool = exts ? exts.flatMap((e) => byExt.get(e) ?? []) : files;
        return pool.filter((f) => re.test(f.path));
      }
      // As before: with `{a,b}` extensions, the files of the first extension come first.
      if (exts && exts.length > 1 && out.length > 1) {
        const rank = (f: RepoFile) => exts.indexOf(f.ext);
        out.sort((a, b) => rank(a) - rank(b));
      }
      return out;
    },
    read(path) {
      // Cached reads come first: only listed, normal paths are ever cached.
      const cached = reads.get(path);
      if (cached) return cached;
      const f = listed(path);
      let p = reads.get(f.path);
      if (!p) {
        p = doRead(f);
        reads.set(f.path, p);
      }
      return p;
    },
    head(path, bytes = HEAD_BYTES) {
      const want = Math.max(1, bytes);
      const full = reads.get(path);
      if (full) return full;
      const h = heads.get(path);
      if (h && h.bytes >= want) return h.text;
      const f = listed(path);
      const fullAgain = reads.get(f.path);
      if (fullAgain) return fullAgain;
      const hAgain = heads.get(f.path);
      if (hAgain && hAgain.bytes >= want) return hAgain.text;
      const text = doRead(f, want);
      heads.set(f.path, { bytes: want, text });
      return text;
    },
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let p = memos.get(key) as Promise<T> | undefined;
      if (!p) {
        p = compute();
        memos.set(key, p);
      }
      return p;
    },
    gitHistory(): Promise<GitHistory | undefined> {
      const git = options.git;
      if (!walked.hasGit || git === false || git === undefined) return Promise.resolve(undefined);
      return view.memo('git-history', () => readGitHistory(git, root));
    },
  };
  return view;
}
