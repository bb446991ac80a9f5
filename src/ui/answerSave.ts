/**
 * Autosave of one answer in the editor, as one reducer over explicit states. The draft, the
 * revision it is based on and where its saving stands move together, so a conflict always carries
 * the other person's answer and a saved state always means the server holds the draft.
 *
 * How a change is saved: choosing a status with the pointer (or Space) saves at once; moving
 * through the statuses with the arrow keys only marks the choice, saved when focus leaves the group;
 * text is saved once typing pauses (or the field loses focus); anything unsent when the page goes
 * away is sent on the way out (`unsent`).
 */

import { type AnswerSource, type Confidence, missingReason } from '../answers/vocabulary.js';

/** What a person is editing, in the shape of the form (evidence one per line). */
export interface AnswerDraft<S extends string = string> {
  status: S;
  reason: string;
  note: string;
  evidence: string;
  source: AnswerSource;
  confidence: Confidence | null;
}

/** An answer as the server stores it (the fields the editor reads). */
export interface SavedAnswer<S extends string = string> {
  status: S;
  reason: string | null;
  note: string | null;
  evidence: readonly string[];
  source: AnswerSource;
  confidence: Confidence | null;
  revision: number;
}

export type SaveStatus<S extends string = string, A extends SavedAnswer<S> = SavedAnswer<S>> =
  /** Nothing changed since the answer was loaded. */
  | { kind: 'idle' }
  /** Changed and not sent yet: waiting for typing to pause, or for the queue. */
  | { kind: 'pending' }
  /** A status marked with the arrow keys, to be saved when focus leaves the group. */
  | { kind: 'choosing' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  /** Not applicable without a reason: nothing is sent until there is one. */
  | { kind: 'needs-reason' }
  /** Someone else saved first; the person chooses whose answer stays. */
  | { kind: 'conflict'; theirs: A | null }
  | { kind: 'error'; message: string };

/** `S`: the statuses; `A`: the stored answer, as the caller's API gives it (kept whole in a conflict). */
export interface AnswerSaveState<S extends string = string, A extends SavedAnswer<S> = SavedAnswer<S>> {
  draft: AnswerDraft<S>;
  /** The status of a practice nobody has answered (what a draft of no answer shows). */
  empty: S;
  /** The revision the next save is based on (0: no answer stored yet). */
  revision: number;
  status: SaveStatus<S, A>;
  /** The draft changed after the save in flight was sent: send again when it returns. */
  dirty: boolean;
}

export type AnswerSaveEvent<S extends string = string, A extends SavedAnswer<S> = SavedAnswer<S>> =
  /** `commit`: `now` (a deliberate choice), `pause` (text: after typing stops), `none` (moving through options). */
  | { type: 'edit'; patch: Partial<AnswerDraft<S>>; commit: 'now' | 'pause' | 'none' }
  /** The moment to send has come (the choice is deliberate, typing paused, focus left). */
  | { type: 'send' }
  | { type: 'saved'; answer: A }
  | { type: 'conflict'; theirs: A | null }
  /** Refused (403): the form shows what is really stored. */
  | { type: 'forbidden'; stored: A | null | undefined; message: string }
  | { type: 'failed'; message: string }
  | { type: 'take-theirs' }
  | { type: 'keep-mine' };

export function draftOf<S extends string>(a: SavedAnswer<S> | null | undefined, unknown: S): AnswerDraft<S> {
  return {
    status: a?.status ?? unknown,
    reason: a?.reason ?? '',
    note: a?.note ?? '',
    evidence: (a?.evidence ?? []).join('\n'),
    source: a?.source ?? 'person',
    confidence: a?.confidence ?? null,
  };
}

export function initialSaveState<S extends string, A extends SavedAnswer<S> = SavedAnswer<S>>(
  answer: A | undefined,
  unknown: S,
): AnswerSaveState<S, A> {
  return {
    draft: draftOf(answer, unknown),
    empty: unknown,
    revision: answer?.revision ?? 0,
    status: { kind: 'idle' },
    dirty: false,
  };
}

const blocked = (s: { kind: string }) => s.kind === 'conflict';

export function answerSaveReducer<S extends string, A extends SavedAnswer<S>>(
  state: AnswerSaveState<S, A>,
  event: AnswerSaveEvent<S, A>,
): AnswerSaveState<S, A> {
  switch (event.type) {
    case 'edit': {
      const draft = { ...state.draft, ...event.patch };
      if (blocked(state.status)) return { ...state, draft };
      if (state.status.kind === 'saving') return { ...state, draft, dirty: true };
      return { ...state, draft, status: { kind: event.commit === 'none' ? 'choosing' : 'pending' } };
    }
    case 'send': {
      if (blocked(state.status) || state.status.kind === 'saving') return state;
      if (state.status.kind === 'idle' || state.status.kind === 'saved') return state;
      if (missingReason(state.draft.status, state.draft.reason))
        return { ...state, status: { kind: 'needs-reason' } };
      return { ...state, status: { kind: 'saving' }, dirty: false };
    }
    case 'saved':
      return {
        ...state,
        revision: event.answer.revision,
        status: { kind: state.dirty ? 'pending' : 'saved' },
        dirty: false,
      };
    case 'conflict':
      return { ...state, status: { kind: 'conflict', theirs: event.theirs }, dirty: false };
    case 'forbidden':
      return {
        ...state,
        draft: draftOf(event.stored, state.empty),
        revision: event.stored?.revision ?? 0,
        status: { kind: 'error', message: event.message },
        dirty: false,
      };
    case 'failed':
      return { ...state, status: { kind: 'error', message: event.message }, dirty: false };
    case 'take-theirs': {
      if (state.status.kind !== 'conflict') return state;
      const theirs = state.status.theirs;
      return {
        ...state,
        draft: draftOf(theirs, state.empty),
        revision: theirs?.revision ?? 0,
        status: { kind: 'idle' },
        dirty: false,
      };
    }
    case 'keep-mine': {
      if (state.status.kind !== 'conflict') return state;
      return { ...state, revision: state.status.theirs?.revision ?? 0, status: { kind: 'pending' } };
    }
  }
}

/** The draft still has to reach the server: what a page that is closing must send. */
export function unsent(state: { status: { kind: string }; dirty: boolean }): boolean {
  const k = state.status.kind;
  return k === 'pending' || k === 'choosing' || (k === 'saving' && state.dirty);
}
