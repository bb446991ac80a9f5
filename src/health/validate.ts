/**
 * `health validate`: what can be wrong with a model before it is relied on. Without a server, each
 * PromQL query is parsed; with one, every query is run once (a dry run) and what the server says
 * about each is reported: refused, a counter read raw, no data, several series.
 */
import type { HealthModel } from './modelFile.js';
import { checkPromql } from './promql.js';
import { sourceFailure } from './render.js';
import type { HealthReport } from './report.js';

export interface ModelCheckProblem {
  /** Where in the model, for the file and line. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export function syntaxProblems(model: HealthModel): ModelCheckProblem[] {
  const problems: ModelCheckProblem[] = [];
  model.components.forEach((c, i) => {
    c.signals.forEach((s, j) => {
      if (s.query === undefined) return;
      const { syntax } = checkPromql(s.query);
      if (syntax)
        problems.push({
          path: ['components', i, 'signals', j, 'query'],
          message: `PromQL syntax error at column ${syntax.column}, near ${syntax.near}`,
        });
    });
  });
  return problems;
}

export interface DryRun {
  readonly problems: readonly ModelCheckProblem[];
  /** Set when the source itself failed (down, refused, timed out), so nothing could be checked. */
  readonly unreachable?: string;
}

/** Every signal that did not give a value, with the source's words, at its place in the model. */
export function dryRunProblems(model: HealthModel, report: HealthReport): DryRun {
  const whole = sourceFailure(report);
  if (whole !== undefined) return { problems: [], unreachable: whole };
  const problems: ModelCheckProblem[] = [];
  model.components.forEach((c, i) => {
    const result = report.components.find((r) => r.id === c.id);
    c.signals.forEach((s, j) => {
      const r = result?.signals.find((x) => x.id === s.id);
      if (r?.state === 'unknown')
        problems.push({
          path: ['components', i, 'signals', j, s.query !== undefined ? 'query' : 'metric'],
          message: `${r.key}: ${r.reason}`,
        });
    });
  });
  return { problems };
}
