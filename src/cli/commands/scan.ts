/**
 * `waymark scan [path]`: evidence of practices found in a repository, grouped by pillar, level and
 * practice. Only types are imported up front; the scanner and the models load inside the action.
 */
import type { Command } from 'commander';
import { escapeUnsafe, InputError } from '../../diagnostics/index.js';
import type { PracticeSuggestion, ScanResult, SkipReason } from '../../evidence/index.js';

export type ScanFormat = 'text' | 'md' | 'json';

export interface ScanCommandOptions {
  format?: ScanFormat;
  output?: string;
  verbose?: boolean;
  merge?: boolean;
  answers?: string;
  push?: string;
  workload?: string;
  token?: string;
}

export function registerScanCommands(program: Command): void {
  program
    .command('scan')
    .description('find evidence of practices in a repository (IaC, pipelines, tests, alerts, runbooks...)')
    .argument('[path]', 'repository root', '.')
    .addOption(
      program
        .createOption('-f, --format <format>', 'output format')
        .choices(['text', 'md', 'json'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the results to a file instead of standard output')
    .option('--verbose', 'also show skipped files, detector errors and timings')
    .option(
      '--merge',
      "write the suggestions into the assessment file as source: scan (never changes a person's answer)",
    )
    .option('-a, --answers <file>', 'assessment file to merge into (default: waymark.assessment.yaml)')
    .option('--push <url>', 'send the suggestions to a Waymark server (its base URL)')
    .option('--workload <id>', 'the workload on that server (with --push)')
    .option('--token <token>', 'API token for the server (default: $WAYMARK_TOKEN)')
    .action(async (path: string, opts: ScanCommandOptions) => {
      await runScan(path, opts);
    });
}

interface PracticeInfo {
  pillar: string;
  pillarTitle: string;
  level: number;
  levelName: string;
  statement: string;
  order: number;
}

/** Practice context from the built-in models; an empty map when they cannot be loaded. */
async function practiceIndex(): Promise<Map<string, PracticeInfo>> {
  const out = new Map<string, PracticeInfo>();
  try {
    const { loadBuiltinModels } = await import('../../model/index.js');
    let order = 0;
    for (const m of loadBuiltinModels()) {
      for (const l of m.levels) {
        for (const s of l.strategies) {
          for (const p of s.practices) {
            out.set(p.id, {
              pillar: m.key,
              pillarTitle: m.title,
              level: l.level,
              levelName: l.name,
              statement: p.statement,
              order: order++,
            });
          }
        }
      }
    }
  } catch {
    // Without models the findings are still listed, by practice id.
  }
  return out;
}

export async function runScan(path: string, opts: ScanCommandOptions): Promise<ScanResult> {
  const format = opts.format ?? 'text';
  if (!['text', 'md', 'json'].includes(format))
    throw new InputError(`unknown format "${format}"`, {}, 'use text, md or json');
  const { pushJson, pushTarget } = await import('../serverPush.js');
  const target = pushTarget(opts);
  const result = await scanWithProgress(path);
  const practices = await practiceIndex();
  const colour = !opts.output && format === 'text' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const pc = (await import('picocolors')).default.createColors(colour);
  const text =
    format === 'json'
      ? renderJson(result, practices)
      : format === 'md'
        ? renderMarkdown(printableResult(result), practices, Boolean(opts.verbose))
        : renderText(printableResult(result), practices, Boolean(opts.verbose), pc);
  const { emit } = await import('../output.js');
  emit(text, opts.output);
  if (opts.merge) {
    const { mergeIntoAssessment } = await import('../scanMerge.js');
    process.stderr.write(mergeIntoAssessment(result.suggestions, opts));
  }
  if (target) {
    const pushed = (await pushJson(target, 'scans', 'POST', {
      root: result.root,
      scannedAt: new Date().toISOString(),
      suggestions: result.suggestions,
    })) as { suggestions: number };
    process.stderr.write(`pushed ${pushed.suggestions} suggestions to ${target.url}\n`);
  }
  return result;
}

/** Scans with a progress bar on a terminal's standard error; silent when it is not a terminal. */
export async function scanWithProgress(path: string): Promise<ScanResult> {
  const { scanRepository } = await import('../../evidence/index.js');
  if (!process.stderr.isTTY) return scanRepository(path);
  const { SingleBar } = (await import('cli-progress')).default;
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {phase} [{bar}] {value}/{total}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  try {
    return await scanRepository(path, {
      onProgress: (phase, done, total) => {
        const label = phase === 'walk' ? 'listing files    ' : 'running detectors';
        if (!started) {
          bar.start(total, done, { phase: label });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { phase: label });
      },
    });
  } finally {
    if (started) bar.stop();
  }
}

interface Group {
  key: string;
  title: string;
  levels: Map<number, { name: string; items: { s: PracticeSuggestion; info: PracticeInfo | undefined }[] }>;
}

function group(result: ScanResult, practices: Map<string, PracticeInfo>): Group[] {
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
      g = { key, title: info?.pillarTitle ?? 'Practices not in the built-in models', levels: new Map() };
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

function renderJson(result: ScanResult, practices: Map<string, PracticeInfo>): string {
  const suggestions = result.suggestions.map((s) => {
    const info = practices.get(s.practiceId);
    return info ? { ...s, pillar: info.pillar, level: info.level } : s;
  });
  return `${JSON.stringify({ ...result, suggestions }, null, 2)}\n`;
}

/**
 * A repository-supplied string as it may be printed: unsafe characters written as escapes (`\n`,
 * `\u001b`, `\u202e`), so that a file name cannot break a line, colour the output or reorder it.
 */
export const printable = escapeUnsafe;

/** The result with every string that comes from the repository made printable (text and md). */
function printableResult(r: ScanResult): ScanResult {
  const p = printable;
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
function code(s: string, inCell = true): string {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inCell ? s.replace(/\|/g, '\\|') : s}${pad}${fence}`;
}

type Colours = ReturnType<typeof import('picocolors')['createColors']>;

function renderText(
  result: ScanResult,
  practices: Map<string, PracticeInfo>,
  verbose: boolean,
  pc: Colours,
): string {
  const lines: string[] = [];
  const { stats } = result;
  lines.push(
    pc.bold(`Evidence in ${result.root}`) +
      pc.dim(
        ` (${stats.files} files, ${stats.filesRead} read, ${Math.round(stats.walkMs + stats.detectMs)} ms)`,
      ),
  );
  const mark = { met: pc.green('✓'), partial: pc.yellow('~'), 'not-met': pc.red('✗') };
  for (const g of group(result, practices)) {
    lines.push('', pc.bold(g.title));
    for (const [lv, l] of [...g.levels].sort((a, b) => a[0] - b[0])) {
      if (lv) lines.push(`  Level ${lv} · ${l.name}`);
      for (const { s, info } of l.items) {
        lines.push(
          `    ${mark[s.status]} ${STATUS_WORD[s.status].padEnd(8)} ${pc.bold(s.practiceId)}${info ? pc.dim(`  ${info.statement}`) : ''}`,
        );
        lines.push(`               ${s.confidence} · ${s.detector}: ${s.summary}`);
        if (s.evidence.length)
          lines.push(
            pc.dim(
              `               ${s.evidence.slice(0, verbose ? 20 : 4).join(', ')}${!verbose && s.evidence.length > 4 ? `, … ${s.evidence.length - 4} more` : ''}`,
            ),
          );
      }
    }
  }
  const other = result.findings.filter((f) => f.practices.length === 0);
  if (other.length) {
    lines.push('', pc.bold('Other findings'));
    for (const f of other)
      lines.push(
        `    ${f.present ? mark.met : mark['not-met']} ${f.detector}: ${f.summary}${f.locations[0] ? pc.dim(` (${f.locations[0].file}${f.locations[0].line ? `:${f.locations[0].line}` : ''})`) : ''}`,
      );
  }
  if (result.suggestions.length === 0) lines.push('', 'No evidence found for any practice.');
  lines.push('', ...footer(result, verbose));
  return `${lines.join('\n')}\n`;
}

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

function renderMarkdown(result: ScanResult, practices: Map<string, PracticeInfo>, verbose: boolean): string {
  const lines: string[] = [`# Evidence scan of ${code(result.root, false)}`, ''];
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
          .map((e) => code(e))
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
