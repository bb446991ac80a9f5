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
