import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { versioning: 'oe.4.safe-deployment.api-versioning' };

/**
 * A route the workload itself serves, declared with a version segment: Django `path("api/v1/")`,
 * Flask and FastAPI prefixes and decorators, Express and Go routers, Spring and ASP.NET route
 * attributes. Only declarations count: a URL the code calls (`https://api.github.com/v3/…`, OTLP's
 * `/v1/traces`) is someone else's version.
 */
const ROUTE =
  /(?:\b(?:path|re_path|url)\(\s*r?["']\^?|\burl_prefix\s*=\s*["']|@\w+\.(?:route|get|post|put|patch|delete|api_route)\(\s*["']|\b(?:app|router|api|r|mux|e|g|group)\.(?:use|get|post|put|patch|delete|route|Handle|HandleFunc|Group|Route|Get|Post|PathPrefix)\(\s*["'`]|@(?:Request|Get|Post|Put|Patch|Delete)Mapping\(\s*(?:value\s*=\s*|path\s*=\s*)?\{?\s*["']|\[(?:Route|Http(?:Get|Post|Put|Delete|Patch))\(\s*")\/?(?:api\/)?(v\d+)(?:\/|["'`])/m;
const CODE = ['.py', '.js', '.mjs', '.ts', '.go', '.java', '.kt', '.cs', '.rb'];
/** Where routes are usually declared: read first, and at most 400 (reading every code file of a 23k-file tree cost 0.3 s and 70 MiB). */
const ROUTE_FILE =
  /route|url|api|server|app|main|controller|handler|view|endpoint|http|web|rest|index|program|startup|mux/i;
const NOT_APP =
  /(^|\/)(tests?|spec|__tests__|e2e|examples?|docs?|vendor|node_modules|third_party)\/|\.(test|spec)\.\w+$|_test\.(go|py)$/i;

export default defineDetector({
  meta: {
    id: 'versioned-routes',
    title: 'Versioned API routes in the code',
    practices: Object.values(P),
    docs: 'Looks in application code (not tests, docs or examples; in a large tree, files and folders named for routes, controllers, views, handlers, servers or entry points first) for routes the workload serves that carry a version segment (/v1/, /api/v2/): Django and Flask or FastAPI routes and prefixes, Express, Go and Echo routers, Spring and ASP.NET route attributes. Medium when two versions are served side by side (a version kept while its successor runs), low for a single versioned prefix. URLs the code calls are not routes and do not count.',
  },
  async detect(repo) {
    const files = repo.byExt(...CODE).filter((f) => !NOT_APP.test(f.path));
    const hits = await grepFiles(repo, files, ROUTE, 400, ROUTE_FILE, { max: 20 });
    if (!hits.length) return [];
    // A file that declares one versioned route often declares the others (`api/v1/`, `api/v2/`).
    const versions = new Set<string>();
    const every = new RegExp(ROUTE.source, 'gm');
    for (const h of hits) for (const m of h.text.matchAll(every)) if (m[1]) versions.add(m[1]);
    return [
      present(
        [P.versioning],
        versions.size >= 2 ? 'medium' : 'low',
        hits.map(loc),
        versions.size >= 2
          ? `routes are served under ${versions.size} API versions side by side (${[...versions].sort().join(', ')})`
          : `routes are served under a versioned prefix (${[...versions][0]})`,
      ),
    ];
  },
});
