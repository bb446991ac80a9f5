import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import type { EvidenceLocation } from '../types.js';

const P = { compression: 'pe.4.data.compression' };

/** gzip or Brotli switched on in a web server, proxy or ingress (not gzip_static, which only serves
 * files compressed beforehand). */
const SERVER =
  /^\s*(gzip\s+on\s*;|brotli\s+on\s*;|AddOutputFilterByType\s+DEFLATE|SetOutputFilter\s+DEFLATE|encode\s+(gzip|zstd))|envoy\.filters\.http\.compressor|nginx\.ingress\.kubernetes\.io\/use-gzip|<urlCompression\s+doDynamicCompression="true"/m;
/** Spring Boot's `server.compression.enabled`, as a property or nested YAML. */
const SPRING = /^\s*server\.compression\.enabled\s*[=:]\s*true|^\s+compression:\s*\n\s+enabled:\s*true\b/m;
/** Compression middleware registered in application code. */
const MIDDLEWARE =
  /\bUseResponseCompression\s*\(|['"]django\.middleware\.gzip\.GZipMiddleware['"]|\bapp\.use\(\s*compression\s*\(|register\(\s*(?:import\(\s*)?['"]@fastify\/compress['"]|^[ \t]*\w+\.add_middleware\(\s*(?:GZipMiddleware|BrotliMiddleware)\b|\bCompress\(\s*app\s*\)|\bgziphandler\.GzipHandler\b|\bmiddleware\.Compress\s*\(|\bgzip\.Gzip\s*\(\s*gzip\./m;

export default defineDetector({
  meta: {
    id: 'response-compression',
    title: 'Response compression in the web server or application',
    practices: Object.values(P),
    docs: 'Looks for HTTP response compression switched on: gzip or Brotli in nginx, Apache, Caddy, Envoy, IIS web.config or an ingress annotation; Spring Boot server.compression.enabled in application properties or YAML; compression middleware in code (ASP.NET Core UseResponseCompression, Django GZipMiddleware, Starlette or FastAPI GZipMiddleware, Flask-Compress, Express compression(), @fastify/compress, Go gziphandler, chi and gin gzip). gzip_static alone only serves files compressed beforehand and does not count. Compression at the edge (Front Door, CDN) is reported by data-services.',
  },
  async detect(repo) {
    const servers = repo
      .byExtInOrder('.conf', '.template', '.tmpl', '.config', '.yaml', '.yml', '')
      .filter((f) => /nginx|apache|httpd|caddy|envoy|web\.config|ingress/i.test(f.path));
    const springConfig = repo
      .byExt('.properties', '.yml', '.yaml')
      .filter((f) => /(^|\/)application[\w-]*\.(properties|ya?ml)$/.test(f.path));
    const code = repo
      .byExt('.cs', '.py', '.js', '.ts', '.mjs', '.go')
      .filter((f) =>
        /(^|\/)(Program|Startup)\.cs$|settings[\w]*\.py$|(^|\/)(app|server|index|main|router|routes)\.(js|ts|mjs|go|py)$|(^|\/)(asgi|wsgi|__init__)\.py$/.test(
          f.path,
        ),
      );
    const locs: EvidenceLocation[] = [
      ...(await grepFiles(repo, servers, SERVER, 500, undefined, { max: 20 })).map(loc),
      ...(await grepFiles(repo, springConfig, SPRING, 500, undefined, { max: 20 })).map(loc),
      ...(await grepFiles(repo, code, MIDDLEWARE, 500, undefined, { max: 20 })).map(loc),
    ];
    if (!locs.length) return [];
    return [present([P.compression], 'medium', locs, 'HTTP responses are compressed (gzip or Brotli)')];
  },
});
