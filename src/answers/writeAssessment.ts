import { type Document, isMap, stringify } from 'yaml';
import { writeFileAtomic } from '../atomicFile/index.js';
import type { ModelSet } from '../model/index.js';
import { readYaml } from '../yamlDoc/index.js';
import type { Answer } from './schema.js';

/**
 * The text of a new assessment file: every practice `unknown`, grouped by pillar, level
 * and strategy, each with its statement as a comment so the file can be filled in by hand.
 */
export function initialAssessmentText(
  models: ModelSet,
  workload: string,
  context: ReadonlyMap<string, string> = new Map(),
): string {
  const lines: string[] = [
    '# Waymark assessment. Answer each practice with one of:',
    '#   met | partial | not-met | not-applicable | unknown',
    '# or a mapping: { status: not-applicable, reason: ..., note: ..., evidence: [...], by: ..., at: ... }',
    '# A "not-applicable" answer needs a reason. Run `waymark assess` to see the level reached.',
    `workload: ${stringify(workload).trim()}`,
    'models:',
    ...models.models.map((m) => `  ${m.id}: ${m.version}`),
  ];
  const questions = models.contextQuestions();
  if (questions.length > 0) {
    lines.push(
      '# About the workload: an answer here can rule out practices that do not fit it (reports say which).',
      '# Unanswered questions rule nothing out.',
      'context:',
    );
    for (const q of questions) {
      const answer = context.get(q.id);
      lines.push(`  # ${q.question} ${q.options.map((o) => o.value).join(' | ')}`);
      lines.push(answer ? `  ${q.id}: ${answer}` : `  # ${q.id}: ${q.options[0]?.value ?? ''}`);
    }
  }
  lines.push('answers:');
  for (const model of models.models) {
    lines.push('', `  # ═══ ${model.title} ═══`);
    for (const level of model.levels) {
      lines.push('', `  # ── Level ${level.level}: ${level.name} ──`);
      for (const strategy of level.strategies) {
        lines.push(`  # ${strategy.title}`);
        for (const practice of strategy.practices) {
          lines.push(`  #   ${practice.statement}`, `  ${practice.id}: unknown`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Answer as written to the file: defaults left out so hand-written files stay short. */
export function answerToYaml(answer: Answer): unknown {
  const { evidence, source, ...rest } = answer;
  const out: Record<string, unknown> = { ...rest };
  if (evidence.length > 0) out.evidence = evidence;
  if (source !== 'person') out.source = source;
  const keys = Object.keys(out).filter((k) => out[k] !== undefined);
  return keys.length === 1 && keys[0] === 'status'
    ? answer.status
    : Object.fromEntries(keys.map((k) => [k, out[k]]));
}

/**
 * Sets answers in an existing assessment file, keeping its comments and layout, then
 * replaces the file atomically: an interrupted write never leaves half a file behind.
 */
export function writeAnswers(file: string, text: string, updates: ReadonlyMap<string, Answer>): string {
  const source = readYaml(text, file);
  const doc = source.doc;
  ensureAnswersMap(doc);
  for (const [id, answer] of updates)
    doc.setIn(['answers', id], doc.createNode(answerToYaml(answer), { flow: true }));
  const out = doc.toString({ lineWidth: 0 });
  writeFileAtomic(file, out, { durable: true });
  return out;
}

/** Sets context answers in an existing assessment file, keeping its comments and layout. */
export function writeContext(file: string, text: string, context: ReadonlyMap<string, string>): string {
  const { doc } = readYaml(text, file);
  if (!isMap(doc.get('context', true))) doc.set('context', doc.createNode({}));
  for (const [id, value] of context) doc.setIn(['context', id], value);
  const out = doc.toString({ lineWidth: 0 });
  writeFileAtomic(file, out, { durable: true });
  return out;
}

function ensureAnswersMap(doc: Document): void {
  if (!isMap(doc.get('answers', true))) doc.set('answers', doc.createNode({}));
}
