/**
 * Lists a repository once: the files detectors may look at, and every skip with its reason.
 *
 * Rules: `.gitignore` files (at every level), `.git/info/exclude` and `.waymarkignore` are honoured;
 * vendored folders are not entered; files with binary extensions are left out; a symlink is only
 * listed when it resolves to a file inside the root (a symlinked directory is never entered: its
 * target, when inside the root, is listed at its real place, which also rules out loops). Nothing
 * outside the root is ever opened, even when folders are swapped for symlinks during the walk (see
 * `fsEdge.ts`). Every skip is counted, with a few examples. The walk is a work queue, not recursion:
 * any depth of folders.
 */
import { sep } from 'node:path';
import ignore from 'ignore';
import { nodeFs, type WalkerFs } from './fsEdge.js';
import { ignoredBy, type Matcher, tester } from './ignoreRules.js';
import type { RepoFile, SkipCounts, SkipReason } from './types.js';

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

/**
 * Whether a folder named like a fixture folder is one. Inside a JVM source root the folder is a
 * package (`com/example/`, `org/springframework/samples/`), the workload's own code.
 */
export function isFixtureDir(skipDirs: ReadonlySet<string> | undefined, rel: string, name: string): boolean {
  if (!skipDirs?.has(name.toLowerCase())) return false;
  return !/(^|\/)src\/[\w-]+\/(java|kotlin|scala|groovy)\//.test(rel);
}

/** Folders of version control systems: never listed, never counted. */
export const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);

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
  /** Directory reads in flight at once (with an asynchronous edge; Linux's lists synchronously). */
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
  /** Pictures (PNG, JPEG, GIF, WebP) left out as binary: documents show them, detectors never read them. */
  pictures: string[];
}

/** Binary extensions of pictures a document may show (SVG is text and listed as a file). */
export const PICTURE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

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

export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

export function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/** The rules of one ignore file (`relFile`, relative to the root), or `undefined` when it has none. */
export async function loadIgnoreFile(
  fs: WalkerFs,
  rootReal: string,
  relFile: string,
  base: string,
): Promise<Matcher | undefined> {
  try {
    const real = await fs.realpath(relFile === '' ? rootReal : `${rootReal}${sep}${relFile}`);
    if (!isInside(rootReal, real)) return undefined;
    const text = await fs.readSmallText(real, rootReal);
    if (!text.trim()) return undefined;
    return { base, test: tester(ignore().add(text)) };
  } catch {
    return undefined;
  }
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
  const pictures: string[] = [];
  const files: RepoFile[] = [];
  let directories = 0;
  let hasGit = false;

  const abs = (rel: string) => (rel === '' ? rootReal : `${rootReal}${sep}${rel}`);

  const loadMatcher = (relFile: string, base: string) => loadIgnoreFile(fs, rootReal, relFile, base);

  async function visit(
    relDir: string,
    parentMatchers: readonly Matcher[],
  ): Promise<{ rel: string; m: readonly Matcher[] }[]> {
    let entries: Awaited<ReturnType<WalkerFs['readdir']>>;
    try {
      entries = await fs.readdir(abs(relDir), rootReal);
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
        else if (isFixtureDir(options.skipDirs, rel, e.name)) skips.add('fixture', `${rel}/`);
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
          const st = await fs.stat(real, rootReal);
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
        if (kind === 'symlink') {
          // its target was swapped for a symlink since it was resolved
          skips.add('symlink-broken', rel);
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
        if (PICTURE_EXTENSIONS.has(ext)) pictures.push(rel);
        continue;
      }
      if (options.stat && size === undefined) {
        try {
          size = (await fs.stat(abs(rel), rootReal)).size;
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

  // Descriptors a view left open under this root may name folders that have changed since.
  fs.release?.(rootReal);
  try {
    // A small work queue: up to `concurrency` directories are read at once.
    await new Promise<void>((resolve, reject) => {
      const queue: { rel: string; m: readonly Matcher[] }[] = [{ rel: '', m: [] }];
      let active = 0;
      let visited = 0;
      const pump = () => {
        while (active < concurrency && queue.length > 0) {
          const next = queue.pop() as { rel: string; m: readonly Matcher[] };
          active++;
          visit(next.rel, next.m).then((subdirs) => {
            active--;
            for (const s of subdirs) queue.push(s);
            if (queue.length === 0 && active === 0) resolve();
            // Listings are synchronous: let timers and signals in now and then.
            else if (++visited % 256 === 0) setImmediate(pump);
            else pump();
          }, reject);
        }
      };
      pump();
    });
  } finally {
    fs.release?.(rootReal);
  }

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: rootReal, files, directories, hasGit, skips, pictures };
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
