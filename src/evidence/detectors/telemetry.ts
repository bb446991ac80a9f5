import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import type { Claim } from '../types.js';

const P = {
  instrumented: 'pe.2.code.instrumented',
  central: 'oe.2.monitoring.central-telemetry',
  tracing: 'pe.2.monitoring.tracing',
  metrics: 'pe.2.monitoring.app-metrics',
};

/** APM and error-tracking SDKs, which send telemetry to one hosted place. */
const APM =
  '@sentry/[\\w-]+|sentry-sdk|sentry_sdk|sentry-(?:ruby|rails|sidekiq|raven|laravel|symfony)|io\\.sentry|Sentry\\.[\\w.]+|github\\.com/getsentry/sentry-go|dd-trace|ddtrace|newrelic|newrelic_rpm|elastic-apm-node|elastic-apm|co\\.elastic\\.apm|@datadog/browser-[\\w-]+|scout_apm|skylight|appsignal';

/** Metrics libraries: Prometheus and OpenTelemetry clients, Micrometer, StatsD and Yabeda. */
const METRICS_LIBS =
  'prom-client|prometheus[-_]client|prometheus-net[\\w.]*|github\\.com/prometheus/client_golang|micrometer-registry-[\\w-]+|io\\.micrometer|@opentelemetry/sdk-metrics|spring-boot-starter-actuator|OpenTelemetry\\.Instrumentation\\.AspNetCore|aws-lambda-powertools|@aws-lambda-powertools/metrics|aws-embedded-metrics|yabeda(?:-[\\w-]+)?|prometheus_exporter|django-prometheus|prometheus-fastapi-instrumentator|prometheus-flask-exporter|starlette-exporter|statsd|python-statsd|statsd-ruby|dogstatsd-ruby|hot-shots|node-statsd|datadog';

