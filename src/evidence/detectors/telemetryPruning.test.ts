import { ruleTester } from '../ruleTester.js';
import detector from './telemetryPruning.js';

const P = 'pe.5.observability.telemetry-pruned';

ruleTester(detector, [
  {
    name: 'a collector filter processor',
    files: {
      'otel-collector/config.yaml':
        'receivers:\n  otlp: {}\nprocessors:\n  batch: {}\n  filter/health:\n    traces:\n      span: [\'attributes["http.route"] == "/health"\']\nexporters:\n  debug: {}\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'otel-collector/config.yaml:5' }],
  },
  {
    name: 'an Alloy relabel rule that drops containers, and a fluentd null output',
    files: {
      'grafana-stack/config.alloy':
        'discovery.relabel "app" {\n  rule {\n    source_labels = ["__meta_docker_container_label_type"]\n    regex = "infra"\n    action = "drop"\n  }\n}\n',
      'fluentd/fluent.conf':
        '<match kubernetes.var.log.containers.**kube-system**.log>\n  @type null\n</match>\n',
    },
    claims: [
      { practice: P, status: 'partial', at: ['grafana-stack/config.alloy:5', 'fluentd/fluent.conf:1'] },
    ],
  },
  {
    name: 'a 10% trace sampler and auto-instrumentations switched off',
    files: {
      'src/tracing.ts':
        "new NodeSDK({ sampler: new TraceIdRatioBasedSampler(0.1) });\ngetNodeAutoInstrumentations({ '@opentelemetry/instrumentation-fs': { enabled: false } });\n",
    },
    claims: [{ practice: P, status: 'partial', at: 'src/tracing.ts:1' }],
  },
  {
    name: 'sampling at 1.0, a Hasura permission filter and relabelling that keeps are not pruning',
    trap: true,
    files: {
      'src/otel.py': 'provider = TracerProvider(sampler=TraceIdRatioBased(1.0))\n',
      'compose.yaml': 'services:\n  api:\n    environment:\n      OTEL_TRACES_SAMPLER_ARG: "1"\n',
      'hasura/metadata/tables/users.yaml':
        'select_permissions:\n  - role: user\n    permission:\n      filter:\n        id: { _eq: X-Hasura-User-Id }\n',
      'prometheus/prometheus.yml':
        'scrape_configs:\n  - job_name: pods\n    relabel_configs:\n      - action: keep\n        regex: true\n',
    },
    claims: [],
  },
  {
    name: 'the Application Insights Java agent samples health-check requests at 1%',
    files: {
      'lib/applicationinsights.json':
        '{\n  "role": { "name": "api" },\n  "preview": {\n    "sampling": {\n      "overrides": [\n        { "telemetryType": "request", "percentage": 1 }\n      ]\n    }\n  }\n}\n',
    },
    claims: [
      {
        practice: 'pe.5.observability.telemetry-pruned',
        status: 'partial',
        at: 'lib/applicationinsights.json:4',
      },
    ],
  },
  {
    name: 'the Functions template host.json and an agent keeping 100% sample nothing by choice',
    trap: true,
    files: {
      'api/host.json':
        '{\n  "version": "2.0",\n  "logging": { "applicationInsights": { "samplingSettings": { "isEnabled": true, "excludedTypes": "Request" } } }\n}\n',
      'applicationinsights.json': '{\n  "sampling": {\n    "percentage": 100\n  }\n}\n',
    },
    claims: [],
  },
  {
    name: 'a Sentry initializer in Ruby sampling 5% of traces prunes telemetry',
    files: {
      'config/initializers/sentry.rb': 'Sentry.init do |config|\n  config.traces_sample_rate = 0.05\nend\n',
    },
    claims: [
      {
        practice: 'pe.5.observability.telemetry-pruned',
        status: 'partial',
        at: 'config/initializers/sentry.rb:2',
      },
    ],
  },
]);
