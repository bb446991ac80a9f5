import type { AppliesWhen, ContextQuestion } from '../model/index.js';

/**
 * Whether a practice is in force for a workload, given what the team said about it. A practice
 * is ruled out only by an answered question whose answer its `appliesWhen` does not list; an
 * unanswered question leaves it in force, so saying nothing never lowers the bar.
 * Returns the reason it does not apply, in words every report can show, or undefined.
 */
export function ruledOutBy(
  appliesWhen: AppliesWhen | undefined,
  context: ReadonlyMap<string, string>,
  questions: ReadonlyMap<string, ContextQuestion>,
): string | undefined {
  if (!appliesWhen) return undefined;
  for (const [id, values] of Object.entries(appliesWhen)) {
    const answer = context.get(id);
    if (answer === undefined || values.includes(answer)) continue;
    const question = questions.get(id);
    const label = (value: string) => question?.options.find((o) => o.value === value)?.label ?? value;
    return `does not apply to this workload: "${question?.question ?? id}" is answered "${label(answer)}"; it applies only to ${values.map(label).join(' or ')}`;
  }
  return undefined;
}
