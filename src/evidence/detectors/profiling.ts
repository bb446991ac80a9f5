import { defineDetector } from '../defineDetector.js';
import { grepFiles, isDockerfile, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = { profiling: 'pe.4.code.profiling' };

/** Profilers started from code: the import or agent start is the switch. */
const IN_CODE =
  /^\s*(_\s+)?"net\/http\/pprof"|^\s*import\s+_\s+"net\/http\/pprof"|\bpprof\.(Index|Profile|Handler)\b|^\s*import\s+googlecloudprofiler|googlecloudprofiler\.start\(|require\(['"]@google-cloud\/profiler['"]\)\.start|from\s+['"]@google-cloud\/profiler['"]|profiler\.Start\(profiler\.Config|pyroscope\.(configure|Start)\(|Pyroscope\.init\(|\bprofiles_sample_rate\s*=\s*(0?\.0*[1-9]|1\b)|\bprofilesSampleRate\s*:\s*(0?\.0*[1-9]|1\b)/m;
/** Profiler libraries in manifests. */
const LIBS =
  '@google-cloud/profiler|cloud\\.google\\.com/go/profiler|google-cloud-profiler|googlecloudprofiler|github\\.com/grafana/pyroscope-go|pyroscope-io|@pyroscope/nodejs|io\\.pyroscope|pyroscope[\\w.-]*|microsoft\\.applicationinsights\\.profiler\\.[\\w.]+|datadog\\.trace\\.profiling|async-profiler|stackprof|skylight|@sentry/profiling-node';
/** Test code: a test that sets up a profiler profiles nothing in production. */
const TEST_CODE =
  /(^|\/)(_?integration[-_]tests?|tests?|spec|__tests__)\/|(^|\/)test_[^/]*\.py$|\.(test|spec)\.\w+$|_test\.(go|py)$/i;
/** Error trackers whose SDKs also profile when a profiles sample rate is set in code. */
const PROFILING_SDKS = 'sentry-ruby|sentry-rails|sentry-sdk|@sentry/[\\w-]+';
/** Profilers switched on in configuration or deployed beside the services. */
const IN_CONFIG =
  /APPINSIGHTS_PROFILERFEATURE_VERSION|DiagnosticServices_EXTENSION_VERSION|DD_PROFILING_ENABLED["']?\s*[:=]\s*["']?true|PYROSCOPE_SERVER_ADDRESS|grafana\/pyroscope|pyroscope\/pyroscope|opentelemetry-ebpf-profiler|ebpf-profiler|ghcr\.io\/parca-dev\/parca|-agentpath:[^\s"']*cprof|ENABLE_PROFILER|INSTANA_AUTO_PROFILE["']?\s*[:= ]\s*["']?true/;

export default defineDetector({
  meta: {
    id: 'profiling',
    title: 'Continuous profiling',
    practices: Object.values(P),
    docs: 'Looks for profilers a running service can be examined with: Go net/http/pprof handlers, Cloud Profiler, Pyroscope or Datadog profiling started in code, or a Sentry SDK given a profiles sample rate above zero (high); profiler libraries in manifests (medium: installed is not started); profilers switched on or deployed in configuration and IaC (Application Insights Profiler settings, DD_PROFILING_ENABLED, Pyroscope, Parca or the OpenTelemetry eBPF profiler in compose, Kubernetes or collector files, Instana AutoProfile in Dockerfiles or manifests; medium).',
  },
  async detect(repo) {
    const out: Claim[] = [];
    const libs: EvidenceLocation[] = (await dependencyHits(repo, LIBS)).map((d) => d.location);
    // Go's pprof is in the standard library; every other profiler started from code is a package a
    // manifest declares, so the other languages' code is read only when one is (most repositories
    // have none, and reading all their code is most of a large scan).
    const sdks = libs.length ? [] : await dependencyHits(repo, PROFILING_SDKS);
    const code = await grepFiles(
      repo,
      libs.length || sdks.length
        ? repo
            .byExt('.go', '.py', '.js', '.ts', '.mjs', '.java', '.cs', '.rb')
            .filter((f) => !TEST_CODE.test(f.path))
        : repo.byExt('.go'),
      IN_CODE,
      3000,
      /main|server|app|index|profil/i,
      { max: 20 },
    );
    if (code.length)
      out.push(present([P.profiling], 'high', code.map(loc), 'a profiler is started in the service code'));
    const cfg = await grepFiles(
      repo,
      repo.files
        .filter(
          (f) =>
            ['.yaml', '.yml', '.json', '.bicep', '.tf', '.env', '.toml'].includes(f.ext) || isDockerfile(f),
        )
        .filter((f) => !/lock/.test(f.name)),
      IN_CONFIG,
      2000,
      undefined,
      { max: 20 },
    );
    const rest = [...libs, ...cfg.map(loc)];
    if (!code.length && rest.length)
      out.push(
        present([P.profiling], 'medium', rest, 'a profiler is installed or switched on in configuration'),
      );
    return out;
  },
});
