/**
 * Lists a git work tree from its index instead of walking it: `git ls-files` knows which files are
 * tracked and applies `.gitignore` (every level), `.git/info/exclude` and the global excludes file
 * exactly as git does, and it answers from the index without reading most folders.
 *
 * The listing keeps the walker's guarantees (`listing.ts`), so a scan gives the same result either
 * way, with these differences, all on git's side of the line:
 * - a tracked file matching a `.gitignore` rule is listed (git tracks it; the walker skipped it);
 * - `.waymarkignore` files can only leave more out (the walker also let `!rule` in one bring back
 *   a file a `.gitignore` left out);
 * - the global excludes file (`core.excludesFile`) is honoured.
 * Anything this module cannot list as the walker would returns `undefined` and the caller walks:
 * no `.git` at the root, git missing or failing, the root a subfolder of a work tree (git would
 * apply the ignore rules of the folders above it, and list nothing at all for an ignored folder),
 * submodules and nested repositories (the walker lists their files), names that are not UTF-8.
 *
 * What the index says is checked against the disk where it is cheap: files git reports as deleted
 * (`--deleted`: it lstats every entry) are left out, untracked files are looked at (`WalkerFs.stat`),
 * and symlinks are resolved and kept only when they lead to a file inside the root, as in the walker.
 * A tracked file whose kind changed on disk without being staged (a file swapped for a symlink) is
 * listed with its index kind; reads never follow a symlink and never leave the root whatever the
 * listing says (`fsEdge.ts`), so such a file is skipped when read. Vendored folders,
 * fixtures, binary extensions and `.waymarkignore` rules are applied here, folder by folder, with the
 * same skip reasons; reads are guarded at read time exactly as for a walked listing (`repoView.ts`).
 */
import { sep } from 'node:path';
import { nodeFs } from './fsEdge.js';
import type { GitRunner } from './git.js';
import { ignoredBy, type Matcher } from './ignoreRules.js';
import {
  BINARY_EXTENSIONS,
  DEFAULT_MAX_FILE_BYTES,
  errCode,
  extOf,
  isFixtureDir,
  isInside,
  loadIgnoreFile,
  PICTURE_EXTENSIONS,
  SkipTracker,
  VCS_DIRS,
  VENDORED_DIRS,
  type WalkOptions,
  type WalkResult,
} from './listing.js';
import type { RepoFile, SkipReason } from './types.js';

export interface GitListingOptions extends Omit<WalkOptions, 'concurrency'> {
  /** Runs git (tests swap it). */
  git: GitRunner;
}

/** One path as `git ls-files -t -s` reports it. */
interface Entry {
  path: string;
  /** Index mode (`100644`, `120000`, ...); `undefined` for untracked files. */
  mode?: string;
  /** In the index, not on disk. */
  deleted: boolean;
}

/** Parses `git ls-files -z -t -s --cached --deleted --others` output. */
export function parseLsFiles(out: string): Map<string, Entry> | undefined {
  const entries = new Map<string, Entry>();
  for (const rec of out.split('\0')) {
    if (rec === '') continue;
    const tag = rec.charAt(0);
    if (rec.charAt(1) !== ' ') return undefined;
    let path: string;
    let mode: string | undefined;
    if (tag === '?') path = rec.slice(2);
    else {
      const tab = rec.indexOf('\t');
      if (tab < 0) return undefined;
      path = rec.slice(tab + 1);
      mode = rec.slice(2, rec.indexOf(' ', 2));
    }
    // A nested repository (`dir/`) or a submodule: the walker lists their files, git does not.
    if (path.endsWith('/') || mode === '160000') return undefined;
    // Not UTF-8 on disk: the decoded name would not open; the walker lists such names as it finds them.
    if (path.includes('\uFFFD')) return undefined;
    // git never prints these; a path that could climb out of the root is refused, not listed.
    if (path.startsWith('/') || /(^|\/)\.{0,2}(\/|$)/.test(path)) return undefined;
    const prev = entries.get(path);
    if (prev) {
      if (tag === 'R') prev.deleted = true;
      continue;
    }
    const e: Entry = { path, deleted: tag === 'R' };
    if (mode !== undefined) e.mode = mode;
    entries.set(path, e);
  }
  return entries;
}

/**
 * Lists `rootReal` (a real, absolute path) from git's index, or `undefined` when git cannot list it
 * the way the walker would (the caller then walks).
 */
