/**
 * State machines of the web UI, kept free of React and the DOM so that node's test runner checks
 * them; the web client (web/src) imports them from here.
 */
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
