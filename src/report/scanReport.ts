/**
 * The `waymark scan` report: evidence of practices grouped by pillar, level and practice, as
 * text, Markdown or JSON. The practice context (pillar, level, statement, order) comes from the
 * models in force, passed in; nothing here loads a model.
 */
import { escapeUnsafe } from '../diagnostics/index.js';
import type { PracticeSuggestion, ScanResult, SkipReason } from '../evidence/index.js';
import type { ModelSet } from '../model/index.js';
import type { ScanFormat } from './formats.js';
import { renderScanSarif, type ScanSarifInput } from './scanSarif.js';
import type { Style } from './style.js';

/** What every scan renderer works from. */
export interface ScanReport {
  readonly result: ScanResult;
  /** The models in force: built-in, the config file's `models:` and `--model`. */
  readonly models: ModelSet;
  /** Also show skipped files, detector errors and timings (text and md). */
  readonly verbose?: boolean;
  /** Where the alerts sit and the tool's version: needed by the sarif format only. */
  readonly sarif?: ScanSarifInput;
}

/** Where a practice sits in the models in force; `order` is its place in model order. */
export interface ScanPractice {
  readonly pillar: string;
  readonly pillarTitle: string;
  readonly level: number;
  readonly levelName: string;
  readonly statement: string;
  readonly order: number;
}

/** One renderer per scan format; a format of the map without one here does not compile. */
export const SCAN_RENDERERS: Record<ScanFormat, (report: ScanReport, style: Style) => string> = {
  text: (r, style) =>
    renderScanText(printableScanResult(r.result), scanPractices(r.models), Boolean(r.verbose), style),
  md: (r) => renderScanMarkdown(printableScanResult(r.result), scanPractices(r.models), Boolean(r.verbose)),
  json: (r) => renderScanJson(r.result, scanPractices(r.models)),
  sarif: (r) => {
    if (!r.sarif) throw new Error('the sarif scan report needs its places and tool version');
    return renderScanSarif(r.result, r.models, r.sarif);
  },
};

/** The scan report in `format`; `style` colours text only. */
export function renderScan(format: ScanFormat, report: ScanReport, style: Style): string {
  return SCAN_RENDERERS[format](report, style);
}

/** Practice id → its context, for every practice of the models in force. */
export function scanPractices(models: ModelSet): Map<string, ScanPractice> {
  const out = new Map<string, ScanPractice>();
  let order = 0;
  for (const { model, level, practice } of models.practices()) {
    out.set(practice.id, {
      pillar: model.key,
      pillarTitle: model.title,
      level: level.level,
      levelName: level.name,
      statement: practice.statement,
      order: order++,
    });
  }
  return out;
}

interface Group {
  key: string;
  title: string;
  levels: Map<number, { name: string; items: { s: PracticeSuggestion; info: ScanPractice | undefined }[] }>;
}

/** Suggestions by pillar, then level, in model order; practices no model knows go last. */
function group(result: ScanResult, practices: Map<string, ScanPractice>): Group[] {
  const groups = new Map<string, Group>();
  const sorted = [...result.suggestions].sort(
    (a, b) =>
      (practices.get(a.practiceId)?.order ?? 1e9) - (practices.get(b.practiceId)?.order ?? 1e9) ||
      a.practiceId.localeCompare(b.practiceId),
  );
  for (const s of sorted) {
    const info = practices.get(s.practiceId);
    const key = info?.pillar ?? 'other';
    let g = groups.get(key);
    if (!g) {
      g = { key, title: info?.pillarTitle ?? 'Practices not in the models in force', levels: new Map() };
      groups.set(key, g);
    }
    const lv = info?.level ?? 0;
    let l = g.levels.get(lv);
    if (!l) {
      l = { name: info?.levelName ?? '', items: [] };
      g.levels.set(lv, l);
    }
    l.items.push({ s, info });
  }
  return [...groups.values()];
}

const STATUS_WORD = { met: 'met', partial: 'partial', 'not-met': 'not met' } as const;
const SKIP_WORD: Record<SkipReason, string> = {
  ignored: 'ignored (.gitignore / .waymarkignore)',
  vendored: 'vendored folders',
  fixture: 'test fixture and example folders',
  binary: 'binary',
  'too-large': 'too large',
  'symlink-outside-root': 'symlinks leading outside the root',
  'symlink-loop': 'symlink loops',
  'symlink-broken': 'broken symlinks',
  'symlink-dir': 'symlinked folders (not followed)',
  unreadable: 'unreadable',
  special: 'special files (sockets, FIFOs, devices)',
  'not-utf8': 'not UTF-8 (read as Latin-1)',
};

/** The whole result; each suggestion of a known practice also gets its pillar and level. */
export function renderScanJson(result: ScanResult, practices: Map<string, ScanPractice>): string {
  const suggestions = result.suggestions.map((s) => {
    const info = practices.get(s.practiceId);
    return info ? { ...s, pillar: info.pillar, level: info.level } : s;
  });
  return `${JSON.stringify({ ...result, suggestions }, null, 2)}\n`;
}

/**
 * The result with every string that comes from the repository made printable (text and md):
 * unsafe characters written as escapes (`\n`, `\u001b`, `\u202e`), so that a file name cannot
 * break a line, colour the output or reorder it.
 */
