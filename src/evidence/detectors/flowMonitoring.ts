import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { flows: 'pe.3.alerting.flow-monitoring' };

/** Labels and columns that name a route, operation or span rather than a whole service. */
const FLOW_LABEL =
  '(http_route|route|path|http_path|url_path|operation|operation_name|operation_Name|span_name|uri|endpoint|handler|rpc_method|grpc_method|rpc_grpc_method|http_target)';
/** PromQL grouped or filtered by such a label, or KQL summarised by operation. */
const FLOW_QUERY = new RegExp(
  `\\bby\\s*\\([^)]*\\b${FLOW_LABEL}\\b[^)]*\\)|\\{[^}]*\\b${FLOW_LABEL}\\s*(=~?|!=)\\s*\\\\?["'][^"'\\\\]+|summarize\\b[^|\\n]*\\bby\\b[^|\\n]*\\b(operation_Name|OperationName)\\b|\\bwhere\\s+operation_Name\\s*(==|in|has)`,
);
/** Where such queries live: dashboards, alert and recording rules, workbooks, KQL files. */
const QUERY_FILE = /dashboard|alert|rule|workbook|monitor|grafana|prometheus|slo/i;

export default defineDetector({
  meta: {
    id: 'flow-monitoring',
    title: 'Latency and errors per user flow',
    practices: Object.values(P),
    docs: 'Looks in dashboards, alert and recording rules, workbooks and KQL files for queries that group or filter by a route, operation or span name (PromQL by (http_route) or {span_name="..."}, KQL summarize ... by operation_Name): response times or errors tracked per flow rather than per service. Medium: whether those routes are the critical flows is not checked.',
  },
  async detect(repo) {
    const files = [
      ...repo
        .byExt('.json', '.yaml', '.yml', '.bicep', '.tf', '.workbook')
        .filter((f) => QUERY_FILE.test(f.path)),
      ...repo.byExt('.kql', '.rules', '.promql'),
    ];
    const hits = await grepFiles(repo, files, FLOW_QUERY);
    if (!hits.length) return [];
    return [
      present([P.flows], 'medium', hits.map(loc), 'queries track latency or errors per route or operation'),
    ];
  },
});
