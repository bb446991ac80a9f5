import { defineDetector } from '../defineDetector.js';
import { absent, present } from '../lib/helpers.js';
import { parallelism } from '../lib/parallelJobs.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = {
  ciRequired: 'oe.2.standard-processes.ci-required',
  parallel: 'oe.4.build-optimization.parallel-jobs',
};

export const TEST_COMMAND =
  /\b(npm|pnpm|yarn|bun)\s+(run\s+)?test\b|\b(npm|pnpm|yarn|bun)\s+run\s+[\w:-]*\btest\b|\b(lerna|turbo)\s+(run\s+)?[^\n]*\btest\b|\bnx\s+(run-many|affected)\b[^\n]*\btest\b|\b(pnpm|yarn)\s+(-r|--recursive|workspaces\s+(foreach\s+)?run)\s+test\b|\b(tests?|testscripts|e2e)\/[\w./-]+\.sh\b|\b[\w-]*[-_]tests?\.sh\b|\bnpx\s+(jest|vitest|mocha|playwright|cypress)\b|\bpytest\b|python\s+-m\s+(pytest|unittest)|\btox\b|\bnox\b|\bgo\s+test\b|\bdotnet\s+test\b|VSTest@|DotNetCoreCLI@2[\s\S]{0,160}command:\s*['"]?test|\bmvnw?\b[^\n]*\b(test|verify)\b|gradlew?\b(?![^\n]*-x\s+test\b)[^\n]*\b(test|check)\b|\bmvnw?\b(?![^\n]*-D(skipTests|maven\.test\.skip))[^\n]*\b(package|install)\b|gradlew?\b(?![^\n]*-x\s+test\b)[^\n]*\bbuild\b|\bcargo\s+(test|nextest)\b|\brspec\b|\bphpunit\b|\bmake\s+(test|check)\b|\bctest\b|\bnode\s+--test\b|manage\.py\s+test\b|\b(rails|rake)\s+(test|spec)\b|\bmix\s+test\b|\bartisan\s+test\b|\bsbt\b[^\n]*\btest\b|\b(flutter|deno|bazel|bazelisk)\s+test\b/i;
const ON_PR =
  /^\s*pull_request(_target)?\s*:|^on\s*:\s*\[?[^\n]*pull_request|^\s*-\s*pull_request\b|^pr\s*:|merge_request_event|^\s*merge_requests\b/m;

export default defineDetector({
  meta: {
    id: 'tests-in-ci',
    title: 'Tests run in CI',
    practices: Object.values(P),
    docs: 'Looks in pipeline files for test commands of the common ecosystems (npm test, pytest, manage.py test, go test, dotnet test, mvn verify, and mvn package or gradle build, which run the tests unless told to skip them, gradle test, cargo test, rails test, mix test, ...). Tests in a pipeline triggered by pull requests suggest changes must pass CI before merging (medium: the required status check itself lives in the repository settings). When pipelines exist but none runs a test command, that absence is reported with low confidence (a script may hide the command). Parallel work is reported too: a matrix of two or more values, jobs that wait on nothing or share a stage, Jenkins parallel blocks, test sharding; a one-entry matrix or a chain of needs is serial.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    if (ps.length === 0) return [];
    const out = [];
    const withTests = ps.filter((p) => TEST_COMMAND.test(p.text));
    if (withTests.length === 0) {
      out.push(
        absent(
          [P.ciRequired],
          'low',
          'pipelines exist but none runs a recognised test command',
          ps.map((p) => ({ file: p.file })),
        ),
      );
    } else {
      const onPr = withTests.filter((p) => ON_PR.test(p.text));
      if (onPr.length)
        out.push(
          present(
            [P.ciRequired],
            'medium',
            [...grepPipelines(onPr, ON_PR), ...grepPipelines(onPr, TEST_COMMAND)],
            'tests run on every pull request',
          ),
        );
      else
        out.push(
          present(
            [P.ciRequired],
            'low',
            grepPipelines(withTests, TEST_COMMAND),
            'tests run in CI, but no pull-request trigger is visible',
          ),
        );
    }
    const parallel = parallelism(ps);
    if (parallel.length)
      out.push(
        present(
          [P.parallel],
          'medium',
          parallel.map((x) => x.location),
          `pipelines run work in parallel: ${[...new Set(parallel.map((x) => x.kind))].join(', ')}`,
        ),
      );
    return out;
  },
});
