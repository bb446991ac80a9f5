import { closest } from 'fastest-levenshtein';
import { InputError, InputErrors } from '../diagnostics/index.js';
import { type ModelSet, readText } from '../model/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { type Move, migrateAnswers } from './migrate.js';
import { type Answer, AssessmentFile } from './schema.js';

export const DEFAULT_ASSESSMENT_FILE = 'waymark.assessment.yaml';

export interface Assessment {
  readonly file: string;
  readonly workload: string | undefined;
  readonly modelVersions: Readonly<Record<string, string>>;
  /** Answers about the workload itself (context question id → option value). */
  readonly context: ReadonlyMap<string, string>;
  /** Only practices the file answers; anything missing is `unknown`. */
  readonly answers: ReadonlyMap<string, Answer>;
  /** Answers the file gave under retired ids, and where they were moved on reading. */
  readonly moves: readonly Move[];
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
    if (models.practice(id) || models.retiredPractice(id)) continue;
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
  const questions = new Map(models.contextQuestions().map((q) => [q.id, q]));
  for (const [id, answer] of Object.entries(value.context)) {
    const question = questions.get(id);
    if (!question) {
      const known = [...questions.keys()];
      errors.push(
        source.errorAt(
          ['context', id],
          `unknown context question "${id}"`,
          known.length > 0
            ? `the models ask: ${known.join(', ')}`
            : 'the models in force ask no context questions',
          'key',
        ),
      );
    } else if (!question.options.some((o) => o.value === answer)) {
      errors.push(
        source.errorAt(
          ['context', id],
          `"${answer}" is not an answer to "${question.question}"`,
          `use one of: ${question.options.map((o) => o.value).join(', ')}`,
        ),
      );
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  // Answers under retired ids count under their successors; `waymark migrate` rewrites the file.
  const migration = migrateAnswers(new Map(Object.entries(value.answers)), models);
  return {
    file,
    workload: value.workload,
    modelVersions: value.models,
    context: new Map(Object.entries(value.context)),
    answers: migration.answers,
    moves: migration.moves,
  };
}

/** `shownAs` is the name used in messages: the path as the user typed it. */
export function loadAssessment(file: string, models: ModelSet, shownAs = file): Assessment {
  return parseAssessment(readText(file, shownAs), shownAs, models);
}

/** An empty assessment: every practice unknown. */
export function emptyAssessment(file = '(none)'): Assessment {
  return { file, workload: undefined, modelVersions: {}, context: new Map(), answers: new Map(), moves: [] };
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
