import { defineDetector } from '../defineDetector.js';
import { grepFiles, type Hit, lineOf, loc, plural, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import type { Claim, EvidenceLocation, RepoFile } from '../types.js';

const P = {
  interfaces: 'oe.1.source-control.component-interfaces',
  coupling: 'oe.5.rearchitecture.loose-coupling',
  versioning: 'oe.4.safe-deployment.api-versioning',
};

/** The first key of an OpenAPI, Swagger or AsyncAPI document, in YAML or JSON. */
const SPEC_HEAD = /^(?:(openapi|swagger|asyncapi)\s*:\s*["']?\d|\s*"(openapi|swagger|asyncapi)"\s*:\s*"\d)/m;
/** A protobuf file that defines a service or messages (not an options-only file). */
const PROTO = /^\s*(service|message)\s+\w+\s*\{/m;
const GRAPHQL = /^\s*(type\s+(Query|Mutation|Subscription)\b|schema\s*\{|extend\s+type\s+Query\b)/m;
/** Copies of the standard gRPC and Google protos, and vendored trees, are not the workload's contracts. */
const NOT_OURS = /(^|\/)(third_party|vendor|google\/(api|protobuf|rpc)|grpc\/health)\//i;

/** Libraries that publish an OpenAPI description generated from the code. */
const GENERATORS =
  'springdoc-openapi[\\w-]*|springfox[\\w-]*|swashbuckle[\\w.]*|nswag[\\w.]*|microsoft\\.aspnetcore\\.openapi|drf-spectacular|drf-yasg|apispec|flask-smorest|@nestjs/swagger|swagger-jsdoc|tsoa|github\\.com/swaggo/swag|fastapi';
const VERSIONING_LIBS = 'asp\\.versioning\\.[\\w.]+|microsoft\\.aspnetcore\\.mvc\\.versioning[\\w.]*';

/** A version segment in every path of a spec, or in its base path or server URL. */
function versionedSpec(text: string): number | undefined {
  const base = lineOf(text, /^\s*["']?(basePath|url)["']?\s*:\s*["']?[^\s"']*\/v\d+(\.\d+)?\/?["']?\s*,?$/m);
  if (base) return base;
  const paths = [...text.matchAll(/^\s{2}["']?(\/[^\s"':]*)["']?\s*:/gm)].map((m) => m[1] as string);
  if (paths.length > 0 && paths.every((p) => /^\/(api\/)?v\d+(\/|$)/.test(p)))
    return lineOf(text, /^\s{2}["']?\/(api\/)?v\d+/m);
  return lineOf(text, /^\s*-?\s*["']?name["']?\s*:\s*["']?api-version["']?/m);
}

export default defineDetector({
  meta: {
    id: 'api-contracts',
    title: 'Interface contracts (OpenAPI, AsyncAPI, protobuf, GraphQL)',
    practices: Object.values(P),
    docs: 'Looks for interface contracts kept with the code: OpenAPI/Swagger and AsyncAPI documents (recognised by their first key), protobuf files that define services or messages, and GraphQL schemas with a Query type. Copies of the standard gRPC health and Google protos do not count. A library that generates an OpenAPI description from the code (springdoc, Swashbuckle, NSwag, drf-spectacular, @nestjs/swagger, swaggo...) is medium evidence of a documented interface. A contract between components is one sign of loose coupling (low: it does not show the callers are insulated). A version segment in every path of a spec, a versioned base path, an api-version parameter, versioned protobuf packages or an API-versioning library show versioned APIs.',
  },
  async detect(repo) {
    const specs = await grepFiles(
      repo,
      repo
        .byExt('.yaml', '.yml', '.json')
        .filter((f) => !NOT_OURS.test(f.path) && !/lock|package\.json$/.test(f.name)),
      SPEC_HEAD,
      3000,
      /openapi|swagger|asyncapi|api/i,
      { head: true },
    );
    const ours = (fs: RepoFile[]) => fs.filter((f) => !NOT_OURS.test(f.path));
    const protos = await grepFiles(repo, ours(repo.byExt('.proto')), PROTO);
    const graphql = await grepFiles(repo, ours(repo.byExt('.graphql', '.graphqls', '.gql')), GRAPHQL);
    const contracts: Hit[] = [...specs, ...protos, ...graphql];
    const out: Claim[] = [];
    if (contracts.length) {
      const locs = contracts.map(loc);
      out.push(
        present(
          [P.interfaces],
          'high',
          locs,
          `${plural(contracts.length, 'interface contract')} kept with the code`,
        ),
        present(
          [P.coupling],
          'low',
          locs,
          'components meet at written contracts; how callers reach other services is not checked',
        ),
      );
    } else {
      const gen = await dependencyHits(repo, GENERATORS);
      if (gen.length)
        out.push(
          present(
            [P.interfaces],
            'medium',
            gen.map((g) => g.location),
            `the API description is generated from the code (${[...new Set(gen.map((g) => g.pkg))].join(', ')}); no contract file is committed`,
          ),
        );
    }
    const versioned: EvidenceLocation[] = [];
    for (const h of specs) {
      const line = versionedSpec(h.text);
      if (line) versioned.push({ file: h.file.path, line });
    }
    for (const h of protos) {
      const line = lineOf(h.text, /^\s*package\s+[\w.]+\.v\d+(alpha\d*|beta\d*)?\s*;/m);
      if (line) versioned.push({ file: h.file.path, line });
    }
    versioned.push(...(await dependencyHits(repo, VERSIONING_LIBS)).map((d) => d.location));
    if (versioned.length)
      out.push(present([P.versioning], 'medium', versioned, 'the API carries an explicit version'));
    return out;
  },
});
