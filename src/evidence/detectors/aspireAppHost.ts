import { defineDetector } from '../defineDetector.js';
import { grepFiles, plural, present } from '../lib/helpers.js';

const P = {
  declarative: 'oe.1.iac.declarative',
  mainstream: 'oe.1.iac.mainstream-tooling',
};

/** An Aspire AppHost project: the SDK in the project file, or the older IsAspireHost property. */
const APP_HOST = /Sdk\s*=\s*"Aspire\.AppHost\.Sdk|<IsAspireHost>\s*true\s*</i;
/** Resources the app model adds: `builder.AddPostgres("db")`, `builder.AddProject<Projects.Api>("api")`. */
const RESOURCE = /\bbuilder\s*\.\s*Add[A-Z]\w*\s*(?:<[^>]+>)?\s*\(/g;

export default defineDetector({
  meta: {
    id: 'aspire-app-host',
    title: '.NET Aspire app model',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for a .NET Aspire AppHost project (Aspire.AppHost.Sdk or IsAspireHost in the .csproj) and counts the resources its C# files add to the app model (builder.AddPostgres, AddRedis, AddProject<…>). Like Compose, the app model is a declarative definition of the services and backing stores in a mainstream tool, but not of the cloud resources they run on until `azd` or the Aspire publishers generate them: low for declarative infrastructure.',
  },
  async detect(repo) {
    const hosts = await grepFiles(repo, repo.byExt('.csproj'), APP_HOST);
    if (!hosts.length) return [];
    const dirs = hosts.map((h) => h.file.dir);
    const code = repo.byExt('.cs').filter((f) => dirs.some((d) => f.dir === d || f.dir.startsWith(`${d}/`)));
    const models = await grepFiles(repo, code, RESOURCE);
    const count = models.reduce((n, h) => n + [...h.text.matchAll(RESOURCE)].length, 0);
    if (!count) return [];
    return [
      present(
        [P.declarative, P.mainstream],
        'low',
        models.slice(0, 5).map((h) => ({ file: h.file.path, line: h.line })),
        `the .NET Aspire app model declares ${plural(count, 'resource')}; the cloud resources they run on are not declared`,
      ),
    ];
  },
});
