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
  type Suggestion,
  withSuggestions,
} from './mergeSuggestions.js';
export { type Migration, type Move, migrateAnswers } from './migrate.js';
export { type FileMigration, migrateAssessmentText } from './migrateFile.js';
export { ANSWER_SOURCES, Answer, AnswerSource, Confidence, STATUSES, Status } from './schema.js';
export { answerToYaml, initialAssessmentText, writeAnswers, writeContext } from './writeAssessment.js';
