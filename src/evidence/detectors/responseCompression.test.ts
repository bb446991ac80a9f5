import { ruleTester } from '../ruleTester.js';
import detector from './responseCompression.js';

ruleTester(detector, [
  {
    name: 'gzip in nginx',
    files: { 'nginx/nginx.conf': 'http {\n  gzip on;\n  gzip_types text/css;\n}\n' },
    claims: [{ practice: 'pe.4.data.compression', status: 'met', at: 'nginx/nginx.conf:2' }],
  },
  {
    name: 'Spring Boot compression in the production profile',
    files: {
      'src/main/resources/config/application-prod.yml':
        'server:\n  port: 8080\n  compression:\n    enabled: true\n    mime-types: application/json\n',
    },
    claims: [
      {
        practice: 'pe.4.data.compression',
        status: 'met',
        at: 'src/main/resources/config/application-prod.yml:3',
      },
    ],
  },
  {
    name: 'ASP.NET Core response compression middleware',
    files: {
      'src/Web/Program.cs':
        'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddResponseCompression();\nvar app = builder.Build();\napp.UseResponseCompression();\n',
    },
    claims: [{ practice: 'pe.4.data.compression', status: 'met', at: 'src/Web/Program.cs:4' }],
  },
  {
    name: 'gzip_static, compression left off and a compressed gRPC exporter are not response compression',
    trap: true,
    files: {
      'src/nginx.conf': 'location / {\n  gzip_static on;\n}\n',
      'src/main/resources/application.properties': 'server.compression.enabled=false\n',
      'otel/collector.yaml': 'exporters:\n  otlp:\n    compression: gzip\n',
      'docs/perf.md': 'Turn on `gzip on;` in nginx and app.use(compression()) in Express.\n',
    },
    claims: [],
  },
  {
    name: 'FastAPI adds the GZip middleware in app.py',
    files: {
      'backend/app.py':
        'from fastapi import FastAPI\nfrom fastapi.middleware.gzip import GZipMiddleware\n\napp = FastAPI()\napp.add_middleware(GZipMiddleware, minimum_size=1000)\n',
    },
    claims: [{ practice: 'pe.4.data.compression', status: 'met', at: 'backend/app.py:5' }],
  },
  {
    name: 'the GZip middleware imported but never added, and other middleware added, compress nothing',
    trap: true,
    files: {
      'backend/app.py':
        'from fastapi.middleware.gzip import GZipMiddleware  # add_middleware(GZipMiddleware) later\napp.add_middleware(SessionMiddleware, secret_key=k)\n',
    },
    claims: [],
  },
]);