export async function gitListing(
  rootReal: string,
  options: GitListingOptions,
): Promise<WalkResult | undefined> {
  const fs = options.fs ?? nodeFs;
  const run = options.git;
  // Only at the top of a work tree, which holds `.git` (a repository, or a file naming one). A
  // `.git` folder without HEAD is not a repository: git would find the one above and list this
  // folder by its rules. Checked here rather than with `git rev-parse`: one process less.
  let gitKind: string;
  try {
    gitKind = (await fs.stat(`${rootReal}${sep}.git`, rootReal)).kind;
    if (gitKind === 'dir') await fs.stat(`${rootReal}${sep}.git${sep}HEAD`, rootReal);
  } catch {
    return undefined;
  }
  if (gitKind !== 'dir' && gitKind !== 'file') return undefined;
  const [listed, ignoredOut] = await Promise.all([
    // Not `--modified`: it hashes every file whose index entry is racy (all of them in a fresh
    // copy), which took 0.4-0.7 s on trees git lists in 0.05 s.
    run(['ls-files', '-z', '-t', '-s', '--cached', '--deleted', '--others', '--exclude-standard'], rootReal),
    run(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], rootReal),
  ]);
  if (listed === undefined) return undefined;
  const entries = parseLsFiles(listed);
  if (!entries) return undefined;

  const vendored = new Set([...VENDORED_DIRS, ...(options.extraVendored ?? [])]);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const skips = new SkipTracker();
  const pictures: string[] = [];
  const abs = (rel: string) => `${rootReal}${sep}${rel}`;
  fs.release?.(rootReal);
  try {
    // `.waymarkignore` files, by the folder they sit in (`''` or `dir/`).
    const own = new Map<string, Matcher>();
    for (const p of entries.keys()) {
      if (p !== '.waymarkignore' && !p.endsWith('/.waymarkignore')) continue;
      const base = p.slice(0, p.length - '.waymarkignore'.length);
      const m = await loadIgnoreFile(fs, rootReal, p, base);
      if (m) own.set(base, m);
    }
    /** Matchers that apply inside folder `dir` (`''` or `a/b`), outermost first. */
    const matchersIn = new Map<string, readonly Matcher[]>([
      ['', own.has('') ? [own.get('') as Matcher] : []],
    ]);
    /** `undefined` when folder `dir` is listed, else why it is not (`null`: silently). */
    const verdict = new Map<string, SkipReason | null | undefined>([['', undefined]]);
    const dirVerdict = (dir: string): SkipReason | null | undefined => {
      if (verdict.has(dir)) return verdict.get(dir);
      const slash = dir.lastIndexOf('/');
      const parent = slash < 0 ? '' : dir.slice(0, slash);
      const name = dir.slice(slash + 1);
      let v: SkipReason | null | undefined = dirVerdict(parent);
      if (v !== undefined)
        v = null; // inside a skipped folder: counted there already
      else if (VCS_DIRS.has(name)) v = null;
      else {
        const ms = matchersIn.get(parent) as readonly Matcher[];
        if (ms.length && ignoredBy(ms, dir, true)) v = 'ignored';
        else if (vendored.has(name)) v = 'vendored';
        else if (isFixtureDir(options.skipDirs, dir, name)) v = 'fixture';
        if (v) skips.add(v, `${dir}/`);
        else {
          const m = own.get(`${dir}/`);
          matchersIn.set(dir, m ? [...ms, m] : ms);
        }
      }
      verdict.set(dir, v);
      return v;
    };

    const files: RepoFile[] = [];
    for (const e of entries.values()) {
      const rel = e.path;
      const slash = rel.lastIndexOf('/');
      const dir = slash < 0 ? '' : rel.slice(0, slash);
      const name = rel.slice(slash + 1);
      if (dirVerdict(dir) !== undefined) continue;
      const ms = matchersIn.get(dir) as readonly Matcher[];
      if (ms.length && ignoredBy(ms, rel, false)) {
        skips.add('ignored', rel);
        continue;
      }
      let kind: string;
      let size: number | undefined;
      // Deleted since it was indexed: not there, not listed.
      if (e.deleted) continue;
      if (e.mode === undefined) {
        try {
          const st = await fs.stat(abs(rel), rootReal);
          kind = st.kind;
          size = st.size;
        } catch (err) {
          // Deleted since it was indexed (or its folder was): not there, not listed.
          if (errCode(err) !== 'ENOENT' && errCode(err) !== 'ENOTDIR') skips.add('unreadable', rel);
          continue;
        }
        if (kind === 'dir') {
          // A tracked file replaced by a folder: git lists the folder's files as untracked.
          continue;
        }
      } else kind = e.mode === '120000' ? 'symlink' : 'file';
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
          skips.add('symlink-broken', rel);
          continue;
        }
        symlink = true;
      }
      if (kind !== 'file') {
        skips.add('special', rel);
        continue;
      }
      const ext = extOf(name);
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
      // Sizes are known as in the walker: with `stat`, and for symlinks (the rest is checked on read).
      if (!options.stat && !symlink) size = undefined;
      if (size !== undefined && size > maxFileBytes) {
        skips.add('too-large', rel);
        continue;
      }
      const f: RepoFile = { path: rel, name, ext, dir };
      if (size !== undefined) f.size = size;
      if (symlink) f.symlink = true;
      files.push(f);
    }

    // Ignored entries, counted as the walker counts them: the outermost ignored folder once.
    for (const p of (ignoredOut ?? '').split('\0')) {
      if (p === '' || p.includes('\uFFFD')) continue;
      const isDir = p.endsWith('/');
      const bare = isDir ? p.slice(0, -1) : p;
      const slash = bare.lastIndexOf('/');
      if (dirVerdict(slash < 0 ? '' : bare.slice(0, slash)) !== undefined) continue;
      if (isDir && VCS_DIRS.has(bare.slice(slash + 1))) continue;
      skips.add('ignored', p);
    }

    // Folders the walker would have entered: every folder on the way to a listed or looked-at entry.
    let directories = 0;
    for (const v of verdict.values()) if (v === undefined) directories++;

    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { root: rootReal, files, directories, hasGit: gitKind === 'dir', skips, pictures };
  } finally {
    fs.release?.(rootReal);
  }
}
