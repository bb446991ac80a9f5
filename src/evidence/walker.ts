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

/** Builds the view detectors use over a finished walk. */
export function createRepoView(
  walked: WalkResult,
  options: RepoViewOptions = {},
): RepoView & { readStats: ReadStats } {
  const fs = options.fs ?? nodeFs;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { root, files, skips } = walked;
  const byName = new Map<string, RepoFile[]>();
  const byExt = new Map<string, RepoFile[]>();
  for (const f of files) {
    const n = f.name.toLowerCase();
    let a = byName.get(n);
    if (!a) {
      a = [];
      byName.set(n, a);
    }
    a.push(f);
    let b = byExt.get(f.ext);
    if (!b) {
      b = [];
      byExt.set(f.ext, b);
    }
    b.push(f);
  }
  // Exact lookups go through the (small) list of files with the same name: no third big index.
  const lookup = (path: string): RepoFile | undefined => {
    const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    const list = byName.get(name);
    if (!list) return undefined;
    for (const f of list) if (f.path === path) return f;
    return undefined;
  };
  const reads = new Map<string, Promise<string | undefined>>();
  const memos = new Map<string, Promise<unknown>>();
  const readStats: ReadStats = { filesRead: 0, bytesRead: 0 };
  const globs = new Map<string, RegExp>();

  async function doRead(rel: string): Promise<string | undefined> {
    // Listed paths have no symlinked folder in them (the walker never enters one); only a listed
    // symlink needs resolving first. The edge then checks what it really opened against the root.
    let target = `${root}${sep}${rel}`;
    if (lookup(rel)?.symlink) {
      try {
        target = await fs.realpath(target);
      } catch {
        skips.add('unreadable', rel);
        return undefined;
      }
      if (!isInside(root, target)) {
        skips.add('symlink-outside-root', rel);
        return undefined;
      }
    }
    let out: Awaited<ReturnType<WalkerFs['readFile']>>;
    try {
      out = await fs.readFile(target, maxFileBytes, root);
    } catch {
      skips.add('unreadable', rel);
      return undefined;
    }
    if (out.kind === 'outside') {
      skips.add('symlink-outside-root', rel);
      return undefined;
    }
    if (out.kind === 'too-large') {
      skips.add('too-large', rel);
      return undefined;
    }
    if (out.kind === 'not-file') {
      skips.add('special', rel);
      return undefined;
    }
    readStats.filesRead++;
    readStats.bytesRead += out.bytes.length;
    const decoded = decodeText(out.bytes);
    if (!decoded) {
      skips.add('binary', rel);
      return undefined;
    }
    if (!decoded.utf8) skips.add('not-utf8', rel);
    return decoded.text;
  }

  const view: RepoView & { readStats: ReadStats } = {
    files,
    readStats,
    byName: (name) => byName.get(name.toLowerCase()) ?? [],
    byExt: (...exts) => {
      const lists = exts.map((e) => byExt.get(e.toLowerCase()) ?? []);
      return lists.length === 1 ? (lists[0] as RepoFile[]).slice() : ([] as RepoFile[]).concat(...lists);
    },
    get: (path) => lookup(path),
    glob(pattern) {
      let re = globs.get(pattern);
      if (!re) {
        re = globToRegExp(pattern);
        globs.set(pattern, re);
      }
      // Narrow the candidates by the last segment: a literal name, or a literal extension.
      const last = pattern.slice(pattern.lastIndexOf('/') + 1);
      let pool: readonly RepoFile[] = files;
      if (!/[*?{]/.test(last)) pool = byName.get(last.toLowerCase()) ?? [];
      else {
        const m = /\.(?:([A-Za-z0-9_-]+)|\{([A-Za-z0-9_,-]+)\})$/.exec(last);
        if (m)
          pool = (m[1] ? [m[1]] : (m[2] as string).split(',')).flatMap(
            (e) => byExt.get(`.${e.toLowerCase()}`) ?? [],
          );
      }
      const r = re;
      return pool.filter((f) => r.test(f.path));
    },
    read(path) {
      // A listed path is already normal and inside the root; anything else is checked.
      const rel = lookup(path) ? path : normalizeRel(path);
      if (!lookup(rel)) throw new Error(`not a file listed by the walker: ${JSON.stringify(path)}`);
      let p = reads.get(rel);
      if (!p) {
        p = doRead(rel);
        reads.set(rel, p);
      }
      return p;
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
