import { InputError } from '../diagnostics/index.js';
import type { ContextQuestion, Level, Model, Practice, Strategy } from './schema.js';

/** A practice with the context it sits in; what scoring, plans and reports work from. */
export interface PracticeRef {
  readonly model: Model;
  readonly level: Level;
  readonly strategy: Strategy;
  readonly practice: Practice;
  /** Set when this strategy shares a practice defined elsewhere: where it is defined. */
  readonly home?: PracticeRef;
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
    this.checkLinks();
  }

  /** Links between practices (shares, overlaps, replacements) and context shared by models. */
  private checkLinks(): void {
    const questions = new Map<string, { model: Model; values: string }>();
    for (const model of this.models) {
      for (const q of model.context) {
        const values = q.options.map((o) => o.value).join(',');
        const other = questions.get(q.id);
        if (other && other.values !== values)
          throw new InputError(
            `context question "${q.id}" has options ${values} in "${model.id}" but ${other.values} in "${other.model.id}"`,
            {},
            'a question about the workload must mean the same in every model that asks it',
          );
        questions.set(q.id, { model, values });
      }
      for (const { practice } of this.practices(model)) {
        for (const o of practice.overlaps)
          if (!this.byPractice.has(o.id))
            throw new InputError(
              `practice "${practice.id}" names an overlap with "${o.id}", which no model defines`,
            );
      }
      for (const level of model.levels)
        for (const strategy of level.strategies)
          for (const id of strategy.shares) {
            const home = this.byPractice.get(id);
            if (!home)
              throw new InputError(
                `strategy "${strategy.id}" shares practice "${id}", which no model defines`,
              );
            if (home.strategy === strategy)
              throw new InputError(`strategy "${strategy.id}" shares its own practice "${id}"`);
          }
      for (const r of model.retired)
        if (r.replacedBy && !this.byPractice.has(r.replacedBy) && !this.retired.has(r.replacedBy))
          throw new InputError(
            `retired practice "${r.id}" is replaced by "${r.replacedBy}", which no model defines`,
          );
    }
  }

  /** The context questions of every model, once each (models that share one ask it once). */
  contextQuestions(): ContextQuestion[] {
    const seen = new Map<string, ContextQuestion>();
    for (const m of this.models) for (const q of m.context) if (!seen.has(q.id)) seen.set(q.id, q);
    return [...seen.values()];
  }

  /**
   * What a pillar is scored on: its own practices, and at each sharing strategy the practices it
   * shares from elsewhere (answered once, under their home id), in model order.
   */
  *scoredPractices(model: Model): Iterable<PracticeRef> {
    for (const level of model.levels) {
      for (const strategy of level.strategies) {
        for (const practice of strategy.practices) yield { model, level, strategy, practice };
        for (const id of strategy.shares) {
          const home = this.byPractice.get(id);
          if (home) yield { model, level, strategy, practice: home.practice, home };
        }
      }
    }
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