/** Metrics the code records through a client or a wrapper of its own (`metrics.timer("server.call.elapsed", …)`). */
const OWN_METRIC =
  /\b\w*(?:metric|stat|meter)\w*\.(?:counter|timer|timing|gauge|histogram|incr|increment|distribution)\(\s*["'][\w.:-]+["']/i;
/** An error tracker sampling traces (a rate above zero, or a sampler function). */
const TRACES_SAMPLED =
  /\btraces_sample_rate\s*=\s*(0?\.0*[1-9]|1\b)|\btracesSampleRate\s*:\s*(0?\.0*[1-9]|1\b)|\btraces_sampler\s*=|\btracesSampler\s*:/;
/** Code files, those named for metrics first, then entry points (`main.py`, `app.ts`), then the rest. */
function byTier<T extends { path: string; name: string }>(files: readonly T[]): T[] {
  const tier = (f: T) =>
    /metric|stat|telemetr|instrument|observ|monitor|middleware/i.test(f.path)
      ? 0
      : /^(main|app|server|index|wsgi|asgi)\.\w+$/i.test(f.name)
        ? 1
        : 2;
  return [...files].sort((a, b) => tier(a) - tier(b));
}
const CODE_FILES = ['.py', '.rb', '.js', '.ts', '.mjs', '.go', '.java', '.cs', '.php'];
const NOT_TEST = (p: string) =>
  !/(^|\/)(tests?|spec|__tests__|e2e|_?integration[-_]tests?)\/|(^|\/)test_[^/]*\.py$|\.(test|spec)\.\w+$|_test\.(go|py)$/i.test(
    p,
  );

/** Telemetry packages that trace requests (the SDKs' tracing parts, instrumentations, OTLP exporters). */
const TRACING =
  '(?:@opentelemetry/|opentelemetry[-_.]|OpenTelemetry\\.|io\\.opentelemetry[\\w.-]*|go\\.opentelemetry\\.io/)[\\w./-]*(?:trac|otlp|OpenTelemetryProtocol|sdk-node|auto-instrumentations|distro|[Ii]nstrumentation)[\\w./-]*|aws-lambda-powertools|@aws-lambda-powertools/tracer|aws-xray-sdk[\\w-]*|applicationinsights|@microsoft/applicationinsights-[\\w-]+|Microsoft\\.ApplicationInsights[\\w.]*|@azure/monitor-opentelemetry|azure-monitor-opentelemetry[\\w-]*|Azure\\.Monitor\\.OpenTelemetry[\\w.]*';

/**
 * SDKs and instrumentations that record every request the service handles (rate, duration,
 * result, per operation) without code of the team's own: Application Insights and the Azure
 * Monitor distros, OpenTelemetry's web-framework instrumentations.
 */
const REQUEST_TELEMETRY =
  'applicationinsights|Microsoft\\.ApplicationInsights\\.(?:AspNetCore|WorkerService|Web)|@azure/monitor-opentelemetry|azure-monitor-opentelemetry[\\w-]*|Azure\\.Monitor\\.OpenTelemetry\\.AspNetCore|opentelemetry-instrumentation-(?:fastapi|flask|django|asgi|wsgi|aiohttp-server|tornado|falcon|pyramid)|@opentelemetry/instrumentation-(?:http|express|fastify|koa|hapi|nestjs-core)|@opentelemetry/auto-instrumentations-node|OpenTelemetry\\.Instrumentation\\.AspNetCore';

/** Manifests of a test harness (an integration-test client, an e2e runner) instrument the tests, not
 * the workload. */
const TEST_HARNESS = /(^|\/)(_?integration[-_]?tests?|tests?|e2e|testing)\//i;
const inWorkload = <T extends { location: { file: string } }>(hits: T[]) =>
  hits.filter((h) => !TEST_HARNESS.test(h.location.file));

export default defineDetector({
  meta: {
    id: 'telemetry',
    title: 'OpenTelemetry / Application Insights in code',
    practices: Object.values(P),
    docs: 'Looks for telemetry SDKs declared as dependencies (OpenTelemetry packages of each ecosystem, Application Insights, Azure Monitor OpenTelemetry distro, AWS Lambda Powertools and the X-Ray SDK, prom-client, Micrometer, Prometheus client libraries) and an OpenTelemetry Collector configuration. Tracing packages and exporters support end-to-end tracing; metrics client libraries (and Spring Boot Actuator) support request metrics. Without one, the request telemetry of Application Insights, the Azure Monitor distros or OpenTelemetry web-framework instrumentations, or an Azure Functions host.json sending to Application Insights, is low evidence of request metrics, unless OTEL_METRICS_EXPORTER=none switches them off. Metrics clients include StatsD, Yabeda and the Prometheus exporters of Django, FastAPI and Flask; without any, metrics the code records through a wrapper of its own (metrics.timer("server.call.elapsed")) are low evidence of request metrics. Without an OpenTelemetry or Application Insights SDK, a metrics library or an APM/error-tracking SDK (Sentry, Datadog, New Relic, Elastic APM, Scout, Skylight, AppSignal) still shows instrumented code, and the APM SDK a central place for errors (low); an APM SDK given a traces sample rate above zero traces requests (low).',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const sdk = inWorkload(
      await dependencyHits(
        repo,
        '@opentelemetry/[\\w.-]+|opentelemetry[\\w.-]*|go\\.opentelemetry\\.io/[\\w./-]+|OpenTelemetry[\\w.]*|io\\.opentelemetry[\\w.-]*|applicationinsights|@microsoft/applicationinsights-[\\w-]+|Microsoft\\.ApplicationInsights[\\w.]*|@azure/monitor-opentelemetry|azure-monitor-opentelemetry[\\w-]*|Azure\\.Monitor\\.OpenTelemetry[\\w.]*|opencensus[\\w.-]*|aws-lambda-powertools|@aws-lambda-powertools/[\\w-]+|aws-xray-sdk[\\w-]*',
      ),
    );
    const collector = await grepFiles(
      repo,
      byPath(
        repo
          .byExt('.yaml', '.yml')
          .filter((f) => /otel.*collector.*\.ya?ml$|^otel-config\.ya?ml$/i.test(f.name)),
      ),
      /^(receivers|exporters)\s*:/m,
    );
    if (sdk.length || collector.length) {
      const locs = [...sdk.map((s) => s.location), ...collector.map(loc)];
      out.push(
        present(
          [P.instrumented, P.central],
          sdk.length ? 'high' : 'medium',
          locs,
          `telemetry SDKs: ${[...new Set(sdk.map((s) => s.pkg))].slice(0, 4).join(', ') || 'OpenTelemetry Collector'}`,
        ),
      );
      // Asked for on its own: a manifest answers with its first telemetry package only, and that
      // may be an exporter of metrics.
      const tracing = inWorkload(await dependencyHits(repo, TRACING));
      if (tracing.length)
        out.push(
          present(
            [P.tracing],
            'medium',
            tracing.map((s) => s.location),
            'tracing instrumentation is declared',
          ),
        );
    }
    const metrics = inWorkload(await dependencyHits(repo, METRICS_LIBS));
    if (metrics.length)
      out.push(
        present(
          [P.metrics],
          'medium',
          metrics.map((m) => m.location),
          'a metrics client library is declared',
        ),
      );
    else {
      // Without a metrics library, request telemetry the SDK collects on its own, or an Azure
      // Functions host sending it to Application Insights.
      const requests = inWorkload(await dependencyHits(repo, REQUEST_TELEMETRY));
      const functionsHosts = await grepFiles(repo, repo.byName('host.json'), /"applicationInsights"\s*:/);
      // OTEL_METRICS_EXPORTER=none keeps the spans and drops the request metrics.
      const metricsOff = requests.length
        ? await grepFiles(
            repo,
            repo
              .byExt('.yaml', '.yml', '.env', '.tf', '.bicep', '.json', '.sh', '.py', '.js', '.ts')
              .filter((f) => !/lock/.test(f.name)),
            /\bOTEL_METRICS_EXPORTER["']?\s*(?:[:=,]|\n\s*value\s*:)\s*["']?none\b/,
            2000,
            undefined,
            { max: 1 },
          )
        : [];
      // Metrics recorded through the code's own wrapper (a metric provider, a stats client).
      const own =
        requests.length || functionsHosts.length
          ? []
          : await grepFiles(
              repo,
              byTier(repo.byExt(...CODE_FILES).filter((f) => NOT_TEST(f.path))),
              OWN_METRIC,
              400,
              undefined,
              {
                max: 5,
              },
            );
      if (own.length)
        out.push(
          present([P.metrics], 'low', own.map(loc), 'the code records metrics of its own through a wrapper'),
        );
      if ((requests.length && !metricsOff.length) || functionsHosts.length)
        out.push(
          present(
            [P.metrics],
            'low',
            [...(metricsOff.length ? [] : requests.map((r) => r.location)), ...functionsHosts.map(loc)],
            "request rate, duration and failures are recorded per operation by the telemetry SDK or the Functions host; no metric of the team's own is shown",
          ),
        );
    }
    // A metrics library or an APM/error-tracking SDK in the code is instrumentation too, when no
    // telemetry SDK above said so already.
    const apm = inWorkload(await dependencyHits(repo, APM));
    if (!sdk.length && (metrics.length || apm.length))
      out.push(
        present(
          [P.instrumented],
          'medium',
          [...apm.map((a) => a.location), ...metrics.map((m) => m.location)],
          `the code is instrumented: ${[...new Set([...apm, ...metrics].map((x) => x.pkg))].slice(0, 4).join(', ')}`,
        ),
      );
    // An error tracker that samples traces traces requests, whatever else it does.
    if (apm.length && !out.some((c) => c.practices.includes(P.tracing))) {
      const sampled = await grepFiles(
        repo,
        repo
          .byExt(...CODE_FILES)
          .filter(
            (f) =>
              NOT_TEST(f.path) &&
              /sentry|apm|trac|telemetr|monitor|init|config|settings|main|app/i.test(f.path),
          ),
        TRACES_SAMPLED,
        500,
        /sentry|apm|trac|init/i,
        { max: 5 },
      );
      if (sampled.length)
        out.push(
          present(
            [P.tracing],
            'low',
            sampled.map(loc),
            'the error-tracking SDK samples traces of requests; whether they cross every service is not visible',
          ),
        );
    }
    if (!sdk.length && !collector.length && apm.length)
      out.push(
        present(
          [P.central],
          'low',
          apm.map((a) => a.location),
          `errors or traces go to a hosted service (${[...new Set(apm.map((a) => a.pkg))].slice(0, 3).join(', ')}); metrics and logs are not shown collected`,
        ),
      );
    return out;
  },
});
