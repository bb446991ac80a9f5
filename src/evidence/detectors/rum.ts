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

export default defineDetector({
  meta: {
    id: 'rum',
    title: 'Real user monitoring',
    practices: Object.values(P),
    docs: 'Looks for browser monitoring SDKs in package manifests (Application Insights JavaScript SDK, Grafana Faro, Datadog RUM, New Relic Browser, Elastic RUM, Splunk RUM, OpenTelemetry web instrumentation, Sentry browser SDKs) and loader snippets in HTML pages (Application Insights, Datadog, New Relic, Faro, Instana EUM; medium). The web-vitals package alone is low: create-react-app adds it by default, often with no handler that reports the values.',
  },
  async detect(repo) {
    const sdks = (await dependencyHits(repo, SDKS)).map((d) => d.location);
    const pages = await grepFiles(
      repo,
      repo.byExt('.html', '.cshtml', '.razor', '.ejs', '.hbs', '.tsx', '.jsx'),
      SNIPPET,
      2000,
      undefined,
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
