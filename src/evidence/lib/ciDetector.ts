/** The four CI-system detectors differ only in which system they report. */

import { defineDetector } from '../defineDetector.js';
import type { Detector } from '../types.js';
import { plural, present } from './helpers.js';
import { type CiSystem, pipelines } from './pipelines.js';

export const VERSIONED = 'oe.1.source-control.everything-versioned';

export function ciDetector(id: string, system: CiSystem, title: string, where: string): Detector {
  return defineDetector({
    meta: {
      id,
      title,
      practices: [VERSIONED],
      group: 'ci',
      docs: `Looks for ${title} definitions where the CI system reads them (${where}) and checks that each is a real pipeline, not any file of that name. Pipeline definitions kept in the repository are part of "everything versioned"; on their own they do not show that application code and scripts are versioned too, hence low confidence.`,
    },
    async detect(repo) {
      const ps = (await pipelines(repo)).filter((p) => p.system === system);
      if (ps.length === 0) return [];
      return [
        present(
          [VERSIONED],
          'low',
          ps.map((p) => ({ file: p.file, line: 1 })),
          `${plural(ps.length, `${title} definition`)} in source control`,
        ),
      ];
    },
  });
}
