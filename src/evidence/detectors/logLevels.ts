import { defineDetector } from '../defineDetector.js';
import { envOf, grepFiles, type Hit, lineOf, loc, present } from '../lib/helpers.js';
import type { Claim, RepoFile } from '../types.js';

const P = { levels: 'oe.4.production-feedback.log-levels' };

/** Application configuration files, per environment by their name (application-prod.yml, appsettings.Production.json). */
const APP_CONFIG =
  /^(application|appsettings|logback|log4j2?|logging|serilog|settings)([-_.][\w-]+)?\.(ya?ml|properties|json|xml|conf|ini)$/i;
const LEVEL_SETTING =
  /logging\.level\.|^\s*logging:\s*$|"(LogLevel|MinimumLevel)"\s*:|<(root|logger)\b[^>]*\blevel=|<springProfile\b|\b(log_)?level\s*[:=]\s*["']?(trace|debug|info|warn|warning|error)\b/im;
/** Files named for an environment in a settings folder (`config/environments/production.rb`). */
const ENV_FOLDER =
  /(^|\/)(settings|environments|config)\/(dev|development|test|qa|staging|stage|uat|preprod|prod|production|sandbox)\.(ya?ml|json|rb|toml)$/i;
/** A log level set in one of them (`log_level: debug`, `config.log_level = :info`). */
const LOG_LEVEL_LINE =
  /^\s*(config\.)?log_?level\s*[:=]\s*:?["']?(trace|debug|info|warn|warning|error|fatal)\b/im;
const LEVEL_WORD = /\b(trace|debug|information|info|warning|warn|error|critical|fatal)\b/gi;
const CODE_EXT = /\.(cs|py|js|ts|go|java|rb)$/;
/** Modules that configure telemetry or start the service. */
const TELEMETRY_SETUP =
  /otel|opentelemetry|telemetry|trac(e|er|ing)|instrument|observab|monitor|metric|program|startup|main|index|app|server|config|settings|extension|setup|init|boot/i;
/** Trace or telemetry sampling set explicitly. */
const SAMPLING =
  /OTEL_TRACES_SAMPLER|\bTRACE_(PROBABILITY|SAMPLE_RATE|SAMPLING_RATE|SAMPLING_RATIO)\b|["']?\bsampler["']?\s*[:=]\s*\{?\s*\n\s*["']?(type|argument)\b|\bsamplingPercentage\b|EnableAdaptiveSampling|"SamplingPercentage"|\bprobabilistic_sampler\b|\btail_sampling\b|TraceIdRatioBased(Sampler)?\(|\bParentBased(Sampler)?\(\s*\{?\s*root\s*:\s*new\s+TraceIdRatio|sampling_percentage|sampling_ratio\s*[:=]|\btraces_sample_rate\s*=\s*0?\.\d|\btracesSampleRate\s*:\s*0?\.\d/;
/** A log level passed to the service in its deployment files. */
const DEPLOY_LEVEL =
  /\b(?:[A-Z][A-Z0-9_]*)?LOG_?LEVEL["']?\s*[:=]|\b[A-Z][A-Z0-9_]*LOG4J_LOGGERS["']?\s*[:=]|^\s*logLevel\s*:|--(log-)?level[=\s]+["']?(trace|debug|info|warn|error)\b/m;

/**
 * Levels set per logger: a named logger's level in code (`logging.getLogger("azure.identity")
 * .setLevel(logging.WARNING)`, quieting a noisy library) or a Django LOGGING dictionary with a
 * `loggers` section (one that only sets the root level sets one level for everything).
 */
const LOGGER_LEVEL = /\bgetLogger\(\s*["'][\w.-]+["']\s*\)\.setLevel\(|^LOGGING\s*=\s*\{/m;

/** Where code creates its logger. */
const LOGGER_SETUP =
  /winston\.createLogger\(|\bcreateLogger\(\s*\{|\bpino\(|logging\.basicConfig\(|logging\.config\.dictConfig\(|new\s+LoggerConfiguration\(|zap\.New(Production|Development)(Config)?\(/;
/** A branch on the runtime environment. */
const ENV_BRANCH =
  /process\.env\.NODE_ENV|\bNODE_ENV\b|ASPNETCORE_ENVIRONMENT|IsDevelopment\(\)|IsProduction\(\)|os\.environ(\.get)?[([]["'](APP_)?ENV(IRONMENT)?["']/;

/** The levels a file sets, as one comparable string. */
const levels = (h: Hit) =>
  [...h.text.matchAll(LEVEL_WORD)].map((m) => (m[1] as string).toLowerCase()).join(',');

export default defineDetector({
  meta: {
    id: 'log-levels',
    title: 'Log levels and sampling per environment',
    practices: Object.values(P),
    docs: 'Looks for logging levels tuned per environment: environment-specific application configuration (application-prod.yml, appsettings.Production.json, logback springProfile sections) that sets different levels than the others, or settings kept one file per environment in a folder (Rails config/environments, config/settings/production.yml) whose log_level lines differ (medium; identical template levels in every file do not count); explicit trace or telemetry sampling (OTEL_TRACES_SAMPLER, Application Insights samplingPercentage or adaptive sampling, collector probabilistic or tail sampling, a Sentry traces sample rate below 1; medium); logger set-up in code that branches on the environment (NODE_ENV, ASPNETCORE_ENVIRONMENT; low), a Spring logging.level set in the base configuration, a log level passed to the service in deployment files (LOG_LEVEL, KAFKA_LOG4J_ROOT_LOGLEVEL, logLevel values, --level flags; low), or levels set per logger in Python (a named logger given its own level, a Django LOGGING dictionary; low).',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const configs = [
      ...(await grepFiles(
        repo,
        repo.files.filter((f) => APP_CONFIG.test(f.name)),
        LEVEL_SETTING,
      )),
      // Settings kept one file per environment in a folder (Rails' config/environments, the config
      // gem's config/settings/production.yml), compared by the log level lines alone: the rest of
      // such a file is code and comments whose words say nothing of levels.
      ...(
        await grepFiles(
          repo,
          repo.files.filter((f) => ENV_FOLDER.test(f.path) && !APP_CONFIG.test(f.name)),
          LOG_LEVEL_LINE,
          500,
        )
      ).map((h) => ({
        ...h,
        text: h.text
          .split('\n')
          .filter((l) => LOG_LEVEL_LINE.test(l))
          .join('\n'),
      })),
    ];
    const perEnv = configs.filter(
      (h) =>
        envOf(h.file.name.replace(/^[a-z]+/i, '')) ||
        ENV_FOLDER.test(h.file.path) ||
        /<springProfile\b/.test(h.text),
    );
    if (perEnv.length && new Set(configs.map(levels)).size > 1)
      out.push(present([P.levels], 'medium', perEnv.map(loc), 'log levels are set per environment'));
    // Sampling is set where tracing is set up: configuration anywhere, code only in the modules
    // that configure telemetry or start the service.
    const cfgFiles = repo
      .byExt(
        '.yaml',
        '.yml',
        '.json',
        '.env',
        '.bicep',
        '.tf',
        '.cs',
        '.py',
        '.js',
        '.ts',
        '.go',
        '.java',
        '.rb',
      )
      .filter((f) => !/lock|^package\.json$/.test(f.name))
      .filter((f) => !CODE_EXT.test(f.name) || TELEMETRY_SETUP.test(f.path));
    const sampling = await grepFiles(
      repo,
      cfgFiles,
      SAMPLING,
      3000,
      /otel|collector|telemetry|observab|monitor|config|infra/i,
      { max: 20 },
    );
    if (sampling.length)
      out.push(present([P.levels], 'medium', sampling.map(loc), 'telemetry sampling is set explicitly'));
    if (out.length) return out;
    const base = configs.filter((h) => /logging\.level\./.test(h.text));
    const deployFiles = repo.byExt('.yaml', '.yml', '.env').filter((f: RepoFile) => !/lock/.test(f.name));
    const deployed = await grepFiles(
      repo,
      deployFiles,
      DEPLOY_LEVEL,
      2000,
      /deploy|chart|values|k8s|kube|compose|manifest/i,
      { max: 20 },
    );
    // Logger set-up in code that branches on the environment (a console transport only outside
    // production, pretty printing in development).
    const loggers = await grepFiles(
      repo,
      repo
        .byExt('.js', '.ts', '.mjs', '.cjs', '.py', '.cs', '.go')
        // Loggers are set up in modules named for it, or in the entry point.
        .filter(
          (f) =>
            !/\.(test|spec)\.|\.d\.ts$/.test(f.name) &&
            /log|observ|telemetr|instrument|config|setting|^(app|server|index|main|program|startup|wsgi|asgi)\./i.test(
              f.name,
            ),
        ),
      LOGGER_SETUP,
      2000,
      /log|observ|telemetry|config/i,
      { max: 20, keep: (h) => ENV_BRANCH.test(h.text) },
    );
    const branching = loggers;
    if (branching.length)
      out.push(
        present(
          [P.levels],
          'low',
          branching.map((h) => ({ file: h.file.path, line: lineOf(h.text, ENV_BRANCH) ?? h.line })),
          'the logger is set up differently per environment in code',
        ),
      );
    if (out.length) return out;
    const perLogger = await grepFiles(
      repo,
      repo
        .byExt('.py')
        .filter(
          (f) =>
            !/(^|\/)(tests?|migrations)\/|^test_|_test\.py$/.test(f.path) && TELEMETRY_SETUP.test(f.path),
        ),
      LOGGER_LEVEL,
      2000,
      /settings|config|__init__|app|log/i,
      {
        max: 10,
        keep: (h) =>
          !/^LOGGING\b/.test(h.text.split('\n')[h.line - 1] ?? '') || /["']loggers["']\s*:\s*\{/.test(h.text),
      },
    );
    const weak = [...base, ...deployed, ...perLogger];
    if (weak.length)
      out.push(
        present(
          [P.levels],
          'low',
          weak.map(loc),
          'a log level is set in configuration; tuning per environment is not visible',
        ),
      );
    return out;
  },
});
