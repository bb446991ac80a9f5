import { existsSync } from 'node:fs';
import { initialAssessmentText } from '../../answers/index.js';
import { writeFileAtomic } from '../../atomicFile/index.js';
import { InputError } from '../../diagnostics/index.js';
import { displayPath, type InputOptions, resolveInputs } from '../inputs.js';

export function runInit(opts: InputOptions & { workload: string; force?: boolean }): void {
  const inputs = resolveInputs(opts);
  const shown = displayPath(inputs.answersFile);
  if (existsSync(inputs.answersFile) && !opts.force) {
    throw new InputError('an assessment file already exists', { file: shown }, 'pass --force to replace it');
  }
  writeFileAtomic(inputs.answersFile, initialAssessmentText(inputs.models, opts.workload));
  const count = inputs.models.practiceIds().length;
  process.stdout.write(
    `wrote ${shown}: ${count} practices across ${inputs.models.models.length} models, all unknown\n` +
      'next: answer them in the file, or run `waymark assess --interactive`\n',
  );
}
