/**
 * Answers given against an older model version, moved to the ids of the models in force.
 * A practice id never changes meaning: a moved, merged or split practice gets a new id and the
 * old one is retired with `replacedBy`, so an answer can follow it without being reinterpreted.
 */
import type { ModelSet } from '../model/index.js';
import type { Answer, Status } from './schema.js';

export type Move =
  /** The answer now stands under `to`. */
  | { readonly kind: 'moved'; readonly from: string; readonly to: string; readonly since: string }
  /** `to` already had an answer of its own (or a stronger claim from another old id); this one was not used. */
  | { readonly kind: 'superseded'; readonly from: string; readonly to: string; readonly since: string }
  /** The practice was dropped with no successor; its answer no longer counts anywhere. */
  | { readonly kind: 'dropped'; readonly from: string; readonly since: string };

export interface Migration {
  readonly answers: ReadonlyMap<string, Answer>;
  readonly moves: readonly Move[];
}

/** Worse first: when two old answers land on one new practice, the more cautious one is kept. */
const CAUTION: Readonly<Record<Status, number>> = {
  'not-met': 0,
  unknown: 1,
  partial: 2,
  'not-applicable': 3,
  met: 4,
};

/** Follows `replacedBy` chains (1.0 → 1.1 → 1.2) to a practice in force; cycles end the walk. */
function successor(models: ModelSet, id: string): { to?: string; since: string } | undefined {
  let retired = models.retiredPractice(id);
  if (!retired) return undefined;
  const since = retired.since;
  const seen = new Set([id]);
  let current = id;
  while (retired) {
    if (!retired.replacedBy) return { since };
    current = retired.replacedBy;
    if (models.practice(current)) return { to: current, since };
    if (seen.has(current)) return { since };
    seen.add(current);
    retired = models.retiredPractice(current);
  }
  return { since };
}

/**
 * Moves every answer under a retired id to its successor. An answer already given under the new
 * id is never replaced; two old answers for one new id keep the more cautious status. The answer
 * itself (author, date, evidence, note) moves unchanged; the moves say what went where.
 */
export function migrateAnswers(answers: ReadonlyMap<string, Answer>, models: ModelSet): Migration {
  const out = new Map<string, Answer>();
  const direct = new Set<string>();
  for (const [id, answer] of answers)
    if (!models.retiredPractice(id)) {
      out.set(id, answer);
      direct.add(id);
    }
  const moves: Move[] = [];
  for (const [id, answer] of answers) {
    const next = successor(models, id);
    if (!next) continue;
    if (!next.to) {
      moves.push({ kind: 'dropped', from: id, since: next.since });
      continue;
    }
    const to = next.to;
    const existing = out.get(to);
    if (existing && (direct.has(to) || CAUTION[existing.status] <= CAUTION[answer.status])) {
      moves.push({ kind: 'superseded', from: id, to, since: next.since });
      continue;
    }
    if (existing) {
      const previous = moves.findIndex((m) => m.kind === 'moved' && m.to === to);
      const replaced = moves[previous];
      if (replaced?.kind === 'moved') moves[previous] = { ...replaced, kind: 'superseded' };
    }
    out.set(to, answer);
    moves.push({ kind: 'moved', from: id, to, since: next.since });
  }
  return { answers: out, moves };
}
