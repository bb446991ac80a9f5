import { defineDetector } from '../defineDetector.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import type { EvidenceLocation } from '../types.js';

const P = { pruned: 'pe.5.observability.telemetry-pruned' };

/** Collector processors that drop or sample what was received. */
const COLLECTOR_DROP = /^\s{2}(filter|probabilistic_sampler|tail_sampling)(\/[\w-]+)?\s*:/m;
/** Relabelling that drops targets, series or labels (Prometheus, Grafana Agent, Alloy). */
const RELABEL_DROP = /\baction["']?\s*[:=]\s*["']?(drop|labeldrop)["']?\s*$/m;
/** Log shippers discarding streams: fluentd's null output, Fluent Bit's excluded paths. */
const LOG_DROP = /<match\s[^>]+>\s*\n\s*@type\s+null\b|^\s*Exclude_Path\s+\S/im;
/** Sampling below everything: a trace-id ratio under 1, Application Insights sampling under 100%. */
const SAMPLED =
  /TraceIdRatioBased\w*\s*\(\s*0?\.\d|OTEL_TRACES_SAMPLER_ARG["']?\s*[:=]\s*["']?0?\.\d|\bsamplingPercentage["']?\s*[:=]\s*["']?\d{1,2}(\.\d+)?["']?\s*[,}\n]|\bsampling_percentage\s*=\s*\d{1,2}(\.\d+)?\s*$|\btracesSampleRate\s*:\s*0?\.\d|\btraces_sample_rate\s*=\s*0?\.\d/m;
/**
 * The Application Insights Java agent sampling on its own settings (`applicationinsights.json`: a
 * sampling percentage or an override under 100). Azure Functions' `host.json` sampling is the
 * template's default, not a choice, so it does not count.
 */
const AGENT_SAMPLED =
  /"sampling"\s*:\s*\{[\s\S]{0,3000}?"percentage"\s*:\s*(?:\d{1,2}(?:\.\d+)?|0?\.\d+)\s*[,}\n]/;
/** OpenTelemetry auto-instrumentations switched off one by one. */
const INSTRUMENTATION_OFF = /['"]@opentelemetry\/instrumentation-[\w-]+['"]\s*:\s*\{\s*enabled\s*:\s*false/;

export default defineDetector({
  meta: {
    id: 'telemetry-pruning',
    title: 'Telemetry dropped or sampled before it is stored',
    practices: Object.values(P),
    docs: 'Looks for telemetry trimmed on its way in: OpenTelemetry Collector filter, probabilistic or tail sampling processors; Prometheus, Grafana Agent or Alloy relabel rules that drop; fluentd null outputs and Fluent Bit excluded paths; trace sampling below 100% (trace-id ratio samplers, OTEL_TRACES_SAMPLER_ARG, Application Insights samplingPercentage, the Application Insights Java agent sampling percentages or overrides under 100 (not the Functions template default in host.json), Sentry traces sample rate); OpenTelemetry auto-instrumentations switched off. Low: a setting shows telemetry is pruned, not that the team reviews what it collects every quarter. A sampler at 1.0 or always-on keeps everything and does not count.',
  },
  async detect(repo) {
    const yamls = repo.byExt('.yaml', '.yml');
    const collectors = (await grepFiles(repo, yamls, /^processors\s*:/m)).filter((h) =>
      /^receivers\s*:/m.test(h.text),
    );
    const locs: EvidenceLocation[] = [];
    for (const h of collectors) {
      const line = lineOf(h.text, COLLECTOR_DROP);
      if (line !== undefined) locs.push({ file: h.file.path, line });
    }
    const scrape = [
      ...yamls.filter((f) => /prometheus|alloy|agent|scrape|monitor|grafana|otel|collector/i.test(f.path)),
      ...repo.byExt('.alloy', '.river'),
    ];
    locs.push(...(await grepFiles(repo, scrape, RELABEL_DROP)).map(loc));
    const shippers = [...repo.byExt('.conf'), ...yamls].filter((f) => /fluent/i.test(f.path));
    locs.push(...(await grepFiles(repo, shippers, LOG_DROP)).map(loc));
    const config = repo
      .byExt(
        '.ts',
        '.js',
        '.mjs',
        '.py',
        '.cs',
        '.go',
        '.java',
        '.bicep',
        '.tf',
        '.json',
        '.yaml',
        '.yml',
        '.env',
        '.rb',
        '.php',
      )
      .filter((f) =>
        /otel|telemetry|tracing|tracer|instrument|sentry|insights|monitor|observ|compose|docker|\.env$/i.test(
          f.path,
        ),
      );
    locs.push(...(await grepFiles(repo, config, SAMPLED, 1000)).map(loc));
    locs.push(...(await grepFiles(repo, config, INSTRUMENTATION_OFF, 1000)).map(loc));
    const agents = repo.byNamePrefix('applicationinsights').filter((f) => f.ext === '.json');
    locs.push(...(await grepFiles(repo, agents, AGENT_SAMPLED, 200, undefined, { max: 20 })).map(loc));
    if (!locs.length) return [];
    return [
      present(
        [P.pruned],
        'low',
        locs,
        'telemetry is filtered, dropped or sampled before it is stored; a regular review of what is kept is not visible',
      ),
    ];
  },
});
