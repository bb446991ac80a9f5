import { defineDetector } from '../defineDetector.js';
import { absent, present } from '../lib/helpers.js';
import { allLines, pipelines } from '../lib/pipelines.js';
import type { EvidenceLocation } from '../types.js';

export default defineDetector({
  meta: {
    id: 'actions-pinned',
    title: 'GitHub Actions pinned to a commit SHA',
    // The models have no supply-chain practice yet: the finding is shown, not scored.
    practices: [],
    docs: "Checks every `uses:` of a third-party action in GitHub workflows: a reference to a full 40-character commit SHA cannot be moved by the action's owner, a tag or branch can. Local actions (./) and docker:// images are not counted. Reported only where workflows exist.",
  },
  async detect(repo) {
    const ps = (await pipelines(repo)).filter((p) => p.system === 'github-actions');
    const pinned: EvidenceLocation[] = [];
    const loose: EvidenceLocation[] = [];
    for (const p of ps) {
      for (const l of allLines(p, /^\s*(-\s*)?uses\s*:/)) {
        const ref = /uses\s*:\s*['"]?([^'"\s#]+)/.exec(l.text)?.[1] ?? '';
        if (ref.startsWith('./') || ref.startsWith('docker://')) continue;
        const at = ref.split('@')[1] ?? '';
        (/^[0-9a-f]{40}$/.test(at) ? pinned : loose).push({ file: p.file, line: l.line });
      }
    }
    if (pinned.length + loose.length === 0) return [];
    if (loose.length === 0)
      return [
        present([], 'high', pinned, `all ${pinned.length} action references are pinned to a commit SHA`),
      ];
    return [
      absent(
        [],
        'high',
        `${loose.length} of ${pinned.length + loose.length} action references use a tag or branch, not a commit SHA`,
        loose,
      ),
    ];
  },
});
