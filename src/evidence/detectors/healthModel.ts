import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import type { Finding } from '../types.js';
import { defineDetector } from './define.js';

const P = { definition: 'oe.2.monitoring.health-definition', thresholds: 'oe.3.health-model.thresholds' };

export default defineDetector({
  meta: {
    id: 'health-model',
    title: 'Health model files',
    practices: Object.values(P),
    docs: 'Looks for waymark.health.yaml (the health model Waymark evaluates) and health definition documents (docs/health.md, health-model.md). A health model with numeric thresholds supports workload-specific thresholds.',
  },
  async detect(repo) {
    const files = [...repo.byName('waymark.health.yaml'), ...repo.byName('waymark.health.yml')];
    const model = await grepFiles(repo, files, /\S/);
    const docs = repo
      .byNamePrefix('health')
      .filter((f) => /^(health|health-model|health-definition)\.md$/i.test(f.name));
    const out: Finding[] = [];
    if (model.length || docs.length)
      out.push(
        present(
          [P.definition],
          model.length ? 'high' : 'medium',
          [...model.map(loc), ...docs.map((f) => ({ file: f.path }))],
          'healthy and unhealthy states are written down',
        ),
      );
    const th = model.flatMap((h) => {
      const line = lineOf(h.text, /(degraded|unhealthy|threshold|warning|critical)\w*\s*:\s*[<>=]*\s*\d/i);
      return line === undefined ? [] : [{ file: h.file.path, line }];
    });
    if (th.length)
      out.push(present([P.thresholds], 'medium', th, 'the health model sets numeric thresholds'));
    return out;
  },
});
