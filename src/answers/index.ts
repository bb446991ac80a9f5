export {
  type Assessment,
  DEFAULT_ASSESSMENT_FILE,
  emptyAssessment,
  loadAssessment,
  parseAssessment,
} from './assessmentFile.js';
export {
  type Disagreement,
  isPersonAnswer,
  type MergePlan,
  mergeSuggestions,
  withSuggestions,
} from './mergeSuggestions.js';
export { type Migration, type Move, migrateAnswers } from './migrate.js';
export { type FileMigration, migrateAssessmentText } from './migrateFile.js';
export {
  Answer,
  AnswerSource,
  Confidence,
  reasonRule,
  Status,
  SuggestedStatus,
  Suggestion,
} from './schema.js';
export {
  ANSWER_SOURCES,
  CONFIDENCES,
  missingReason,
  NEEDS_REASON,
  NEEDS_REASON_MESSAGE,
  STATUSES,
  SUGGESTED_STATUSES,
} from './vocabulary.js';
export { answerToYaml, initialAssessmentText, writeAnswers, writeContext } from './writeAssessment.js';
