/**
 * A Waymark model as an AWS Well-Architected custom lens, and a custom lens as a Waymark model.
 *
 * Format: the lens format specification of the AWS Well-Architected Tool user guide
 * (https://docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-format-specification.html),
 * `schemaVersion` "2021-11-01". AWS publishes no JSON Schema for it, so the zod schema below is
 * written from that page. Limits: lens name 128 and description 2048 characters are from that
 * page; the whole lens JSON 500,000 characters from the ImportLens API (LensJSON). The counts
 * (10 pillars, 20 questions a pillar, 15 choices a question) and the other text lengths are the
 * figures the same page gives as the session that wrote this read them; LENS_LIMITS keeps them
 * in one place to correct.
 *
 * Mapping: a level is a pillar, a strategy a question, a practice a choice. The choice's
 * improvement plan is the next step; its helpful resource says why it matters and what counts as
 * evidence. The question's risk rules come from the practices' risks (see riskRules). What a lens
 * cannot carry (level goals, strategy risks and trade-offs, context questions, overlaps,
 * measures) is left out of the export.
 */
import { z } from 'zod';
import { InputError, InputErrors } from '../diagnostics/index.js';
import type { Level, Model, Practice, RiskLevel, Strategy } from '../model/index.js';
import { parseYaml } from '../yamlDoc/index.js';

export const LENS_SCHEMA_VERSION = '2021-11-01';
export const LENS_LIMITS = {
  lensName: 128,
  lensDescription: 2048,
  lensJson: 500_000,
  pillars: 10,
  pillarId: 64,
  pillarName: 128,
  questionsPerPillar: 20,
  questionId: 128,
  questionTitle: 128,
  questionDescription: 2048,
  choicesPerQuestion: 15,
  choiceId: 64,
  choiceTitle: 128,
  choiceDescription: 1024,
  resourceText: 2048,
} as const;

const L = LENS_LIMITS;
const str = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const lensId = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" or "-" only')
    .max(max, `at most ${max} characters`);
const Resource = z.object({ displayText: str(L.resourceText), url: z.url().optional() });

export const LensChoice = z.object({
  id: lensId(L.choiceId),
  title: str(L.choiceTitle),
  description: str(L.choiceDescription).optional(),
  helpfulResource: Resource.optional(),
  improvementPlan: Resource,
});
export const LensRiskRule = z.object({
  condition: z.string().trim().min(1),
  risk: z.enum(['HIGH_RISK', 'MEDIUM_RISK', 'NO_RISK']),
});
export const LensQuestion = z.object({
  id: lensId(L.questionId),
  title: str(L.questionTitle),
  description: str(L.questionDescription).optional(),
  choices: z.array(LensChoice).min(1).max(L.choicesPerQuestion, `at most ${L.choicesPerQuestion} choices`),
  riskRules: z.array(LensRiskRule).min(1),
});
export const LensPillar = z.object({
  id: lensId(L.pillarId),
  name: str(L.pillarName),
  questions: z
    .array(LensQuestion)
    .min(1)
    .max(L.questionsPerPillar, `at most ${L.questionsPerPillar} questions`),
});
export const Lens = z.object({
  schemaVersion: z.literal(LENS_SCHEMA_VERSION),
  name: str(L.lensName),
  description: str(L.lensDescription),
  pillars: z.array(LensPillar).min(1).max(L.pillars, `at most ${L.pillars} pillars`),
});
export type Lens = z.infer<typeof Lens>;
export type LensQuestion = z.infer<typeof LensQuestion>;

const EVIDENCE = '\n\nEvidence: ';

/** Slug parts use "." and "-"; lens ids use "_": "." becomes "__" and "-" becomes "_". */
const toLensId = (slug: string) => slug.replaceAll('.', '__').replaceAll('-', '_');
const fromLensId = (id: string) => id.toLowerCase().replaceAll('__', '.').replaceAll('_', '-');

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The question's risk follows its worst missing practice: all high and medium practices chosen
 * is no risk; all high chosen is medium risk; otherwise the worst risk present. Low-risk
 * practices never raise a question's risk.
 */
export function riskRules(practices: readonly { id: string; risk: RiskLevel }[]): LensQuestion['riskRules'] {
  const all = (risks: RiskLevel[]) =>
    practices
      .filter((p) => risks.includes(p.risk))
      .map((p) => p.id)
      .join(' && ');
  const high = all(['high']);
  const rated = all(['high', 'medium']);
  if (!rated) return [{ condition: 'default', risk: 'NO_RISK' }];
  const rules: LensQuestion['riskRules'] = [{ condition: rated, risk: 'NO_RISK' }];
  if (high && high !== rated) rules.push({ condition: high, risk: 'MEDIUM_RISK' });
  rules.push({ condition: 'default', risk: high ? 'HIGH_RISK' : 'MEDIUM_RISK' });
  return rules;
}

function tooLong(what: string, id: string, max: number): InputError {
  return new InputError(`${what} "${id}" does not fit a lens: longer than ${max} characters`);
}

