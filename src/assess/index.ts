export {
  type AcceptanceResult,
  type AcceptanceState,
  type AcceptedLevels,
  type AcceptedRisk,
  isExpired,
  isoDay,
  levelsWithAcceptedRisks,
  type PillarWithAcceptances,
} from './acceptedRisks.js';
export { ruledOutBy } from './context.js';
export { type LevelTally, tally } from './coverage.js';
export { holds, levelReached } from './levelRule.js';
export { improvementPlan, type PlanItem } from './plan.js';
export {
  blockingUpTo,
  type LevelResult,
  type PillarScore,
  type PracticeResult,
  type Score,
  scoreAssessment,
} from './score.js';