export function printableScanResult(r: ScanResult): ScanResult {
  const p = escapeUnsafe;
  return {
    ...r,
    root: p(r.root),
    findings: r.findings.map((f) => ({
      ...f,
      summary: p(f.summary),
      locations: f.locations.map((l) => ({ ...l, file: p(l.file) })),
    })),
    suggestions: r.suggestions.map((s) => ({ ...s, summary: p(s.summary), evidence: s.evidence.map(p) })),
    errors: r.errors.map((e) => ({ ...e, message: p(e.message) })),
    stats: {
      ...r.stats,
      skipped: Object.fromEntries(
        Object.entries(r.stats.skipped).map(([k, s]) => [k, s && { ...s, examples: s.examples.map(p) }]),
      ),
    },
  };
}

/** A Markdown code span around `s`, whatever backticks it holds (and pipes, in a table cell). */
export function codeSpan(s: string, inCell = true): string {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inCell ? s.replace(/\|/g, '\\|') : s}${pad}${fence}`;
}

/** The terminal report; `result` must already be printable (see printableScanResult). */
export function renderScanText(
  result: ScanResult,
  practices: Map<string, ScanPractice>,
  verbose: boolean,
  style: Style,
): string {
  const lines: string[] = [];
  const { stats } = result;
  lines.push(
    style.bold(`Evidence in ${result.root}`) +
      style.dim(
        ` (${stats.files} files, ${stats.filesRead} read, ${Math.round(stats.walkMs + stats.detectMs)} ms)`,
      ),
  );
  const mark = { met: style.green('✓'), partial: style.yellow('~'), 'not-met': style.red('✗') };
  for (const g of group(result, practices)) {
    lines.push('', style.bold(g.title));
    for (const [lv, l] of [...g.levels].sort((a, b) => a[0] - b[0])) {
      if (lv) lines.push(`  Level ${lv} · ${l.name}`);
      for (const { s, info } of l.items) {
        lines.push(
          `    ${mark[s.status]} ${STATUS_WORD[s.status].padEnd(8)} ${style.bold(s.practiceId)}${info ? style.dim(`  ${info.statement}`) : ''}`,
        );
        lines.push(`               ${s.confidence} · ${s.detector}: ${s.summary}`);
        if (s.evidence.length)
          lines.push(
            style.dim(
              `               ${s.evidence.slice(0, verbose ? 20 : 4).join(', ')}${!verbose && s.evidence.length > 4 ? `, … ${s.evidence.length - 4} more` : ''}`,
            ),
          );
      }
    }
  }
  const other = result.findings.filter((f) => f.practices.length === 0);
  if (other.length) {
    lines.push('', style.bold('Other findings'));
    for (const f of other)
      lines.push(
        `    ${f.present ? mark.met : mark['not-met']} ${f.detector}: ${f.summary}${f.locations[0] ? style.dim(` (${f.locations[0].file}${f.locations[0].line ? `:${f.locations[0].line}` : ''})`) : ''}`,
      );
  }
  if (result.suggestions.length === 0) lines.push('', 'No evidence found for any practice.');
  lines.push('', ...footer(result, verbose));
  return `${lines.join('\n')}\n`;
}

/** Skipped entries and failed detectors: counted, or listed with --verbose. */
function footer(result: ScanResult, verbose: boolean): string[] {
  const skipped = Object.entries(result.stats.skipped).filter(([k]) => k !== 'not-utf8');
  const total = skipped.reduce((n, [, s]) => n + (s?.count ?? 0), 0);
  const out: string[] = [];
  if (!verbose) {
    if (total) out.push(`${total} entries skipped (run with --verbose to see why)`);
    if (result.errors.length) out.push(`${result.errors.length} detector(s) failed (run with --verbose)`);
    return out;
  }
  out.push(`Skipped entries: ${total}`);
  for (const [reason, s] of Object.entries(result.stats.skipped)) {
    if (s)
      out.push(
        `  ${String(s.count).padStart(6)}  ${SKIP_WORD[reason as SkipReason] ?? reason}  e.g. ${s.examples.join(', ')}`,
      );
  }
  const st = result.stats;
  out.push(
    `Listed ${st.files} files in ${st.directories} folders (${Math.round(st.walkMs)} ms); read ${st.filesRead} files, ${st.bytesRead} bytes (${Math.round(st.detectMs)} ms)`,
  );
  for (const e of result.errors) out.push(`Detector ${e.detector} failed: ${e.message}`);
  return out;
}

/** The Markdown report; `result` must already be printable (see printableScanResult). */
export function renderScanMarkdown(
  result: ScanResult,
  practices: Map<string, ScanPractice>,
  verbose: boolean,
): string {
  const lines: string[] = [`# Evidence scan of ${codeSpan(result.root, false)}`, ''];
  // Summaries sit in table cells; `<` would start HTML where the Markdown is rendered.
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  for (const g of group(result, practices)) {
    lines.push(`## ${g.title}`, '');
    for (const [lv, l] of [...g.levels].sort((a, b) => a[0] - b[0])) {
      if (lv) lines.push(`### Level ${lv} · ${l.name}`, '');
      lines.push(
        '| practice | suggested | confidence | evidence | found by |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const { s } of l.items) {
        const ev = s.evidence
          .slice(0, 6)
          .map((e) => codeSpan(e))
          .join(', ');
        lines.push(
          `| \`${s.practiceId}\` | ${STATUS_WORD[s.status]} | ${s.confidence} | ${cell(s.summary)}${ev ? `<br>${ev}` : ''} | ${s.detector} |`,
        );
      }
      lines.push('');
    }
  }
  const other = result.findings.filter((f) => f.practices.length === 0);
  if (other.length) {
    lines.push('## Other findings', '');
    for (const f of other) lines.push(`- ${f.present ? 'yes' : 'no'} — ${f.detector}: ${cell(f.summary)}`);
    lines.push('');
  }
  lines.push(...footer(result, verbose).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)));
  return `${lines.join('\n')}\n`;
}
