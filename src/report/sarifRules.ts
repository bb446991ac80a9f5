/**
 * SARIF rules (`reportingDescriptor` objects) from the models in force: one per practice, with
 * help written from the practice's own fields (why, next step, what counts as evidence, source).
 * Code scanning shows `help.markdown` beside an alert, so the text says how to close it too.
 */
import type { ModelSet, PracticeRef, RiskLevel } from '../model/index.js';
import { practiceSource } from '../model/index.js';

/** GitHub code scanning cuts rule names at 255 characters and descriptions at 1,024. */
export const SARIF_TEXT_LIMITS = { name: 255, description: 1024 } as const;
/** GitHub keeps at most 20 tags per rule (and shows 10). */
export const SARIF_MAX_TAGS = 20;

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    /** Non-security rules only: how GitHub ranks the alert among others. */
    'problem.severity'?: 'error' | 'warning' | 'recommendation';
    /** Security rules only: a CVSS-like score, which makes the alert a security alert. */
    'security-severity'?: string;
  };
}

/** A missing practice of high risk fails a pull request check; low risk is a note. */
export const LEVEL_OF_RISK: Record<RiskLevel, SarifLevel> = { high: 'error', medium: 'warning', low: 'note' };
const PROBLEM_SEVERITY = { high: 'error', medium: 'warning', low: 'recommendation' } as const;
/**
 * GitHub reads 9.0+ as critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. A practice's risk
 * names three bands; the middle of each keeps a model's high risk below "critical", which is
 * kept for exploitable flaws in code rather than missing practices.
 */
const SECURITY_SEVERITY: Record<RiskLevel, string> = { high: '8.0', medium: '5.5', low: '3.0' };

/** One rule per practice of the models in force, in model order; each id once. */
export function sarifRules(models: ModelSet): SarifRule[] {
  const rules: SarifRule[] = [];
  const seen = new Set<string>();
  for (const ref of models.practices()) {
    if (seen.has(ref.practice.id)) continue;
    seen.add(ref.practice.id);
    rules.push(ruleOf(ref));
  }
  return rules;
}

function ruleOf(ref: PracticeRef): SarifRule {
  const { model, level, strategy, practice } = ref;
  const source = practiceSource(model, level, strategy, practice);
  const where = `${model.title}, level ${level.level} · ${level.name}; strategy: ${strategy.title}.`;
  const close = `Once it holds, answer \`${practice.id}: met\` in the assessment file with its evidence, or \`not-applicable\` with a reason; the alert then closes on the next run.`;
  const text = [
    practice.statement,
    '',
    `Why it matters: ${practice.why}`,
    `Next step: ${practice.nextStep}`,
    `What counts as evidence: ${practice.evidence}`,
    `Risk if missing: ${practice.risk}. ${where}`,
    `Source: ${source.section}${source.url ? ` (${source.url})` : ''}`,
    '',
    close.replaceAll('`', ''),
  ].join('\n');
  const markdown = [
    `**${md(practice.statement)}**`,
    '',
    `**Why it matters.** ${md(practice.why)}`,
    '',
    `**Next step.** ${md(practice.nextStep)}`,
    '',
    `**What counts as evidence.** ${md(practice.evidence)}`,
    '',
    `**Risk if missing:** ${practice.risk}. ${md(where)}`,
    '',
    `**Source:** ${source.url ? `[${md(source.section)}](${source.url})` : md(source.section)}`,
    '',
    close,
  ].join('\n');
  const tags = [
    'well-architected',
    model.key,
    `${model.key}-level-${level.level}`,
    `risk-${practice.risk}`,
    ...(practice.security ? ['security'] : []),
  ].slice(0, SARIF_MAX_TAGS);
  return {
    id: practice.id,
    name: cut(practice.id, SARIF_TEXT_LIMITS.name),
    shortDescription: { text: cut(practice.statement, SARIF_TEXT_LIMITS.description) },
    fullDescription: { text: cut(`${practice.statement} ${practice.why}`, SARIF_TEXT_LIMITS.description) },
    help: { text, markdown },
    ...(source.url ? { helpUri: source.url } : {}),
    defaultConfiguration: { level: LEVEL_OF_RISK[practice.risk] },
    properties: practice.security
      ? { tags, 'security-severity': SECURITY_SEVERITY[practice.risk] }
      : { tags, 'problem.severity': PROBLEM_SEVERITY[practice.risk] },
  };
}

/** Text cut to `max` characters (code points), with an ellipsis when cut. */
export function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Model text inside Markdown: no HTML, no accidental emphasis, links or code. */
function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}
