import { InputError } from '../diagnostics/index.js';
import type { Level, Model, Practice, Strategy } from './schema.js';

/** A practice with the context it sits in; what scoring, plans and reports work from. */
export interface PracticeRef {
  readonly model: Model;
  readonly level: Level;
  readonly strategy: Strategy;
  readonly practice: Practice;
}

/**
 * The models in force for one run (built-in plus a team's own), indexed by practice id.
 * Model keys and practice ids must be unique across the set, so an answer names one practice.
 */
export class ModelSet {
  readonly models: readonly Model[];
  private readonly byPractice = new Map<string, PracticeRef>();
  private readonly retired = new Map<string, { model: Model; since: string; replacedBy?: string }>();

  constructor(models: readonly Model[]) {
    const keys = new Map<string, Model>();
    for (const model of models) {
      const clash = keys.get(model.key) ?? models.find((m) => m !== model && m.id === model.id);
      if (clash) {
        throw new InputError(
          `model "${model.id}" uses key "${model.key}" or id "${model.id}" already taken by model "${clash.id}"`,
        );
      }
      keys.set(model.key, model);
      for (const level of model.levels) {
        for (const strategy of level.strategies) {
          for (const practice of strategy.practices) {
            const other = this.byPractice.get(practice.id);
            if (other) {
              throw new InputError(
                `practice id "${practice.id}" is defined by both "${other.model.id}" and "${model.id}"`,
              );
            }
            this.byPractice.set(practice.id, { model, level, strategy, practice });
          }
        }
      }
      for (const r of model.retired)
        this.retired.set(r.id, { model, since: r.since, replacedBy: r.replacedBy });
    }
    this.models = models;
  }

  practice(id: string): PracticeRef | undefined {
    return this.byPractice.get(id);
  }

  retiredPractice(id: string) {
    return this.retired.get(id);
  }

  practiceIds(): string[] {
    return [...this.byPractice.keys()];
  }

  /** Every practice in model order: level, then strategy, then practice. */
  *practices(model?: Model): Iterable<PracticeRef> {
    for (const m of model ? [model] : this.models) {
      for (const level of m.levels) {
        for (const strategy of level.strategies) {
          for (const practice of strategy.practices) yield { model: m, level, strategy, practice };
        }
      }
    }
  }

  /** Finds a model by key (`oe`) or id (`operational-excellence`). */
  model(keyOrId: string): Model | undefined {
    return this.models.find((m) => m.key === keyOrId || m.id === keyOrId);
  }
}
