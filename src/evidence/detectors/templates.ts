import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  tracking: 'oe.1.methodology.work-tracking',
  problems: 'oe.2.standard-processes.problem-tracking',
  changeTests: 'oe.4.safe-deployment.change-tests',
};

export default defineDetector({
  meta: {
    id: 'templates',
    title: 'Pull request and issue templates',
    practices: Object.values(P),
    docs: 'Looks for pull/merge request templates (.github/pull_request_template.md, .github/PULL_REQUEST_TEMPLATE/, .gitlab/merge_request_templates/, .azuredevops/pull_request_template.md) and issue templates or forms (.github/ISSUE_TEMPLATE/, .gitlab/issue_templates/). A bug-report template shows one way of tracking problems; a pull request template that asks about tests supports tests per change (low).',
  },
  async detect(repo) {
    // Every template sits at the root or under one of these top-level folders.
    const near = repo.inDirs(/^\/$|^\/(\.github|docs|\.azuredevops|\.vsts|\.gitlab)\//i);
    const prs = near.filter(
      (f) =>
        /^(\.github|docs|\.azuredevops|\.vsts)?\/?pull_request_template\.md$/i.test(f.path) ||
        /^\.github\/PULL_REQUEST_TEMPLATE\//i.test(f.path) ||
        /^\.gitlab\/merge_request_templates\//i.test(f.path) ||
        /^pull_request_template\.md$/i.test(f.path),
    );
    const issues = near.filter(
      (f) =>
        /^\.github\/ISSUE_TEMPLATE\//i.test(f.path) ||
        /^\.gitlab\/issue_templates\//i.test(f.path) ||
        /^(\.github\/|docs\/)?issue_template\.md$/i.test(f.path),
    );
    const out: Claim[] = [];
    const locs: EvidenceLocation[] = [...prs, ...issues].map((f) => ({ file: f.path }));
    if (locs.length)
      out.push(
        present(
          [P.tracking],
          prs.length && issues.length ? 'medium' : 'low',
          locs,
          `${prs.length ? 'pull request' : ''}${prs.length && issues.length ? ' and ' : ''}${issues.length ? 'issue' : ''} templates`,
        ),
      );
    const bugs = issues.filter((f) => /bug|defect|incident|problem/i.test(f.name));
    // A single ISSUE_TEMPLATE.md covers every kind of issue; it is a bug report when it asks for one.
    for (const f of issues.filter((f) => /^issue_template\.md$/i.test(f.name))) {
      const t = await repo.read(f.path);
      if (t && /\b(bug|defect|regression)\b|steps to reproduce|repro steps/i.test(t)) bugs.push(f);
    }
    if (bugs.length)
      out.push(
        present(
          [P.problems],
          'medium',
          bugs.map((f) => ({ file: f.path })),
          'a bug report template or form',
        ),
      );
    for (const f of prs) {
      const t = await repo.read(f.path);
      const i = t?.search(/\[ \][^\n]*test/i) ?? -1;
      if (t !== undefined && i >= 0) {
        out.push(
          present(
            [P.changeTests],
            'low',
            [{ file: f.path, line: t.slice(0, i).split('\n').length }],
            'the pull request template asks whether tests were added',
          ),
        );
        break;
      }
    }
    return out;
  },
});
