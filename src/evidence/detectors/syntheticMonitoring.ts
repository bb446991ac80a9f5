import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';

const P = { synthetic: 'pe.4.testing.synthetic' };

/** Availability tests, uptime checks, canaries and probers declared as code. */
const PROBES =
  /Microsoft\.Insights\/webtests|azurerm_application_insights_(standard_)?web_test|google_monitoring_uptime_check_config|AWS::Synthetics::Canary|aws_synthetics_canary|datadog_synthetics_test|newrelic_synthetics_\w+|prom\/blackbox-exporter|prometheus-blackbox-exporter|^\s*kind:\s*Probe\s*$|^\s*http_?check(\/[\w-]+)?:\s*$|new\s+(ApiCheck|BrowserCheck)\(/m;

const CRON_JOB = /^kind:\s*CronJob\s*$/m;
const CALLS_HTTP =
  /\b(curl|wget|hey|httpie|k6\s+run)\b[^\n]*https?:\/\/|\bhttps?:\/\/[^\s"']+[^\n]*\|\s*(grep|jq)/;

export default defineDetector({
  meta: {
    id: 'synthetic-monitoring',
    title: 'Synthetic monitoring',
    practices: Object.values(P),
    docs: 'Looks for probes that exercise the running workload on a schedule, declared as code: Application Insights availability (web) tests in Bicep, ARM or Terraform, Google uptime checks, AWS Synthetics canaries, Datadog and New Relic synthetics, the Prometheus blackbox exporter and Probe objects, the OpenTelemetry collector httpcheck receiver, and Checkly checks, read only where a manifest declares Checkly (medium: whether they cover the critical flows is not checked). A Kubernetes CronJob that calls the service over HTTP with curl, wget or k6 is a home-made probe (low).',
  },
  async detect(repo) {
    // Checkly checks are the only probes written in TypeScript or JavaScript here: that code is
    // read only when a manifest declares Checkly.
    const checkly = (await dependencyHits(repo, 'checkly|@checkly/[\\w-]+')).length > 0;
    const files = repo
      .byExt('.bicep', '.json', '.tf', '.yaml', '.yml', ...(checkly ? ['.ts', '.js'] : []))
      .filter((f) => !/lock|^package\.json$|^tsconfig/.test(f.name));
    const hits = await grepFiles(
      repo,
      files,
      PROBES,
      3000,
      /monitor|synthetic|probe|check|otel|collector|infra|deploy/i,
      { max: 20 },
    );
    if (hits.length)
      return [
        present(
          [P.synthetic],
          'medium',
          hits.map(loc),
          'synthetic probes of the running workload are declared',
        ),
      ];
    // A scheduled job that calls the service over HTTP is a home-made probe.
    const yaml = files.filter((f) => f.ext === '.yaml' || f.ext === '.yml');
    const cron = await grepFiles(repo, yaml, CRON_JOB, 2000, undefined, {
      max: 20,
      keep: (h) => CALLS_HTTP.test(h.text),
    });
    if (!cron.length) return [];
    return [
      present(
        [P.synthetic],
        'low',
        cron.map(loc),
        'a scheduled job calls the service over HTTP; whether it covers the critical flows is not visible',
      ),
    ];
  },
});
