import { defineDetector } from '../defineDetector.js';
import { lineOf, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim } from '../types.js';

const P = {
  definition: 'oe.2.monitoring.health-definition',
  thresholds: 'oe.3.health-model.thresholds',
  rollUp: 'oe.3.health-model.roll-up',
  alerts: 'oe.3.health-model.state-alerts',
};

export default defineDetector({
  meta: {
    id: 'health-model',
    title: 'Health model files and their evaluation',
    practices: Object.values(P),
    docs: 'Validates waymark.health.yaml with the health module itself: a valid model with thresholds shows that healthy and unhealthy are defined for this workload; one that does not validate counts for little. Health definition documents (docs/health.md, health-model.md) count as a definition. A pipeline that runs `waymark health eval` or `watch` evaluates the model; with --webhook, --exec or --push, state changes reach someone. A valid model of several components rolls their health up (low: whether the roll-up reflects business impact is not checked).',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const files = [...repo.byName('waymark.health.yaml'), ...repo.byName('waymark.health.yml')];
    const docs = repo
      .byNamePrefix('health')
      .filter((f) => /^(health|health-model|health-definition)\.md$/i.test(f.name));
    // The health module (and its schemas) loads only for a repository that has a health model: a
    // scan of any other repository does not pay for it.
    const health = files.length ? await import('../../health/index.js') : undefined;
    for (const f of files) {
      const text = await repo.read(f.path);
      if (text === undefined || !health) continue;
      const check = health.validateHealthModelText(text, f.path);
      if (!check.valid) {
        const first = check.problems[0];
        out.push(
          present(
            [P.definition],
            'low',
            [{ file: f.path, ...(first?.line !== undefined ? { line: first.line } : {}) }],
            `a health model that does not validate: ${first?.message ?? 'unknown problem'}${first?.path ? ` (at ${first.path})` : ''}`,
          ),
        );
        continue;
      }
      out.push(
        present(
          [P.definition],
          'high',
          [{ file: f.path, line: 1 }],
          `a valid health model of ${check.components} component(s)`,
        ),
      );
      if (check.components > 1)
        out.push(
          present(
            [P.rollUp],
            'low',
            [{ file: f.path, line: 1 }],
            'component health rolls up in the health model; its weighting by business impact is not checked',
          ),
        );
      const line = lineOf(text, /^\s*(degraded|unhealthy)\s*:/m);
      if (check.signals > 0 && line !== undefined) {
        out.push(
          present(
            [P.thresholds],
            'high',
            [{ file: f.path, line }],
            `${check.signals} signal(s) with degraded and unhealthy thresholds`,
          ),
        );
      }
    }
    if (docs.length) {
      out.push(
        present(
          [P.definition],
          'medium',
          docs.map((f) => ({ file: f.path })),
          'a health definition document',
        ),
      );
    }
    const ps = await pipelines(repo);
    const evaluated = grepPipelines(ps, /\bwaymark\s+health\s+(eval|watch)\b/);
    if (evaluated.length && files.length) {
      out.push(present([P.thresholds], 'high', evaluated, 'a pipeline evaluates the health model'));
    }
    const notifying = grepPipelines(ps, /\bwaymark\s+health\s+(eval|watch)\b[^\n]*--(webhook|exec|push)\b/);
    if (notifying.length) {
      out.push(
        present(
          [P.alerts],
          'medium',
          notifying,
          'changes of health state are sent on (webhook, command or server)',
        ),
      );
    }
    return out;
  },
});
