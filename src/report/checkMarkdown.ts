/**
 * `waymark check --format md`: a pull-request comment a reviewer reads in a few seconds. The gate
 * per pillar, then the practices that block it, lowest level and highest risk first, capped so a
 * young assessment does not post a wall of text; the rest is counted and left to `waymark plan`.
 */
import { blockingPractices, type CheckReport, capitalise, checkPassed, STATUS_WORDS } from './checkGate.js';
import { cut } from './sarifRules.js';
import { codeSpan } from './scanReport.js';

/** Blocking practices listed in full; the rest are counted. */
export const COMMENT_ITEMS = 10;
/** Statements and next steps are cut to this many characters. */
const CELL = 160;

/** Model and answer text in a table cell: no HTML, no pipes, one line. */
function cell(s: string): string {
  return cut(s.replace(/\s+/g, ' ').trim(), CELL)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[|\\`*_[\]]/g, (c) => `\\${c}`);
}

export function renderCheckMarkdown(r: CheckReport, limit = COMMENT_ITEMS): string {
  const pass = checkPassed(r);
  const failed = r.gates.filter((g) => !g.pass).length;
  const title = pass
    ? '✅ Waymark check passed'
    : `❌ Waymark check failed: ${failed} of ${r.gates.length} ${r.gates.length === 1 ? 'pillar is' : 'pillars are'} below the minimum`;
  const out = [`### ${title}${r.workload ? ` · ${cell(r.workload)}` : ''}`, ''];
  out.push('| Pillar | Level reached | Minimum | Gate |', '| --- | --- | ---: | --- |');
  for (const g of r.gates) {
    const level = g.pillar.level > 0 ? `${g.pillar.level} · ${cell(g.pillar.levelName ?? '')}` : '0';
    const gate = g.pass ? '✅ passed' : `❌ ${g.blocking.length} blocking`;
    out.push(`| ${cell(g.pillar.title)} (\`${g.pillar.key}\`) | ${level} | ${g.min} | ${gate} |`);
  }
  const blocking = blockingPractices(r);
  if (blocking.length > 0) {
    out.push('', '**What blocks the gate**, lowest level and highest risk first:', '');
    out.push('| Practice | Level | Status | Next step |', '| --- | --- | --- | --- |');
    for (const { practice, gate } of blocking.slice(0, limit)) {
      const ref = r.models.practice(practice.id)?.practice;
      const status = capitalise(STATUS_WORDS[practice.status] ?? practice.status);
      out.push(
        `| ${codeSpan(practice.id)} ${cell(practice.statement)} | ${gate.pillar.key} ${practice.level} | ${status} | ${ref ? cell(ref.nextStep) : ''} |`,
      );
    }
    const more = blocking.length - limit;
    if (more > 0)
      out.push(
        '',
        `…and ${more} more blocking ${more === 1 ? 'practice' : 'practices'}: \`waymark plan\` lists them all.`,
      );
  }
  out.push('', `<sub>Answers: ${codeSpan(r.answersFile, false)} · Waymark ${cell(r.toolVersion)}</sub>`);
  return `${out.join('\n')}\n`;
}
