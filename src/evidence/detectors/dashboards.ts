import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';
import type { EvidenceLocation } from '../types.js';

const P = { dashboards: 'oe.3.health-model.dashboards', central: 'pe.2.metrics.targets-central' };

export default defineDetector({
  meta: {
    id: 'dashboards',
    title: 'Dashboards and workbooks as code',
    practices: Object.values(P),
    docs: 'Looks for Grafana dashboard JSON (panels with a schemaVersion), Azure Monitor workbooks (Notebook/1.0 content or Microsoft.Insights/workbooks), Azure portal dashboards (Microsoft.Portal/dashboards) and Grafana dashboard resources in Terraform. Whether they show performance targets cannot be told from the files, hence low confidence for that practice.',
  },
  async detect(repo) {
    const json = repo.byExt('.json').filter((f) => !/lock\.json$|^package\.json$|^tsconfig/.test(f.name));
    const grafana = (await grepFiles(repo, json, /"panels"\s*:/)).filter((h) =>
      /"schemaVersion"\s*:/.test(h.text),
    );
    const workbooks = await grepFiles(
      repo,
      [...json, ...repo.byExt('.workbook', '.bicep', '.tf')],
      /Notebook\/1\.0|Microsoft\.Insights\/workbooks|Microsoft\.Portal\/dashboards|azurerm_(application_insights_workbook|portal_dashboard)|grafana_dashboard"/,
    );
    const locs: EvidenceLocation[] = [...grafana, ...workbooks].map(loc);
    if (!locs.length) return [];
    return [
      present([P.dashboards], 'high', locs, `${plural(locs.length, 'dashboard or workbook')} kept as code`),
      present([P.central], 'low', locs, 'dashboards exist; whether they show the targets is not visible'),
    ];
  },
});