export function modelToLens(model: Model): Lens {
  const errors: InputError[] = [];
  const check = (what: string, id: string, value: string, max: number) => {
    if (value.length > max) errors.push(tooLong(what, id, max));
    return value;
  };
  if (model.levels.length > L.pillars)
    errors.push(
      new InputError(`${model.key} has ${model.levels.length} levels; a lens holds ${L.pillars} pillars`),
    );
  const lens: Lens = {
    schemaVersion: LENS_SCHEMA_VERSION,
    name: clip(model.title, L.lensName),
    description: clip(model.description, L.lensDescription),
    pillars: model.levels.map((level) => {
      if (level.strategies.length > L.questionsPerPillar)
        errors.push(
          new InputError(
            `level ${level.level} has ${level.strategies.length} strategies; a lens pillar holds ${L.questionsPerPillar} questions`,
          ),
        );
      return {
        id: `level_${level.level}`,
        name: clip(`Level ${level.level}: ${level.name}`, L.pillarName),
        questions: level.strategies.map((strategy) => {
          const prefix = `${model.key}.${level.level}.`;
          const qid = check(
            'strategy',
            strategy.id,
            `l${level.level}_${toLensId(strategy.id.slice(prefix.length))}`,
            L.questionId,
          );
          const choices = strategy.practices.map((practice) => ({
            id: check(
              'practice',
              practice.id,
              toLensId(practice.id.slice(strategy.id.length + 1)),
              L.choiceId,
            ),
            title: clip(practice.statement, L.choiceTitle),
            ...(practice.statement.length > L.choiceTitle
              ? { description: check('statement of', practice.id, practice.statement, L.choiceDescription) }
              : {}),
            helpfulResource: {
              displayText: check(
                'why and evidence of',
                practice.id,
                `${practice.why}${EVIDENCE}${practice.evidence}`,
                L.resourceText,
              ),
              ...(model.reference ? { url: model.reference } : {}),
            },
            improvementPlan: {
              displayText: check('next step of', practice.id, practice.nextStep, L.resourceText),
            },
          }));
          if (choices.length > L.choicesPerQuestion)
            errors.push(
              new InputError(`strategy "${strategy.id}" has more than ${L.choicesPerQuestion} practices`),
            );
          return {
            id: qid,
            title: clip(strategy.title, L.questionTitle),
            description: clip(strategy.summary, L.questionDescription),
            choices,
            riskRules: riskRules(
              strategy.practices.map((p, i) => ({ id: choices[i]?.id ?? '', risk: p.risk })),
            ),
          };
        }),
      };
    }),
  };
  if (JSON.stringify(lens).length > L.lensJson)
    errors.push(new InputError(`the lens would be larger than ${L.lensJson} characters of JSON`));
  if (errors.length > 0) throw new InputErrors(errors);
  return lens;
}

/** Reads each practice's risk back from the question's risk rules (the inverse of riskRules). */
function risksFromRules(question: LensQuestion): Map<string, RiskLevel> {
  const mentioned = (risk: string) =>
    new Set(
      question.riskRules
        .filter((r) => r.risk === risk && r.condition !== 'default')
        .flatMap((r) => r.condition.match(/[A-Za-z0-9_-]+/g) ?? []),
    );
  const fallback = question.riskRules.find((r) => r.condition === 'default')?.risk ?? 'HIGH_RISK';
  const none = mentioned('NO_RISK');
  const medium = mentioned('MEDIUM_RISK');
  const out = new Map<string, RiskLevel>();
  for (const c of question.choices) {
    let risk: RiskLevel = 'low';
    if (medium.has(c.id)) risk = 'high';
    else if (none.has(c.id)) risk = fallback === 'HIGH_RISK' && medium.size === 0 ? 'high' : 'medium';
    out.set(c.id, risk);
  }
  return out;
}

export interface LensImportOptions {
  key: string;
  id?: string;
  version?: string;
}

const NOT_GIVEN = 'The lens this practice was imported from does not say.';

/** A custom lens file as a Waymark model; errors name the file, line and what was expected. */
export function lensToModel(text: string, file: string, opts: LensImportOptions): Model {
  const { value: lens, source } = parseYaml(text, file, Lens);
  const errors: InputError[] = [];
  const levels: Level[] = lens.pillars.map((pillar, pi) => {
    const level = pi + 1;
    const name = pillar.name.replace(/^Level \d+: /, '');
    const seenQ = new Set<string>();
    const strategies: Strategy[] = pillar.questions.map((q, qi) => {
      const rest = fromLensId(q.id.replace(/^l\d+_/, ''));
      const strategyId = `${opts.key}.${level}.${rest}`;
      if (seenQ.has(strategyId))
        errors.push(
          source.errorAt(['pillars', pi, 'questions', qi, 'id'], `question id "${q.id}" is used twice`),
        );
      seenQ.add(strategyId);
      const risks = risksFromRules(q);
      const practices: Practice[] = q.choices.map((c) => {
        const help = c.helpfulResource?.displayText ?? '';
        const at = help.indexOf(EVIDENCE);
        return {
          id: `${strategyId}.${fromLensId(c.id)}`,
          statement: c.description ?? c.title,
          why: (at >= 0 ? help.slice(0, at) : help) || NOT_GIVEN,
          evidence: at >= 0 ? help.slice(at + EVIDENCE.length) : NOT_GIVEN,
          risk: risks.get(c.id) ?? 'medium',
          nextStep: c.improvementPlan.displayText,
          overlaps: [],
        };
      });
      return {
        id: strategyId,
        title: q.title,
        summary: q.description ?? q.title,
        risks: [],
        tradeoffs: [],
        practices,
        shares: [],
      };
    });
    return { level, name, goal: name, strategies };
  });
  if (errors.length > 0) throw new InputErrors(errors);
  return {
    id: opts.id ?? slugify(lens.name),
    key: opts.key,
    title: lens.name,
    version: opts.version ?? '1.0.0',
    description: lens.description,
    context: [],
    levels,
    retired: [],
  };
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'imported'
  );
}
