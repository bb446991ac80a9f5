import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { storage: 'pe.3.data.storage-settings' };

/** Settings that size pools, batches, fetches and caches for an access pattern. */
const SETTINGS =
  /hibernate\.(jdbc\.(batch_size|fetch_size)|default_batch_fetch_size|order_inserts|order_updates)|\bdefault_batch_fetch_size\b|\bbatch_size\s*:\s*\d|hikari\.(maximum-pool-size|minimum-idle|maximumPoolSize)|^\s*(maximum-pool-size|maximumPoolSize|minimum-idle)\s*:\s*\d|Max(imum)?\s*Pool\s*Size\s*=\s*\d|Min\s*Pool\s*Size\s*=\s*\d|\bmaxPoolSize\s*[:=]\s*\d|\bpool_size\s*=\s*\d|\bmax_overflow\s*=\s*\d|\bCONN_MAX_AGE\b|^\s*maxmemory(-policy)?\s+\S+|^\s*(shared_buffers|work_mem|effective_cache_size|innodb_buffer_pool_size)\s*=/m;
const CONFIG_NAME =
  /^(application|appsettings|bootstrap)([-_.][\w-]+)?\.(ya?ml|properties|json)$|^(redis|postgresql|my)\.(conf|cnf)$|^settings\.py$|^(database|db)\.(py|js|ts|ya?ml|json)$/i;

export default defineDetector({
  meta: {
    id: 'storage-settings',
    title: 'Storage and data-access settings',
    practices: Object.values(P),
    docs: 'Looks in application and data-store configuration (Spring application*.yml/properties, appsettings*.json, redis.conf, postgresql.conf, my.cnf, Django settings, database modules) for settings sized for the access pattern instead of defaults: Hibernate batch and fetch sizes, Hikari or connection-string pool sizes, SQLAlchemy pool sizes, Redis maxmemory and eviction policy, database buffer and cache sizes. Low: the note linking a setting to a measured access pattern is not checked.',
  },
  async detect(repo) {
    const files = repo.files.filter((f) => CONFIG_NAME.test(f.name));
    const hits = await grepFiles(repo, files, SETTINGS);
    if (!hits.length) return [];
    return [
      present(
        [P.storage],
        'low',
        hits.map(loc),
        'pool, batch or cache sizes are set explicitly; their link to measured access is not visible',
      ),
    ];
  },
});
