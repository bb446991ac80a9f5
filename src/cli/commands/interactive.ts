import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { expand, input, select } from '@inquirer/prompts';
import {
  type Answer,
  initialAssessmentText,
  missingReason,
  NEEDS_REASON,
  NEEDS_REASON_MESSAGE,
  type Status,
  writeAnswers,
  writeContext,
} from '../../answers/index.js';
import { ruledOutBy, scoreAssessment } from '../../assess/index.js';
import { writeFileAtomic } from '../../atomicFile/index.js';
import { renderText } from '../../report/index.js';
import { EXIT } from '../exitCodes.js';
import { displayPath, type InputOptions, readAssessment, resolveInputs, selectModels } from '../inputs.js';
import { styleFor } from '../output.js';

type Choice = Status | 'skip' | 'quit';

const CHOICES = [
  { key: 'y', name: 'met', value: 'met' },
  { key: 'p', name: 'partial', value: 'partial' },
  { key: 'n', name: 'not met', value: 'not-met' },
  { key: 'a', name: 'not applicable (asks for a reason)', value: 'not-applicable' },
  { key: 's', name: 'skip for now (stays unknown)', value: 'skip' },
  { key: 'q', name: 'quit (answers so far are saved)', value: 'quit' },
] as const satisfies readonly { key: string; name: string; value: Choice }[];

/**
 * Asks practice by practice, level by level, starting at the first one still unknown, and
 * writes the file after every answer: stopping at any point loses nothing already answered.
 */
export async function runInteractive(opts: InputOptions & { pillar?: string; by?: string }): Promise<void> {
  const inputs = resolveInputs(opts);
  const file = inputs.answersFile;
  const shown = displayPath(file);
  if (!existsSync(file)) {
    writeFileAtomic(file, initialAssessmentText(inputs.models, basename(process.cwd())));
    process.stdout.write(`created ${shown}\n`);
  }
  const only = selectModels(inputs.models, opts.pillar);
  const by = opts.by ?? whoAmI();
  let saved = 0;
  let lastStrategy = '';
  try {
    // Context first: its answers decide which practices are worth asking about at all.
    // Asked at the start only: a session resuming after answers were given does not ask again.
    const before = readAssessment(inputs);
    const questions = inputs.models.contextQuestions();
    const starting = [...before.answers.values()].every((a) => a.status === 'unknown');
    const open = starting ? questions.filter((q) => !before.context.has(q.id)) : [];
    if (open.length > 0) process.stdout.write('\nFirst, about the workload (skip any you are unsure of):\n');
    for (const q of open) {
      const value = await select<string>({
        message: q.question,
        choices: [
          ...q.options.map((o) => ({ name: o.label, value: o.value })),
          { name: 'skip (rules nothing out)', value: '' },
        ],
      });
      if (value) writeContext(file, readFileSync(file, 'utf8'), new Map([[q.id, value]]));
    }
    const assessment = readAssessment(inputs);
    const byId = new Map(questions.map((q) => [q.id, q]));
    const all = [...(only ?? inputs.models.models)]
      .flatMap((m) => [...inputs.models.practices(m)])
      .filter((ref) => !ruledOutBy(ref.practice.appliesWhen, assessment.context, byId));
    const pending = all.filter(
      (ref) => (assessment.answers.get(ref.practice.id)?.status ?? 'unknown') === 'unknown',
    );
    process.stdout.write(
      `${all.length - pending.length} of ${all.length} practices in force answered in ${shown}.\n`,
    );

    for (const [i, ref] of pending.entries()) {
      if (ref.strategy.id !== lastStrategy) {
        lastStrategy = ref.strategy.id;
        process.stdout.write(
          `\n${ref.model.title} · Level ${ref.level.level}: ${ref.level.name}\n${ref.strategy.title}\n  ${ref.strategy.summary}\n`,
        );
      }
      const choice = await expand<Choice>({
        message: `(${i + 1}/${pending.length}) ${ref.practice.statement} [${ref.practice.id}]`,
        choices: CHOICES,
        expanded: true,
      });
      if (choice === 'quit') break;
      if (choice === 'skip') continue;
      const answer: Answer = {
        status: choice,
        evidence: [],
        source: 'person',
        by,
        at: new Date().toISOString(),
      };
      if (choice === NEEDS_REASON) {
        answer.reason = await input({
          message: 'Why does it not apply?',
          validate: (reason) => !missingReason(choice, reason) || NEEDS_REASON_MESSAGE,
        });
      }
      writeAnswers(file, readFileSync(file, 'utf8'), new Map([[ref.practice.id, answer]]));
      saved += 1;
    }
  } catch (err) {
    if (!isPromptExit(err)) throw err;
    process.stdout.write(
      `\nStopped. ${saved} answer(s) saved to ${shown}; run the same command to resume.\n`,
    );
    process.exitCode = EXIT.interrupted;
    return;
  }
  process.stdout.write(`\n${saved} answer(s) saved to ${shown}.\n\n`);
  const score = scoreAssessment(inputs.models, readAssessment(inputs), only);
  process.stdout.write(
    renderText({ workload: undefined, answersFile: shown, score }, styleFor(undefined), 3),
  );
}

/** Ctrl-C or a closed standard input ends the prompt; both are a normal way to stop. */
function isPromptExit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

function whoAmI(): string {
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (name) return name;
  } catch {
    // not a git user: fall back to the login name
  }
  return userInfo().username;
}
