import { defineDetector } from '../defineDetector.js';
import { DEPLOY } from '../lib/deploySteps.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import { TEST_COMMAND } from './testsInCi.js';

const P = { offTheShelf: 'oe.2.buy-tools.off-the-shelf' };

const SYSTEMS: Record<string, string> = {
  'github-actions': 'GitHub Actions',
  'azure-pipelines': 'Azure Pipelines',
  'gitlab-ci': 'GitLab CI',
  jenkins: 'Jenkins',
  other: 'a hosted CI service',
};
/** Everyday build work done by the ecosystem's own tools. */
const BUILD =
  /\b(npm|pnpm|yarn)\s+(run\s+)?build\b|\bmvnw?\b[^\n]*\b(package|install|verify)\b|gradlew?\b[^\n]*\b(build|assemble|bootJar|jib)\b|\bgo\s+build\b|\bdotnet\s+(build|publish)\b|\bcargo\s+build\b|(?:docker|depot)\/build-push-action|\bdocker\s+(build|buildx\s+build)\b|\bdocker[- ]compose\s+(build|up)\b|goreleaser|\bmake\s+(build|all|images?)\b|Docker@2|DotNetCoreCLI@2/i;

export default defineDetector({
  meta: {
    id: 'mainstream-tooling',
    title: 'Established products for build, test and deployment',
    practices: Object.values(P),
    docs: "A mainstream CI system (GitHub Actions, Azure Pipelines, GitLab CI, Jenkins, CircleCI...) whose pipelines build, test or deploy with the ecosystem's standard tools shows everyday needs met by established products (medium). A repository whose only pipeline does something else (a link check, a label bot) is not evidence either way, and whether home-grown tooling exists elsewhere is not judged.",
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const work = [
      ...grepPipelines(ps, TEST_COMMAND),
      ...grepPipelines(ps, BUILD),
      ...grepPipelines(ps, DEPLOY),
    ];
    if (work.length === 0) return [];
    const systems = [
      ...new Set(ps.filter((p) => work.some((w) => w.file === p.file)).map((p) => SYSTEMS[p.system])),
    ];
    return [
      present(
        [P.offTheShelf],
        'medium',
        work,
        `${systems.join(', ')} build, test or deploy with standard tools`,
      ),
    ];
  },
});
