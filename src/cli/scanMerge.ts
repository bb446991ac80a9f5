import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { initialAssessmentText, mergeSuggestions, type Suggestion, writeAnswers } from '../answers/index.js';
import { writeFileAtomic } from '../atomicFile/index.js';
import { escapeUnsafe } from '../diagnostics/index.js';
import { displayPath, type Inputs, readAssessment } from './inputs.js';

/**
 * `waymark scan --merge`: writes suggestions into the assessment file and returns what to tell
 * the user, including every person's answer the scan disagrees with (which stays as it is).
 * `inputs` are the scan's own, resolved once: the models that rendered the report are the ones
 * the answers are written against.
 */
export function mergeIntoAssessment(suggestions: readonly Suggestion[], inputs: Inputs): string {
  const file = inputs.answersFile;
  const shown = displayPath(file);
  const lines: string[] = [];
  if (!existsSync(file)) {
    writeFileAtomic(file, initialAssessmentText(inputs.models, basename(dirname(file))));
    lines.push(`created ${shown}`);
  }
  // Only practices of the models in force can be answered (a detector may know more).
  const known = suggestions.filter((s) => inputs.models.practice(s.practiceId));
  const plan = mergeSuggestions(readAssessment(inputs), known, new Date().toISOString());
  if (plan.updates.size > 0) writeAnswers(file, readFileSync(file, 'utf8'), plan.updates);
  lines.push(
    `merged ${plan.updates.size} suggestion(s) into ${shown}; ${plan.confirmed} agree with a person's answer; ` +
      `${plan.disagreements.length} disagree (kept as the person answered)`,
  );
  for (const d of plan.disagreements) {
    lines.push(
      `  ${d.practiceId}: answered ${d.person}, the scan suggests ${d.suggested} (${d.evidence.slice(0, 3).map(escapeUnsafe).join(', ') || 'no file'})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
