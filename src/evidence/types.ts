/** Types shared by the walker, the detectors and the scan result. No I/O here. */
import type { Confidence, SuggestedStatus, Suggestion } from '../answers/index.js';

// The answer vocabulary is the answers module's; the scanner speaks it.
export type { Confidence, SuggestedStatus };

/** A place in the repository: a path relative to the root, with `/` separators, and a 1-based line. */
export interface EvidenceLocation {
  file: string;
  line?: number;
}

/** What one detector concluded about one or more practices, as the detector returns it. */
export interface Claim {
  /** Practice ids (from models/*.yaml) that this finding supports. */
  practices: string[];
  /** `true`: the artefact was found. `false`: its absence is meaningful (e.g. no pipeline file anywhere). */
  present: boolean;
  confidence: Confidence;
  locations: EvidenceLocation[];
  /** One line, no trailing full stop. */
  summary: string;
}

/** A claim stamped by the runner with the id of the detector that made it. */
export interface Finding extends Claim {
  detector: string;
}

export interface DetectorMeta {
  /** Kebab-case, unique, e.g. `terraform`. */
  id: string;
  title: string;
  /** Practice ids this detector can speak for. Every finding's practices must be among them. */
  practices: string[];
  /** One paragraph: what is looked for, where, and why it counts as evidence. */
  docs: string;
  /**
   * When set, the detector belongs to a group whose joint absence is meaningful
   * (e.g. no CI system at all). See `groups.ts`.
   */
  group?: string;
}

export interface Detector {
  meta: DetectorMeta;
  detect(repo: RepoView): Promise<Claim[]>;
}

/** One file the walker listed. */
export interface RepoFile {
  /** Relative to the root, `/`-separated, never starting with `./` or `/`. */
  path: string;
  /** Basename as found on disk. */
  name: string;
  /** Lower-case last extension with its dot (`.tf`, `.yaml`), or `''`. */
  ext: string;
  /** Directory part of `path` (`''` for the root). */
  dir: string;
  /** Size in bytes when known (the walker stats only when asked to). */
  size?: number;
  /** The entry is a symbolic link to a file inside the root. */
  symlink?: boolean;
}

/** Commits and tags taken from `git`, when the root holds a repository. */
export interface GitHistory {
  /** `sized: false` marks a commit whose change size could not be read (objects missing from a
   * partial clone); its `added` and `deleted` are then 0 and mean nothing. */
  commits: {
    hash: string;
    time: number;
    added: number;
    deleted: number;
    sized?: false;
    /** The author's name as git records it (`dependabot[bot]` for the bot's pull requests). */
    author?: string;
  }[];
  tags: { name: string; time: number }[];
}

/** The repository as detectors see it: an index of listed files and a guarded reader. */
export interface RepoView {
  /** Every listed file, sorted by path. */
  readonly files: readonly RepoFile[];
  /** Files whose basename equals `name` (case-insensitive). */
  byName(name: string): RepoFile[];
  /** Files with this extension (`.tf`; case-insensitive). */
  byExt(...exts: string[]): RepoFile[];
  /** Like `byExt`, but in path order rather than one extension after the other. */
  byExtInOrder(...exts: string[]): RepoFile[];
  /** Files whose lower-case name starts with one of `prefixes` (compared in lower case), in path order. */
  byNamePrefix(...prefixes: string[]): RepoFile[];
  /**
   * Files whose folder, written `/dir/` (the root is `/`), matches `re`, in path order. The test runs
   * once per folder, not once per file.
   */
  inDirs(re: RegExp): RepoFile[];
  /** Files whose path matches a glob (`**`, `*`, `?`, `{a,b}`), case-insensitive. */
  glob(pattern: string): RepoFile[];
  /** Exact file lookup. */
  get(path: string): RepoFile | undefined;
  /** The path is a picture in the tree (listed apart: pictures are binary and never read). */
  hasPicture(path: string): boolean;
  /**
   * Text of a listed file, or `undefined` when it is skipped (binary, too large, unreadable,
   * resolves outside the root). Throws for a path that was not listed or escapes the root.
   */
  read(path: string): Promise<string | undefined>;
  /**
   * Like `read`, but only the first `bytes` (16 KiB by default) are read when the file is longer:
   * enough for a signature check. Returns the whole text when it was already read.
   */
  head(path: string, bytes?: number): Promise<string | undefined>;
  /** Computes a value once per scan and shares it between detectors (e.g. parsed pipelines). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Commit and tag history, or `undefined` when the root holds no `.git` or git is unavailable. */
  gitHistory(): Promise<GitHistory | undefined>;
}

export type SkipReason =
  | 'ignored'
  | 'vendored'
  | 'fixture'
  | 'binary'
  | 'too-large'
  | 'symlink-outside-root'
  | 'symlink-loop'
  | 'symlink-broken'
  | 'symlink-dir'
  | 'unreadable'
  | 'special'
  | 'not-utf8';

export interface SkipStat {
  count: number;
  /** Up to five example paths. */
  examples: string[];
}

export type SkipCounts = Partial<Record<SkipReason, SkipStat>>;

/** What the scan suggests for one practice; a person confirms or overrides it. */
export type PracticeSuggestion = Suggestion;

export interface ScanStats {
  files: number;
  directories: number;
  filesRead: number;
  bytesRead: number;
  walkMs: number;
  detectMs: number;
  skipped: SkipCounts;
}

export interface ScanResult {
  root: string;
  findings: Finding[];
  suggestions: PracticeSuggestion[];
  /** Detectors that threw; the scan continues without them. */
  errors: { detector: string; message: string }[];
  stats: ScanStats;
}
