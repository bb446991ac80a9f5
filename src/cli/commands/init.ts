import { existsSync } from 'node:fs';
import { initialAssessmentText } from '../../answers/index.js';
import { writeFileAtomic } from '../../atomicFile/index.js';
import { InputError } from '../../diagnostics/index.js';
import type { ModelSet } from '../../model/index.js';
import { displayPath, type InputOptions, resolveInputs } from '../inputs.js';

export function runInit(opts: InputOptions & { workload: string; force?: boolean; context?: string }): void {
  const inputs = resolveInputs(opts);
  const context = parseContextSpec(opts.context, inputs.models);
  const shown = displayPath(inputs.answersFile);
  if (existsSync(inputs.answersFile) && !opts.force) {
    throw new InputError('an assessment file already exists', { file: shown }, 'pass --force to replace it');
  }
  writeFileAtomic(inputs.answersFile, initialAssessmentText(inputs.models, opts.workload, context));
  const count = inputs.models.practiceIds().length;
  process.stdout.write(
    `wrote ${shown}: ${count} practices across ${inputs.models.models.length} models, all unknown\n` +
      'next: answer them in the file, or run `waymark assess --interactive`\n',
  );
}

/** `--context teams=several,frontend=no`, each checked against the questions the models ask. */
export function parseContextSpec(spec: string | undefined, models: ModelSet): Map<string, string> {
  const out = new Map<string, string>();
  if (!spec) return out;
  const questions = new Map(models.contextQuestions().map((q) => [q.id, q]));
  for (const part of spec.split(',')) {
    const [id = '', value = ''] = part.split('=').map((x) => x.trim());
    const q = questions.get(id);
    if (!q)
      throw new InputError(
        `--context: unknown question "${id}"`,
        {},
        `the models ask: ${[...questions.keys()].join(', ') || 'nothing'}`,
      );
    if (!q.options.some((o) => o.value === value))
      throw new InputError(
        `--context: "${value}" is not an answer to ${id}`,
        {},
        `use one of: ${q.options.map((o) => o.value).join(', ')}`,
      );
    out.set(id, value);
  }
  return out;
}
