import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';

const P = { justified: 'pe.2.patterns.justified' };
const IAC =
  /Microsoft\.Cache\/(redis|redisEnterprise)|azurerm_redis_(cache|enterprise_cluster)|azurerm_managed_redis|Microsoft\.Cdn\/profiles|azurerm_cdn_(profile|frontdoor_profile)|azurerm_frontdoor|aws_elasticache_\w+|aws_cloudfront_distribution|google_redis_instance/;

export default defineDetector({
  meta: {
    id: 'caching',
    title: 'Caching (Redis, CDN)',
    practices: Object.values(P),
    docs: 'Looks for caches declared in IaC (Azure Cache for Redis, Azure CDN or Front Door, ElastiCache, CloudFront, Memorystore) and cache clients declared as dependencies (ioredis, redis, StackExchange.Redis, Microsoft.Extensions.Caching.*, node-cache, lru-cache, caffeine, django-redis...). A cache is an adopted performance pattern; whether a record weighs its gain against its cost cannot be seen, hence low for that practice.',
  },
  async detect(repo) {
    const iac = await grepFiles(
      repo,
      repo.byExt('.bicep', '.tf', '.json').filter((f) => f.name !== 'package.json'),
      IAC,
    );
    const deps = await dependencyHits(
      repo,
      'ioredis|redis|@redis/client|StackExchange\\.Redis|Microsoft\\.Extensions\\.Caching\\.[\\w.]+|node-cache|lru-cache|keyv|cachetools|django-redis|github\\.com/redis/go-redis(/v\\d+)?|github\\.com/go-redis/redis(/v\\d+)?|com\\.github\\.ben-manes\\.caffeine|caffeine|spring-boot-starter-cache|jedis|lettuce-core',
    );
    const locs = [...iac.map(loc), ...deps.map((d) => d.location)];
    if (!locs.length) return [];
    return [
      present(
        [P.justified],
        'low',
        locs,
        `a cache is in place, its gain against its cost is not recorded here: ${[...(iac.length ? ['cache or CDN in IaC'] : []), ...new Set(deps.map((d) => d.pkg))].slice(0, 4).join(', ')}`,
      ),
    ];
  },
});
