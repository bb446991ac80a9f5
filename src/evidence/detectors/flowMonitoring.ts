import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { flows: 'pe.3.alerting.flow-monitoring' };

/** Labels and columns that name a route, operation or span rather than a whole service. */
const FLOW_LABEL =
  '(http_route|route|path|http_path|url_path|operation|operation_name|operation_Name|span_name|uri|endpoint|handler|rpc_method|grpc_method|rpc_grpc_method|http_target|servlet|controller)';
/** PromQL grouped or filtered by such a label, or KQL summarised by operation. */
const FLOW_QUERY = new RegExp(
  `\\bby\\s*\\([^)]*\\b${FLOW_LABEL}\\b[^)]*\\)|\\{[^}\\n]*\\b${FLOW_LABEL}\\s*(=~?|!=)\\s*\\\\?["'][^"'\\\\]+|summarize\\b[^|\\n]*\\bby\\b[^|\\n]*\\b(operation_Name|OperationName)\\b|\\bwhere\\s+operation_Name\\s*(==|in|has)`,
);
/** Where such queries live: dashboards, alert and recording rules, workbooks, KQL files. */
const QUERY_FILE = /dashboard|alert|rule|workbook|monitor|grafana|prometheus|slo/i;

/** A latency histogram, summary or timer made in code (Prometheus clients, OpenTelemetry, Micrometer). */
const LATENCY_METRIC =
  /\bNew(Histogram|Summary)Vec\(|\b(prometheus_client\.)?(Histogram|Summary)\(\s*["'`]|new\s+(client\.|promClient\.|prom\.)?(Histogram|Summary)\(\s*\{|\.create_histogram\(|\.createHistogram\(|\bTimer\.builder\(|\b\w*(?:metric|stat|meter)\w*\.(?:timer|timing|histogram)\(\s*["'][\w.:-]+["']|^\s*histogram\s+:\w+/im;
/** A route-like key in a label list or attribute map: `[]string{"method", "path"}`, `{"endpoint": …}`. */
const ROUTE_KEY =
  /["'](http[._]route|route|path|http_path|url_path|endpoint|handler|uri|operation|rpc_method|grpc_method|http_target)["']\s*[,:\]}]|\btags:\s*%i\[[^\]]*\b(controller|action|route|path|endpoint)\b/;
const CODE = ['.go', '.py', '.js', '.ts', '.mjs', '.java', '.kt', '.cs', '.rb'];
/** Where request metrics are usually made: read first, at most 400 files. */
const NAMED_FOR_METRICS =
  /metric|yabeda|prometheus|telemetr|instrument|observ|monitor|middleware|stats|otel/i;
const METRICS_FILE =
  /metric|telemetr|instrument|observ|monitor|middleware|prometheus|otel|server|app|main|http|handler|router|stats/i;
const TEST =
  /(^|\/)(tests?|spec|__tests__|e2e|examples?|vendor|node_modules)\/|\.(test|spec)\.\w+$|_test\.(go|py)$/i;
/** API Gateway metrics per resource and method: SAM/CloudFormation MethodSettings or Terraform's method settings. */
const GATEWAY_METHOD_METRICS = /^\s*-?\s*MetricsEnabled\s*:\s*["']?true\b|\bmetrics_enabled\s*=\s*true\b/im;

export default defineDetector({
  meta: {
    id: 'flow-monitoring',
    title: 'Latency and errors per user flow',
    practices: Object.values(P),
    docs: 'Looks in dashboards, alert and recording rules, workbooks and KQL files for queries that group or filter by a route, operation or span name (PromQL by (http_route) or {span_name="..."}, KQL summarize ... by operation_Name): response times or errors tracked per flow rather than per service. Medium: whether those routes are the critical flows is not checked. Without such a query, a latency histogram, summary or timer made in code with a route, path, endpoint or operation label (Prometheus clients, OpenTelemetry, Micrometer, the timer of a metrics wrapper, Yabeda tagged by controller and action), or API Gateway metrics enabled per method, is low evidence: the figures exist per flow, whether anyone watches them is not shown.',
  },
  async detect(repo) {
    const files = [
      ...repo
        .byExt('.json', '.yaml', '.yml', '.bicep', '.tf', '.workbook')
        .filter((f) => QUERY_FILE.test(f.path)),
      ...repo.byExt('.kql', '.rules', '.promql'),
    ];
    const hits = await grepFiles(repo, files, FLOW_QUERY);
    if (hits.length)
      return [
        present([P.flows], 'medium', hits.map(loc), 'queries track latency or errors per route or operation'),
      ];
    // Without such a query, latency recorded per route is the half of it the code shows.
    // Files named for metrics first, then the usual homes of request handling (`app/` holds most of
    // a Rails tree, so it alone would fill the 400).
    const code = repo.byExt(...CODE).filter((f) => !TEST.test(f.path));
    const tier = (p: string) => (NAMED_FOR_METRICS.test(p) ? 0 : METRICS_FILE.test(p) ? 1 : 2);
    const metrics = await grepFiles(
      repo,
      [...code].sort((a, b) => tier(a.path) - tier(b.path)),
      LATENCY_METRIC,
      400,
      undefined,
      { max: 50 },
    );
    const recorded = metrics.filter((h) => ROUTE_KEY.test(h.text));
    const gateway = await grepFiles(
      repo,
      repo.byExt('.yaml', '.yml', '.json', '.tf', '.template').filter((f) => !TEST.test(f.path)),
      GATEWAY_METHOD_METRICS,
    );
    const found = [...recorded, ...gateway];
    if (!found.length) return [];
    return [
      present(
        [P.flows],
        'low',
        found.map(loc),
        'latency is recorded per route or API method; no dashboard or alert in the repository reads it per flow',
      ),
    ];
  },
});
