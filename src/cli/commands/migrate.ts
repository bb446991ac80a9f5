import { readFileSync } from 'node:fs';
import { migrateAssessmentText } from '../../answers/index.js';
import { writeFileAtomic } from '../../atomicFile/index.js';
import { withoutBom } from '../../model/index.js';
import { displayPath, type InputOptions, readAssessment, resolveInputs } from '../inputs.js';

/** `waymark migrate`: rewrites an assessment file to the practice ids of the models in force. */
export function runMigrate(opts: InputOptions & { dryRun?: boolean }): void {
  const inputs = resolveInputs(opts);
  const shown = displayPath(inputs.answersFile);
  readAssessment(inputs); // the same checks and messages as every other command
  const text = withoutBom(readFileSync(inputs.answersFile, 'utf8'));
  const result = migrateAssessmentText(text, shown, inputs.models);
  const lines: string[] = [];
  for (const v of result.versions) lines.push(`  ${v.model}: ${v.from ?? '(no version recorded)'} → ${v.to}`);
  for (const m of result.moves) {
    if (m.kind === 'moved') lines.push(`  moved       ${m.from} → ${m.to}`);
    else if (m.kind === 'superseded')
      lines.push(`  kept aside  ${m.from}: ${m.to} already has an answer; the old one is under retired:`);
    else lines.push(`  kept aside  ${m.from}: dropped in ${m.since} with no successor; kept under retired:`);
  }
  if (result.text === text) {
    process.stdout.write(`${shown}: already up to date\n`);
    return;
  }
  const moved = result.moves.filter((m) => m.kind === 'moved').length;
  const aside = result.moves.length - moved;
  const head = `${shown}: ${moved} ${moved === 1 ? 'answer' : 'answers'} moved, ${aside} kept aside`;
  if (opts.dryRun) {
    process.stdout.write(`${head} (dry run: nothing written)\n${lines.join('\n')}\n`);
    return;
  }
  writeFileAtomic(inputs.answersFile, result.text, { display: shown, durable: true });
  process.stdout.write(`${head}\n${lines.join('\n')}\n`);
}
