/**
 * Where a code-scanning alert sits, found on disk for the SARIF formats: the first evidence entry
 * that names a file inside the repository (`path` or `path:line`), else the practice's answer in
 * the assessment file, else that file's first line. Paths come out relative to the repository
 * root with `/` separators, symlinks resolved (code scanning cannot show an alert on a link), and
 * never absolute: an entry outside the root, a URL or a run id is passed over.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SarifPlace } from '../report/sarif.js';

/** Files larger than this are pointed at without reading them for the line's length. */
const READ_LIMIT = 1 << 20;

export interface PlaceFinder {
  /** `entry` is an evidence string; relative ones are taken from `base` (a folder). */
  evidence(entry: string, base: string): SarifPlace | undefined;
  /** The stand-in place for `practiceId`: its answer in the assessment file. */
  placeholder(practiceId: string): SarifPlace;
}

/**
 * `root` is the repository root the URIs are relative to; `answersFile` the assessment file
 * (absolute), which need not exist.
 */
export function placeFinder(root: string, answersFile: string): PlaceFinder {
  const realRoot = real(root) ?? resolve(root);
  const texts = new Map<string, string[] | null>();
  const linesOf = (abs: string): string[] | null => {
    let lines = texts.get(abs);
    if (lines === undefined) {
      lines = readSmall(abs)?.split(/\r\n|\r|\n/) ?? null;
      texts.set(abs, lines);
    }
    return lines;
  };
  const at = (abs: string, line: number, placeholder: boolean): SarifPlace | undefined => {
    const path = inside(realRoot, abs);
    if (path === undefined) return undefined;
    const lines = linesOf(abs);
    const n = lines && line > lines.length ? 1 : line;
    const text = lines?.[n - 1];
    return {
      path,
      line: n,
      ...(text !== undefined ? { endColumn: text.length + 1 } : {}),
      ...(placeholder ? { placeholder } : {}),
    };
  };
  const answers = real(answersFile) ?? resolve(answersFile);
  return {
    evidence(entry, base) {
      const parsed = parseEntry(entry);
      if (!parsed) return undefined;
      const abs = real(resolve(base, parsed.file));
      if (!abs || !isFile(abs)) return undefined;
      return at(abs, parsed.line, false);
    },
    placeholder(practiceId) {
      const lines = linesOf(answers);
      const key = new RegExp(`^\\s*["']?${practiceId.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}["']?\\s*:`);
      const index = lines?.findIndex((l) => key.test(l)) ?? -1;
      const place = at(answers, index >= 0 ? index + 1 : 1, true);
      // An assessment file outside the root still needs a relative place: its name.
      return (
        place ?? { path: answers.split(sep).pop() ?? 'waymark.assessment.yaml', line: 1, placeholder: true }
      );
    },
  };
}

/** Where a check's alerts sit: evidence is relative to the assessment file's folder. */
export function checkPlaces(
  practices: readonly { id: string; answer?: { evidence: readonly string[] } | undefined }[],
  finder: PlaceFinder,
  answersFile: string,
): Map<string, SarifPlace> {
  const base = dirname(resolve(answersFile));
  const out = new Map<string, SarifPlace>();
  for (const p of practices) {
    if (out.has(p.id)) continue;
    const found = (p.answer?.evidence ?? []).map((e) => finder.evidence(e, base)).find(Boolean);
    out.set(p.id, found ?? finder.placeholder(p.id));
  }
  return out;
}

/** Where a scan's alerts sit: its evidence is relative to the scanned root. */
export function scanPlaces(
  suggestions: readonly { practiceId: string; evidence: readonly string[] }[],
  finder: PlaceFinder,
  scanRoot: string,
): Map<string, SarifPlace> {
  const out = new Map<string, SarifPlace>();
  for (const s of suggestions) {
    const found = s.evidence.map((e) => finder.evidence(e, scanRoot)).find(Boolean);
    out.set(s.practiceId, found ?? finder.placeholder(s.practiceId));
  }
  return out;
}

/** `path`, `path:12` or `path:12:3`; URLs and other schemes are not files. */
function parseEntry(entry: string): { file: string; line: number } | undefined {
  const s = entry.trim();
  if (!s || /^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return undefined;
  const m = /^(.+?):(\d+)(?::\d+)?$/.exec(s);
  const file = m?.[1] ?? s;
  const line = m ? Number(m[2]) : 1;
  return { file, line: Math.max(line, 1) };
}

function inside(root: string, abs: string): string | undefined {
  const rel = relative(root, abs);
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function isFile(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The text of a file no larger than READ_LIMIT, or undefined. */
function readSmall(p: string): string | undefined {
  const stat = statSync(p, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size > READ_LIMIT) return undefined;
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
