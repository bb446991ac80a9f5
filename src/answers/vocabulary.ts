/**
 * The words of an answer, defined once for the assessment file, the scanner, the API, the store and
 * the web UI. The UI's bundle imports this file as it is (through src/ui), so it imports nothing.
 */

export const STATUSES = ['met', 'partial', 'not-met', 'not-applicable', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

/** What a scan may suggest: it never rules a practice out, and what it cannot see it leaves unsaid. */
export const SUGGESTED_STATUSES = ['met', 'partial', 'not-met'] as const satisfies readonly Status[];
export type SuggestedStatus = (typeof SUGGESTED_STATUSES)[number];

/** Who gave an answer: a person, or a scan's suggestion a person accepted or left standing. */
export const ANSWER_SOURCES = ['person', 'scan'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

/** How sure an automatic source is; people are taken at their word. */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** What an automatic source proposes for one practice (the scanner's suggestion). */
export interface Suggestion {
  readonly practiceId: string;
  readonly status: SuggestedStatus;
  readonly confidence: Confidence;
  /** `path:line` (or `path` when no line applies). */
  readonly evidence: readonly string[];
  readonly summary: string;
  readonly detector: string;
}

/** The status that must say why: a practice ruled out without a reason cannot be checked. */
export const NEEDS_REASON: Status = 'not-applicable';
export const NEEDS_REASON_MESSAGE =
  'a "not-applicable" answer needs a reason: say why the practice does not apply';

/** The not-applicable rule, as every layer applies it: a reason of blanks is no reason. */
export function missingReason(status: string, reason: string | null | undefined): boolean {
  return status === NEEDS_REASON && !reason?.trim();
}
