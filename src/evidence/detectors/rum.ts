import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';

const P = { rum: 'pe.3.feedback.rum' };

/** Browser SDKs that report page loads, interactions and Web Vitals from users' browsers. */
const SDKS =
  '@microsoft/applicationinsights-web|@microsoft/applicationinsights-react-js|@microsoft/applicationinsights-angularplugin-js|@grafana/faro-web-sdk|@grafana/faro-react|@datadog/browser-rum|@newrelic/browser-agent|@elastic/apm-rum|@splunk/otel-web|@opentelemetry/sdk-trace-web|@opentelemetry/auto-instrumentations-web|@opentelemetry/instrumentation-document-load|@sentry/browser|@sentry/react|@sentry/vue|@sentry/angular';
/** The App Insights or a RUM loader snippet pasted into a page. */
const SNIPPET =
  /js\.monitor\.azure\.com\/scripts\/b\/ai|datadoghq-browser-agent\.com|js-agent\.newrelic\.com|faro-web-sdk|"InstanaEumObject"|eum\.instana\.io|\/eum\.min\.js/;

/** Folders of tests and their data, and of documentation (a docs site is not the workload's UI). */
const TEST_DATA = /(^|\/)(tests?|__tests__|spec|fixtures?|testdata|test[-_]data|docs?)\//i;
/** Where a loader snippet usually sits: the page shell, layout or base template. */
const PAGE_SHELL =
  /(^|\/)(index|_document|_app|_layout|layout|base|app|main|root|shell|master)\.[\w.]+$|(^|\/)(templates?|views\/shared|pages|public)\//i;

export default defineDetector({
  meta: {
    id: 'rum',
    title: 'Real user monitoring',
    practices: Object.values(P),
    docs: 'Looks for browser monitoring SDKs in package manifests (Application Insights JavaScript SDK, Grafana Faro, Datadog RUM, New Relic Browser, Elastic RUM, Splunk RUM, OpenTelemetry web instrumentation, Sentry browser SDKs) and loader snippets in the workload HTML pages, not saved pages under test data or documentation (Application Insights, Datadog, New Relic, Faro, Instana EUM; medium). The web-vitals package alone is low: create-react-app adds it by default, often with no handler that reports the values.',
  },
  async detect(repo) {
    const sdks = (await dependencyHits(repo, SDKS)).map((d) => d.location);
    // The workload's own pages: saved pages under test data (a scraper's fixtures) are other sites'.
    const pages = await grepFiles(
      repo,
      repo
        .byExt('.html', '.cshtml', '.razor', '.ejs', '.hbs', '.tsx', '.jsx')
        .filter((f) => !TEST_DATA.test(f.path)),
      SNIPPET,
      600,
      PAGE_SHELL,
      { max: 20 },
    );
    const strong = [...sdks, ...pages.map(loc)];
    if (strong.length)
      return [present([P.rum], 'medium', strong, 'a browser SDK reports timings from real users')];
    const vitals = (await dependencyHits(repo, 'web-vitals')).map((d) => d.location);
    if (vitals.length)
      return [
        present(
          [P.rum],
          'low',
          vitals,
          'web-vitals is installed; whether the values are reported is not visible',
        ),
      ];
    return [];
  },
});
