import { isMap, isPair, isScalar, type Pair } from 'yaml';
import type { ModelSet } from '../model/index.js';
import { readYaml } from '../yamlDoc/index.js';
import { parseAssessment } from './assessmentFile.js';
import type { Move } from './migrate.js';

export interface FileMigration {
  /** The new text of the file; equal to the old when nothing moved and the versions were current. */
  readonly text: string;
  readonly moves: readonly Move[];
  /** Model id → [version the file named, version in force], for each model whose version changed. */
  readonly versions: readonly {
    readonly model: string;
    readonly from: string | undefined;
    readonly to: string;
  }[];
}

/**
 * Rewrites an assessment file to the ids of the models in force, keeping its comments and
 * layout. A moved answer keeps its place and every field (author, date, evidence, note); only
 * its key changes. An answer that has nowhere to go (its practice was dropped, or the new id
 * already has an answer) is kept verbatim under `retired:`, which scoring ignores, so nothing
 * a person wrote is lost.
 */
export function migrateAssessmentText(text: string, file: string, models: ModelSet): FileMigration {
  const assessment = parseAssessment(text, file, models);
  const { doc } = readYaml(text, file);
  const answers = doc.get('answers', true);
  const pairs = isMap(answers) ? (answers.items as Pair[]) : [];
  const pairOf = (id: string) =>
    pairs.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === id);
  for (const move of assessment.moves) {
    const pair = pairOf(move.from);
    if (!pair || !isScalar(pair.key)) continue;
    if (move.kind === 'moved') {
      pair.key.value = move.to;
      continue;
    }
    doc.setIn(['retired', move.from], pair.value);
    doc.deleteIn(['answers', move.from]);
  }
  const versions: { model: string; from: string | undefined; to: string }[] = [];
  for (const model of models.models) {
    const recorded = assessment.modelVersions[model.id];
    if (recorded === model.version) continue;
    versions.push({ model: model.id, from: recorded, to: model.version });
    doc.setIn(['models', model.id], model.version);
  }
  const changed = assessment.moves.length > 0 || versions.length > 0;
  return { text: changed ? doc.toString({ lineWidth: 0 }) : text, moves: assessment.moves, versions };
}
