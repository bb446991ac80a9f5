import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';

const P = { central: 'oe.2.monitoring.central-telemetry' };

export default defineDetector({
  meta: {
    id: 'structured-logging',
    title: 'Structured logging libraries',
    practices: Object.values(P),
    docs: 'Looks for structured (JSON) logging libraries declared as dependencies: pino, winston, bunyan, Serilog, NLog, structlog, python-json-logger, loguru, zap, zerolog, logrus, slog-based handlers, logstash-logback-encoder. Structured logs can be queried centrally; the library alone does not show where logs go, hence low confidence.',
  },
  async detect(repo) {
    const hits = await dependencyHits(
      repo,
      'pino|winston|bunyan|Serilog[\\w.]*|NLog[\\w.]*|structlog|python-json-logger|loguru|go\\.uber\\.org/zap|github\\.com/rs/zerolog|github\\.com/sirupsen/logrus|logstash-logback-encoder|net\\.logstash\\.logback',
    );
    if (!hits.length) return [];
    return [
      present(
        [P.central],
        'low',
        hits.map((h) => h.location),
        `structured logging: ${[...new Set(hits.map((h) => h.pkg))].join(', ')}`,
      ),
    ];
  },
});
