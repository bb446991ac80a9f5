import { ruleTester } from '../ruleTester.js';
import detector from './telemetry.js';

const P = {
  instrumented: 'pe.2.code.instrumented',
  central: 'oe.2.monitoring.central-telemetry',
  tracing: 'pe.2.monitoring.tracing',
  metrics: 'pe.2.monitoring.app-metrics',
};

ruleTester(detector, [
  {
    name: 'the OpenTelemetry SDK and a metrics client',
    files: {
      'package.json':
        '{\n  "name": "shop",\n  "dependencies": {\n    "@opentelemetry/sdk-node": "^0.52.0",\n    "prom-client": "^15.0.0"\n  }\n}\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met', confidence: 'high', at: 'package.json:4' },
      { practice: P.central, status: 'met', at: 'package.json:4' },
      { practice: P.tracing, status: 'met' },
      { practice: P.metrics, status: 'met', at: 'package.json:5' },
    ],
  },
  {
    name: 'a .NET project listing the OTLP exporter before the ASP.NET Core instrumentation traces and measures requests',
    files: {
      'src/Defaults/Defaults.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="OpenTelemetry.Exporter.Console" />\n    <PackageReference Include="OpenTelemetry.Instrumentation.AspNetCore" />\n  </ItemGroup>\n</Project>\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met', at: 'src/Defaults/Defaults.csproj:3' },
      { practice: P.central, status: 'met' },
      { practice: P.tracing, status: 'met', at: 'src/Defaults/Defaults.csproj:4' },
      { practice: P.metrics, status: 'met', at: 'src/Defaults/Defaults.csproj:4' },
    ],
  },
  {
    name: 'Spring Boot Actuator with a Micrometer registry is instrumented code with request metrics',
    files: {
      'pom.xml':
        '<project>\n  <dependencies>\n    <dependency>\n      <artifactId>spring-boot-starter-actuator</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>io.micrometer</groupId>\n      <artifactId>micrometer-registry-prometheus</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met', confidence: 'medium' },
      { practice: P.metrics, status: 'met' },
    ],
  },
  {
    name: 'an error-tracking SDK is instrumentation and a hosted place for errors',
    files: { 'api/package.json': '{ "dependencies": { "@sentry/node": "5.30.0" } }\n' },
    claims: [
      { practice: P.instrumented, status: 'met', at: 'api/package.json:1' },
      { practice: P.central, status: 'partial' },
    ],
  },
  {
    name: 'a package description that mentions OpenTelemetry is not an SDK (trap)',
    trap: true,
    files: {
      'package.json':
        '{\n  "name": "shop",\n  "description": "we should add @opentelemetry/sdk-node and sentry",\n  "dependencies": {\n    "express": "^4.0.0"\n  }\n}\n',
    },
    claims: [],
  },
  {
    name: 'an APM SDK in the manifest of an integration-test harness instruments the tests, not the workload',
    trap: true,
    files: {
      '_integration-test/nodejs/package.json':
        '{\n  "name": "harness",\n  "dependencies": { "@sentry/node": "^8.0.0" }\n}\n',
      'tests/e2e/package.json':
        '{\n  "name": "e2e",\n  "dependencies": { "@opentelemetry/sdk-node": "^0.52.0" }\n}\n',
    },
    claims: [],
  },
]);

ruleTester(detector, [
  {
    name: 'the Azure Monitor OpenTelemetry distro records requests per operation (low), without a metrics library',
    files: {
      'src/api/requirements.txt': 'fastapi==0.115.0\nazure-monitor-opentelemetry==1.6.0\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met' },
      { practice: P.central, status: 'met' },
      { practice: P.tracing, status: 'met' },
      { practice: P.metrics, status: 'partial', confidence: 'low', at: 'src/api/requirements.txt:2' },
    ],
  },
  {
    name: 'an Azure Functions host sending to Application Insights records its invocations (low)',
    files: {
      'packages/api/host.json':
        '{\n  "version": "2.0",\n  "logging": {\n    "applicationInsights": {\n      "samplingSettings": { "isEnabled": false }\n    }\n  }\n}\n',
    },
    claims: [{ practice: P.metrics, status: 'partial', confidence: 'low', at: 'packages/api/host.json:4' }],
  },
  {
    name: 'an Application Insights resource in Bicep alone, and the SDK in a test harness, record nothing of the app',
    trap: true,
    files: {
      'infra/monitoring.bicep':
        "resource ai 'Microsoft.Insights/components@2020-02-02' = {\n  name: 'appi'\n  kind: 'web'\n}\n",
      'tests/e2e/package.json': '{\n  "dependencies": {\n    "applicationinsights": "^2.9.0"\n  }\n}\n',
    },
    claims: [],
  },
  {
    name: 'OpenTelemetry instrumentation with OTEL_METRICS_EXPORTER=none traces requests but records no request metrics',
    files: {
      'website/requirements.txt': 'flask==3.0.0\nopentelemetry-instrumentation-flask==0.48b0\n',
      'website/service.yaml': 'env:\n  - name: OTEL_METRICS_EXPORTER\n    value: none\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met' },
      { practice: P.central, status: 'met' },
      { practice: P.tracing, status: 'met' },
    ],
  },
  {
    name: 'a Rails app with Sentry sampling traces and Yabeda metrics; a Python service timing calls through its own wrapper',
    files: {
      Gemfile: 'gem "sentry-rails"\ngem "yabeda-rails"\n',
      'config/initializers/sentry.rb': 'Sentry.init do |config|\n  config.traces_sample_rate = 0.05\nend\n',
      'svc/pyproject.toml': '[project]\nname = "svc"\ndependencies = ["fastapi"]\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met', at: 'Gemfile:1' },
      { practice: P.central, status: 'partial' },
      { practice: P.metrics, status: 'met', at: 'Gemfile:2' },
      { practice: P.tracing, status: 'partial', confidence: 'low', at: 'config/initializers/sentry.rb:2' },
    ],
  },
  {
    name: 'metrics recorded through a wrapper of its own are low evidence of request metrics',
    files: {
      'src/app/main.py':
        'async def dispatch(request, call_next):\n    tags = {"endpoint": request.url.path}\n    metric_provider.timer("server.call.elapsed", value=1.0, tags=tags)\n',
    },
    claims: [{ practice: P.metrics, status: 'partial', confidence: 'low', at: 'src/app/main.py:3' }],
  },
  {
    name: 'a wrapper called in an integration test, and Sentry with tracing switched off, record and trace nothing',
    trap: true,
    files: {
      '_integration-test/test_basics.py': 'metrics.timer("test.elapsed", 1)\n',
      'requirements.txt': 'sentry-sdk==2.0\n',
      'app/settings.py': 'sentry_sdk.init(dsn=DSN, traces_sample_rate=0.0)\n',
    },
    claims: [
      { practice: P.instrumented, status: 'met' },
      { practice: P.central, status: 'partial' },
    ],
  },
]);
