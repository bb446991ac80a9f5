/**
 * The repository as detectors see it (`RepoView`), built over a finished walk: indexes by name,
 * extension and folder, glob queries, and reads that are cached and guarded (only listed files,
 * never outside the root, never larger than the limit).
 */
import { isAbsolute, posix, sep } from 'node:path';
import { nodeFs, type WalkerFs } from './fsEdge.js';
import { type GitRunner, readGitHistory } from './git.js';
import { mayHaveTags } from './gitTags.js';
import { type CompiledGlob, compileGlob } from './glob.js';
import { DEFAULT_MAX_FILE_BYTES, isInside, type WalkResult } from './listing.js';
import { decodeText, trimPartialUtf8 } from './textDecode.js';
import type { GitHistory, RepoFile, RepoView, SkipReason } from './types.js';

export interface RepoViewOptions {
  fs?: WalkerFs;
  maxFileBytes?: number;
  /** Runs git; `false` turns history off. */
  git?: GitRunner | false;
  /**
   * The repository's own `.git` may be read to skip listing tags when it has none (`gitTags.ts`);
   * off when `git` is a stand-in that answers for a repository the disk does not hold.
   */
  probeTags?: boolean;
  /** Characters of file text kept for later reads (default `CACHE_CHARS`). */
  cacheChars?: number;
}

export interface ReadStats {
  filesRead: number;
  bytesRead: number;
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

/** Characters of file text the view keeps for later reads (about 64 MB as one-byte strings). */
const CACHE_CHARS = 64 * 1024 * 1024;

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

/** Builds the view detectors use over a finished walk. */
export function createRepoView(
  walked: WalkResult,
  options: RepoViewOptions = {},
): RepoView & { readStats: ReadStats; release(): void } {
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
  // Texts kept for the next detector that reads the same file, oldest first, with their lengths.
  // The cache is bounded: on a large tree the texts of every file read were most of the memory a
  // scan used (317 MiB on 23,000 files), and a file dropped from it is only read again.
  const kept = new Map<string, number>();
  let keptChars = 0;
  const budget = options.cacheChars ?? CACHE_CHARS;
  const keep = (rel: string, text: string | undefined) => {
    if (text === undefined || kept.has(rel)) return;
    kept.set(rel, text.length);
    keptChars += text.length;
    for (const [old, n] of kept) {
      if (keptChars <= budget) break;
      kept.delete(old);
      keptChars -= n;
      reads.delete(old);
    }
  };
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
    // symlink needs resolving first. The edge then reaches the file without following any symlink.
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
    if (limit !== undefined && whole && !reads.has(rel)) {
      reads.set(rel, Promise.resolve(decoded.text));
      keep(rel, decoded.text);
    }
    return decoded.text;
  }

  /** The listed file for a detector-supplied path; throws when it is outside the root or not listed. */
  function listed(path: string): RepoFile {
    const f = lookup(path) ?? lookup(normalizeRel(path));
    if (!f) throw new Error(`not a file listed by the walker: ${JSON.stringify(path)}`);
    return f;
  }

  let pictureSet: Set<string> | undefined;
  const view: RepoView & { readStats: ReadStats; release(): void } = {
    files,
    readStats,
    // Reads keep a few folders open (see `anchored.ts`): the scan closes them when it is done.
    release: () => fs.release?.(root),
    byName: (name) => named(name.toLowerCase()),
    hasPicture(path) {
      pictureSet ??= new Set(walked.pictures);
      return pictureSet.has(path);
    },
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
        const rel = f.path;
        p = doRead(f).then((text) => {
          keep(rel, text);
          return text;
        });
        reads.set(rel, p);
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
      const probe = options.probeTags ? () => mayHaveTags(fs, root) : undefined;
      return view.memo('git-history', () => readGitHistory(git, root, undefined, probe));
    },
  };
  return view;
}
