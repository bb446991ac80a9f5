import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';

const P = { decided: 'pe.5.releases.flags-decided' };

export default defineDetector({
  meta: {
    id: 'feature-flags',
    title: 'Feature flags (OpenFeature, LaunchDarkly, App Configuration)',
    practices: Object.values(P),
    docs: 'Looks for feature flag SDKs declared as dependencies (OpenFeature, LaunchDarkly, Unleash, Flagsmith, flagd, Microsoft.FeatureManagement, @azure/app-configuration, Split, ConfigCat, GrowthBook) and flag definitions in configuration (FeatureManagement sections, App Configuration feature flags or flagd files). Flags in use show that the team decided to release features behind them; configuration alone is medium.',
  },
  async detect(repo) {
    const deps = await dependencyHits(
      repo,
      '@openfeature/[\\w-]+|openfeature[\\w.-]*|OpenFeature[\\w.]*|dev\\.openfeature[\\w.-]*|launchdarkly[\\w.-]*|@launchdarkly/[\\w-]+|LaunchDarkly[\\w.]*|unleash[\\w.-]*|@unleash/[\\w-]+|flagsmith[\\w.-]*|Microsoft\\.FeatureManagement[\\w.]*|@microsoft/feature-management|@azure/app-configuration[\\w-]*|azure-appconfiguration[\\w-]*|@splitsoftware/[\\w-]+|configcat[\\w.-]*|@growthbook/[\\w-]+',
    );
    const cfg = await grepFiles(
      repo,
      repo.byExt('.json', '.yaml', '.yml', '.bicep', '.tf'),
      /"FeatureManagement"\s*:|\.appconfig\.featureflag\/|azurerm_app_configuration_feature|"\$schema"\s*:\s*"[^"]*flagd/,
    );
    const locs = [...deps.map((d) => d.location), ...cfg.map(loc)];
    if (!locs.length) return [];
    const names =
      [...new Set(deps.map((d) => d.pkg))].slice(0, 3).join(', ') || 'flag definitions in configuration';
    return [present([P.decided], deps.length ? 'high' : 'medium', locs, `feature flags: ${names}`)];
  },
});
