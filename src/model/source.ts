import type { Level, Model, Practice, Strategy } from './schema.js';

/** Where a practice comes from in the published model: the section a reviewer can check it against. */
export interface SourceLink {
  /** `Level 1: DevOps foundation › Use infrastructure as code (IaC) as your primary deployment approach` */
  readonly section: string;
  /** The published page, opened at the level's tab; absent when the model names no reference. */
  readonly url?: string;
}

/**
 * A practice's source is its strategy's section unless it names another (`source.strategy`),
 * so links stay right by construction and need no per-practice upkeep.
 */
export function practiceSource(
  model: Model,
  level: Level,
  strategy: Strategy,
  practice: Practice,
): SourceLink {
  let home = { level, strategy };
  if (practice.source) {
    for (const l of model.levels)
      for (const st of l.strategies)
        if (st.id === practice.source.strategy) home = { level: l, strategy: st };
  }
  const section = `Level ${home.level.level}: ${home.level.name} › ${home.strategy.title}`;
  // The published page shows one level per tab; `tabs=levelN` opens the right one.
  return model.reference ? { section, url: `${model.reference}?tabs=level${home.level.level}` } : { section };
}
