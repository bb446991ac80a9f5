import { ruleTester } from '../ruleTester.js';
import detector from './logLevels.js';

ruleTester(detector, [
  {
    name: 'Spring profiles with different log levels',
    files: {
      'src/main/resources/config/application-dev.yml': 'logging:\n  level:\n    ROOT: DEBUG\n',
      'src/main/resources/config/application-prod.yml': 'logging:\n  level:\n    ROOT: INFO\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'met',
        confidence: 'medium',
        at: [
          'src/main/resources/config/application-dev.yml:1',
          'src/main/resources/config/application-prod.yml:1',
        ],
      },
    ],
  },
  {
    name: 'trace sampling set in the collector',
    files: {
      'otel/collector.yaml': 'processors:\n  probabilistic_sampler:\n    sampling_percentage: 10\n',
    },
    claims: [{ practice: 'oe.4.production-feedback.log-levels', status: 'met', at: 'otel/collector.yaml:2' }],
  },
  {
    name: 'a log level passed in a Deployment is weak',
    files: {
      'deploy/backend.yaml':
        'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          command: ["./api", "--level=info"]\n',
    },
    claims: [
      { practice: 'oe.4.production-feedback.log-levels', status: 'partial', at: 'deploy/backend.yaml:7' },
    ],
  },
  {
    name: 'a Winston logger that adds console output only outside production',
    files: {
      'src/config/observability.ts':
        "import winston from 'winston';\nexport const logger = winston.createLogger({ level: 'info', transports: [] });\nif (process.env.NODE_ENV !== 'production') {\n  logger.add(new winston.transports.Console());\n}\n",
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'partial',
        at: 'src/config/observability.ts:3',
      },
    ],
  },
  {
    name: 'a logger with one hard-coded level, whatever the environment, is not tuning',
    trap: true,
    files: {
      'payment/app.py':
        'import logging\nlogging.basicConfig(level=logging.INFO)\napp.logger.setLevel(logging.INFO)\n',
      'src/utils/env.js': "export const isDev = process.env.NODE_ENV === 'development';\n",
    },
    claims: [],
  },
  {
    name: 'template appsettings with the same levels in every environment are not tuning',
    trap: true,
    files: {
      'src/Web/appsettings.json':
        '{\n  "Logging": {\n    "LogLevel": {\n      "Default": "Information"\n    }\n  }\n}\n',
      'src/Web/appsettings.Development.json':
        '{\n  "Logging": {\n    "LogLevel": {\n      "Default": "Information"\n    }\n  }\n}\n',
      'docs/ops.md': 'Set OTEL_TRACES_SAMPLER to parentbased_traceidratio in production.\n',
    },
    claims: [],
  },
  {
    name: 'a sampler named in a chart component is not telemetry sampling',
    trap: true,
    files: { 'web/components/chart.ts': 'const label = "TraceIdRatioBased(0.5) explained";\n' },
    claims: [],
  },
]);

ruleTester(detector, [
  {
    name: 'trace probability from the environment is explicit sampling',
    files: {
      'pkg/observability/config.go':
        'type Config struct {\n\tSampleRate float64 `env:"TRACE_PROBABILITY, default=0.40"`\n}\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'met',
        confidence: 'medium',
        at: 'pkg/observability/config.go:2',
      },
    ],
  },
  {
    name: 'an OpenTelemetry Instrumentation sampler block in Terraform is explicit sampling',
    files: {
      'terraform/opentelemetry.tf':
        'spec = {\n  "sampler" = {\n    "type"     = "parentbased_traceidratio"\n    "argument" = "1"\n  }\n}\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'met',
        confidence: 'medium',
        at: 'terraform/opentelemetry.tf:2',
      },
    ],
  },
  {
    name: 'Kafka log4j levels in compose, a quieted library logger, a Django LOGGING dict are levels set per logger (low)',
    files: {
      'docker-compose.yml':
        'services:\n  kafka:\n    environment:\n      KAFKA_LOG4J_ROOT_LOGLEVEL: "WARN"\n',
      'src/backend/app/__init__.py':
        'import logging\n\nlogging.basicConfig(level=logging.INFO)\nlogging.getLogger("azure.identity").setLevel(logging.WARNING)\n',
      'hc/settings.py':
        'DEBUG = False\n\nLOGGING = {\n    "version": 1,\n    "loggers": {\n        "django.request": {"level": "ERROR"},\n    },\n}\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'partial',
        confidence: 'low',
        at: ['docker-compose.yml:4', 'src/backend/app/__init__.py:4', 'hc/settings.py:3'],
      },
    ],
  },
  {
    name: 'a logger level set in a test, and a sampler word in prose, are not tuning',
    trap: true,
    files: {
      'tests/test_app.py': 'logging.getLogger("app").setLevel(logging.DEBUG)\n',
      'project/settings.py':
        'LOGGING = {\n    "version": 1,\n    "root": {"handlers": ["console"], "level": "DEBUG"},\n}\n',
      'README.md': 'Set the sampler:\n  type: always_on\n',
    },
    claims: [],
  },
  {
    name: 'a Sentry SDK sampling traces in a Rails initializer is explicit sampling',
    files: {
      'config/initializers/sentry.rb':
        'Sentry.init do |config|\n  config.dsn = ENV["SENTRY_DSN"]\n  config.traces_sample_rate = 0.05\nend\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'met',
        confidence: 'medium',
        at: 'config/initializers/sentry.rb:3',
      },
    ],
  },
  {
    name: 'settings kept one file per environment set different log levels',
    files: {
      'config/settings.yml': 'service_name: app\nlog_level: info\n',
      'config/settings/development.yml': 'log_level: debug\n',
      'config/settings/production.yml': 'log_level: info\n',
    },
    claims: [
      {
        practice: 'oe.4.production-feedback.log-levels',
        status: 'met',
        confidence: 'medium',
        at: 'config/settings/development.yml:1',
      },
    ],
  },
  {
    name: 'Rails environment files whose comments differ but that set one level are no tuning',
    trap: true,
    files: {
      'config/environments/production.rb':
        '# Log errors and info to stdout\nRails.application.configure do\n  config.log_level = :info\nend\n',
      'config/environments/development.rb':
        '# Show full error reports and debug output\nRails.application.configure do\n  config.log_level = :info\nend\n',
      'spec/support/sentry.rb': 'config.traces_sample_rate = 1.0\n',
    },
    claims: [],
  },
]);
