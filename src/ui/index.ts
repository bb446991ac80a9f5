/**
 * State machines of the web UI, kept free of React and the DOM so that node's test runner checks
 * them, and the answer vocabulary; the web client (web/src) imports them from here. Only modules
 * without Node imports may be re-exported: this is the UI bundle's door into src/.
 */

export {
  type AnswerSource,
  type Confidence,
  missingReason,
  NEEDS_REASON,
  STATUSES,
  type Status,
  type Suggestion,
} from '../answers/vocabulary.js';
export {
  type AnswerDraft,
  type AnswerSaveEvent,
  type AnswerSaveState,
  answerSaveReducer,
  draftOf,
  initialSaveState,
  type SavedAnswer,
  type SaveStatus,
  unsent,
} from './answerSave.js';
