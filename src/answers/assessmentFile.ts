import { closest } from 'fastest-levenshtein';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { type ModelSet, readText } from '../model/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { type Answer, AssessmentFile } from './schema.js';

export const DEFAULT_ASSESSMENT_FILE = 'waymark.assessment.yaml';

export interface Assessment {
  readonly file: string;
  readonly workload: string | undefined;
  readonly modelVersions: Readonly<Record<string, string>>;
  /** Only practices the file answers; anything missing is `unknown`. */
  readonly answers: ReadonlyMap<string, Answer>;
}

/**
 * Parses an assessment file and checks every practice id against the models in force.
 * Unknown ids get the nearest valid id as a hint; ids of an older model version say so.
 */
export function parseAssessment(text: string, file: string, models: ModelSet): Assessment {
  if (text.trim() === '')
    throw new InputError(
      'the assessment file is empty',
      { file, line: 1 },
      'run `waymark init` to create one',
    );
  const { value, source } = parseYaml(text, file, AssessmentFile);
  const errors: InputError[] = [];
  const ids = models.practiceIds();
  for (const id of Object.keys(value.answers)) {
    if (models.practice(id)) continue;
    const retired = models.retiredPractice(id);
    if (retired) {
      const instead = retired.replacedBy ? `; answer "${retired.replacedBy}" instead` : '';
      errors.push(
        source.errorAt(
          ['answers', id],
          `practice "${id}" belongs to an older version of ${retired.model.id}: retired in ${retired.since}${instead}`,
          undefined,
          'key',
        ),
      );
      continue;
    }
    const versionNote = olderVersionNote(value.models, models);
    errors.push(
      source.errorAt(
        ['answers', id],
        `unknown practice id "${id}"${versionNote}`,
        `did you mean "${closest(id, ids)}"?`,
        'key',
      ),
    );
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return {
    file,
    workload: value.workload,
    modelVersions: value.models,
    answers: new Map(Object.entries(value.answers)),
  };
}

/** `shownAs` is the name used in messages: the path as the user typed it. */
export function loadAssessment(file: string, models: ModelSet, shownAs = file): Assessment {
  return parseAssessment(readText(file, shownAs), shownAs, models);
}

/** An empty assessment: every practice unknown. */
export function emptyAssessment(file = '(none)'): Assessment {
  return { file, workload: undefined, modelVersions: {}, answers: new Map() };
}

function olderVersionNote(recorded: Record<string, string>, models: ModelSet): string {
  for (const [id, version] of Object.entries(recorded)) {
    const current = models.model(id);
    if (current && current.version !== version) {
      return ` (the file was written for ${id} ${version}; the models in force are ${current.version})`;
    }
  }
  return '';
}
