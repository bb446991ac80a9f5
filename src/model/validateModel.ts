import { type InputError, InputErrors } from '../diagnostics/index.js';
import type { YamlSource } from '../yamlDoc/index.js';
import type { Model } from './schema.js';

/**
 * Rules a schema cannot express: levels numbered 1..N in order, ids that nest
 * (`oe.1.iac` → `oe.1.iac.declarative`) and are unique, retired ids never reused.
 * Nesting ids keep a practice's level and strategy readable from its id alone.
 */
export function checkModelRules(model: Model, source: YamlSource): void {
  const errors: InputError[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, path: (string | number)[]) => {
    const first = seen.get(id);
    if (first) errors.push(source.errorAt(path, `duplicate id "${id}"`, `first used at ${first}`));
    else seen.set(id, `line ${source.locate(path).line}`);
  };

  model.levels.forEach((level, li) => {
    const expected = li + 1;
    if (level.level !== expected) {
      const present = model.levels.some((l) => l.level === expected);
      const problem = present ? 'levels are out of order' : `level ${expected} is missing`;
      errors.push(
        source.errorAt(
          ['levels', li, 'level'],
          `${problem}: expected level ${expected}, found ${level.level}`,
        ),
      );
    }
    const prefix = `${model.key}.${level.level}.`;
    level.strategies.forEach((strategy, si) => {
      const sPath = ['levels', li, 'strategies', si];
      if (!strategy.id.startsWith(prefix) || strategy.id.length === prefix.length) {
        errors.push(
          source.errorAt([...sPath, 'id'], `strategy id "${strategy.id}" must start with "${prefix}"`),
        );
      }
      claim(strategy.id, [...sPath, 'id']);
      strategy.practices.forEach((practice, pi) => {
        const pPath = [...sPath, 'practices', pi, 'id'];
        if (!practice.id.startsWith(`${strategy.id}.`)) {
          errors.push(
            source.errorAt(pPath, `practice id "${practice.id}" must start with "${strategy.id}."`),
          );
        }
        claim(practice.id, pPath);
      });
    });
  });

  const questions = new Map(model.context.map((q) => [q.id, new Set(q.options.map((o) => o.value))]));
  const strategyIds = new Set(model.levels.flatMap((l) => l.strategies.map((st) => st.id)));
  model.levels.forEach((level, li) => {
    level.strategies.forEach((strategy, si) => {
      strategy.practices.forEach((practice, pi) => {
        const pPath = ['levels', li, 'strategies', si, 'practices', pi];
        for (const [question, values] of Object.entries(practice.appliesWhen ?? {})) {
          const options = questions.get(question);
          if (!options) {
            errors.push(
              source.errorAt(
                [...pPath, 'appliesWhen', question],
                `appliesWhen names context question "${question}", which this model does not declare`,
                `declared: ${[...questions.keys()].join(', ') || 'none'}`,
                'key',
              ),
            );
            continue;
          }
          values.forEach((v, vi) => {
            if (!options.has(v))
              errors.push(
                source.errorAt(
                  [...pPath, 'appliesWhen', question, vi],
                  `"${v}" is not an answer to context question "${question}"`,
                  `use one of: ${[...options].join(', ')}`,
                ),
              );
          });
        }
        if (practice.source && !strategyIds.has(practice.source.strategy))
          errors.push(
            source.errorAt(
              [...pPath, 'source', 'strategy'],
              `no strategy "${practice.source.strategy}" in this model`,
            ),
          );
      });
    });
  });
  model.context.forEach((q, qi) => {
    const values = q.options.map((o) => o.value);
    const twice = values.find((v, i) => values.indexOf(v) !== i);
    if (twice) errors.push(source.errorAt(['context', qi, 'options'], `option "${twice}" is listed twice`));
    if (model.context.findIndex((o) => o.id === q.id) !== qi)
      errors.push(source.errorAt(['context', qi, 'id'], `context question "${q.id}" is declared twice`));
  });

  model.retired.forEach((retired, ri) => {
    if (seen.has(retired.id)) {
      errors.push(
        source.errorAt(
          ['retired', ri, 'id'],
          `retired id "${retired.id}" is still in use`,
          'ids are never reused',
        ),
      );
    }
  });

  if (errors.length > 0) throw new InputErrors(errors);
}
