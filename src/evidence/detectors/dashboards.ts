import { posix } from 'node:path';
import { defineDetector } from '../defineDetector.js';
import { grepFiles, type Hit, lineOf, loc, plural, present } from '../lib/helpers.js';
import type { EvidenceLocation } from '../types.js';

const P = {
  dashboards: 'oe.3.health-model.dashboards',
  central: 'pe.2.metrics.targets-central',
  memory: 'pe.4.code.memory',
};
/** Heap, working-set or resident memory of a process or container charted on a dashboard. */
const MEMORY =
  /jvm_memory_(used|committed)|jvm\.memory|process_resident_memory|container_memory_(working_set|rss|usage)|container\.memory\.(rss|usage|working_set)|go_memstats_heap|nodejs_heap|dotnet_gc_heap|process\.runtime\.\w+\.memory|process\.memory\.usage|Private Bytes|WorkingSet|memory_rss|heap_(used|size)|jvm\/memory\/used|container\/memory\/(used_bytes|working_set)|MemoryUtilization/i;

/** A threshold drawn on a graph, or a panel titled for a target. */
const TARGET_LINE =
  /"thresholdsStyle"\s*:\s*\{\s*"mode"\s*:\s*"(line|area|dashed|line\+area|dashed\+area)"|"title"\s*:\s*"[^"]*\b(SLO|SLOs|target|targets|objective|error budget)\b/i;

export default defineDetector({
  meta: {
    id: 'dashboards',
    title: 'Dashboards and workbooks as code',
    practices: Object.values(P),
    docs: 'Looks for Grafana dashboard JSON (panels with a schemaVersion), Azure Monitor workbooks (Notebook/1.0 content or Microsoft.Insights/workbooks), Azure portal dashboards (Microsoft.Portal/dashboards), Google Cloud Monitoring dashboard JSON (a grid, mosaic, column or row layout of time-series widgets), Grafana, Cloud Monitoring and CloudWatch dashboard resources in Terraform or CloudFormation, and the azd monitoring module given a dashboard name (it deploys an Application Insights dashboard). Dashboards count for central targets only where a panel draws threshold lines (Grafana thresholdsStyle line, area or dashed) or is titled for an SLO, target, objective or error budget (low: that those are the agreed targets is not checked). A dashboard charting heap, working-set or resident memory is low evidence that memory growth is tracked.',
  },
  async detect(repo) {
    const json = repo.byExt('.json').filter((f) => !/lock\.json$|^package\.json$|^tsconfig/.test(f.name));
    const grafana = (await grepFiles(repo, json, /"panels"\s*:/)).filter((h) =>
      /"schemaVersion"\s*:/.test(h.text),
    );
    const workbooks = await grepFiles(
      repo,
      [...json, ...repo.byExt('.workbook', '.bicep', '.tf', '.yaml', '.yml')],
      /Notebook\/1\.0|Microsoft\.Insights\/workbooks|Microsoft\.Portal\/dashboards|azurerm_(application_insights_workbook|portal_dashboard)|grafana_dashboard"|google_monitoring_dashboard"|aws_cloudwatch_dashboard"|AWS::CloudWatch::Dashboard/,
    );
    // Google Cloud Monitoring dashboards exported as JSON: a layout of widgets charting time series.
    const cloudMonitoring = (await grepFiles(repo, json, /"(grid|mosaic|column|row)Layout"\s*:/)).filter(
      (h) => /"timeSeriesQuery"\s*:/.test(h.text),
    );
    workbooks.push(...cloudMonitoring);
    // The azd monitoring module (registry pattern or the azd core template) deploys an Application
    // Insights portal dashboard when it is given a dashboard name that is not empty.
    const azdMonitoring = (
      await grepFiles(
        repo,
        repo.byExt('.bicep'),
        /^\s*module\s+\w+\s+'[^']*(avm\/ptn\/azd\/monitoring|core\/monitor\/monitoring\.bicep)/m,
      )
    ).filter((h) => /^\s*applicationInsightsDashboardName\s*:\s*(?!'')\S/m.test(h.text));
    for (const h of azdMonitoring) {
      const line = lineOf(h.text, /^\s*applicationInsightsDashboardName\s*:/m);
      workbooks.push({ ...h, line: line ?? h.line });
    }
    // A Bicep module that declares a dashboard deploys it only where another file uses the module.
    const bicep = repo.byExt('.bicep');
    const used = new Set<string>();
    if (workbooks.some((h) => h.file.ext === '.bicep'))
      for (const h of await grepFiles(repo, bicep, /^\s*module\s+\w+\s+'[^']+\.bicep'/m))
        for (const m of h.text.matchAll(/^\s*module\s+\w+\s+'([^']+\.bicep)'/gm))
          used.add(posix.normalize(posix.join(h.file.dir, m[1] ?? '')));
    const deployed = (h: Hit) =>
      h.file.ext !== '.bicep' ||
      /^main\.bicep$/i.test(h.file.name) ||
      used.has(h.file.path) ||
      /^\s*module\s/m.test(h.text);
    workbooks.splice(0, workbooks.length, ...workbooks.filter(deployed));
    const locs: EvidenceLocation[] = [...grafana, ...workbooks].map(loc);
    if (!locs.length) return [];
    const out = [
      present([P.dashboards], 'high', locs, `${plural(locs.length, 'dashboard or workbook')} kept as code`),
    ];
    const withTargets = [...grafana, ...workbooks]
      .map((h) => ({ h, line: lineOf(h.text, TARGET_LINE) }))
      .flatMap(({ h, line }) => (line ? [{ file: h.file.path, line }] : []));
    const memory = [...grafana, ...workbooks].flatMap((h) => {
      const line = lineOf(h.text, MEMORY);
      return line ? [{ file: h.file.path, line }] : [];
    });
    if (memory.length)
      out.push(
        present(
          [P.memory],
          'low',
          memory,
          'dashboards chart process or container memory; alerts on growth are not checked',
        ),
      );
    if (withTargets.length)
      out.push(present([P.central], 'low', withTargets, 'dashboards draw target lines or SLO panels'));
    return out;
  },
});
