export {
  BUILTIN_MODEL_DIR,
  BUILTIN_MODEL_FILES,
  COMPILED_MODEL_DIR,
  loadBuiltinModelSources,
  loadBuiltinModels,
  loadModelFile,
  parseModel,
  readText,
  withoutBom,
} from './loader.js';
export { ModelSet, type PracticeRef } from './modelSet.js';
export {
  AppliesWhen,
  ContextQuestion,
  DELIVERY_MEASURES,
  DeliveryMeasure,
  Level,
  Measure,
  Model,
  Practice,
  RetiredPractice,
  RISK_LEVELS,
  RiskLevel,
  RiskNote,
  RUN_MEASURES,
  RunMeasure,
  Strategy,
  TradeoffNote,
} from './schema.js';
export { practiceSource, type SourceLink } from './source.js';
