import type { Assessment } from './assessmentFile.js';
import type { Answer, Status } from './schema.js';
import type { Suggestion } from './vocabulary.js';

export interface Disagreement {
  readonly practiceId: string;
  /** What the person answered, and keeps. */
  readonly person: Status;
  readonly suggested: Status;
  readonly evidence: readonly string[];
}

export interface MergePlan {
  /** Answers to write, all with `source: scan`. */
  readonly updates: ReadonlyMap<string, Answer>;
  /** People's answers that the suggestions contradict; never changed. */
  readonly disagreements: readonly Disagreement[];
  /** People's answers the suggestions agree with. */
  readonly confirmed: number;
}

/** An answer a person gave. `unknown` is not an answer: it is the blank `waymark init` writes. */
export function isPersonAnswer(answer: Answer | undefined): answer is Answer {
  return answer !== undefined && answer.source === 'person' && answer.status !== 'unknown';
}

/**
 * Decides what suggestions may write. A person's answer is never overwritten, whatever the
 * confidence; an earlier suggestion is replaced by the new one, so stale scan answers do not stay.
 */
export function mergeSuggestions(
  assessment: Assessment,
  suggestions: readonly Suggestion[],
  at: string,
): MergePlan {
  const updates = new Map<string, Answer>();
  const disagreements: Disagreement[] = [];
  let confirmed = 0;
  for (const s of suggestions) {
    const current = assessment.answers.get(s.practiceId);
    if (isPersonAnswer(current)) {
      if (current.status === s.status) confirmed += 1;
      else
        disagreements.push({
          practiceId: s.practiceId,
          person: current.status,
          suggested: s.status,
          evidence: s.evidence,
        });
      continue;
    }
    const next: Answer = {
      status: s.status,
      note: s.summary,
      evidence: [...s.evidence],
      by: `waymark scan (${s.detector})`,
      at,
      source: 'scan',
      confidence: s.confidence,
    };
    if (current && sameSuggestion(current, next)) continue;
    updates.set(s.practiceId, next);
  }
  return { updates, disagreements, confirmed };
}

/** The assessment as scoring should see it: suggestions fill what no person answered. */
export function withSuggestions(
  assessment: Assessment,
  suggestions: readonly Suggestion[],
  at: string,
): Assessment {
  const { updates } = mergeSuggestions(assessment, suggestions, at);
  return { ...assessment, answers: new Map([...assessment.answers, ...updates]) };
}

function sameSuggestion(a: Answer, b: Answer): boolean {
  return (
    a.source === b.source &&
    a.status === b.status &&
    a.confidence === b.confidence &&
    a.note === b.note &&
    a.evidence.join('\n') === b.evidence.join('\n')
  );
}
