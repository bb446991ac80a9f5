/**
 * Database schema and seed changes applied by tooling rather than by hand after a deployment:
 * migration frameworks (Liquibase, Flyway, EF Core, Alembic, Django, Rails, Prisma, golang-migrate,
 * Hasura) and schema scripts that the application runs at start.
 */
import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import type { EvidenceLocation, RepoFile } from '../types.js';

const P = { postDeploy: 'oe.2.iac-config.post-deploy-scripted' };

/** Migration files recognised by where their framework keeps them. */
const MIGRATION_PATH =
  /(^|\/)db\/migration\/V\d+[._]{1,2}\w*\.sql$|(^|\/)migrations\/\d{4}_\w+\.py$|(^|\/)db\/migrate\/\d{8,}_\w+\.rb$|(^|\/)prisma\/migrations\/\d{8,}[\w-]*\/migration\.sql$|(^|\/)alembic\/versions\/\w+\.py$|(^|\/)migrations\/\d+_[\w-]+\.up\.sql$|(^|\/)hasura\/migrations\/[\w/-]+\/up\.sql$|(^|\/)Migrations\/\d{14}_\w+\.cs$/;
const LIQUIBASE = /<databaseChangeLog\b|^databaseChangeLog\s*:/m;
/** The application applies migrations or schema scripts itself at start. */
const AT_START =
  /\.Database\.(Migrate|MigrateAsync|EnsureCreated)\(|\bMigrateDbContext\b|spring\.sql\.init\.mode\s*[=:]\s*always|spring\.(flyway|liquibase)\.enabled\s*[=:]\s*true|\bmanage\.py\s+migrate\b|\balembic\s+upgrade\b|\bprisma\s+migrate\s+deploy\b|\brails\s+db:migrate\b|\bhasura\s+migrate\s+apply\b|cli-migrations/;

/** Paths of source files where a service starts up or applies its schema. */
const START_CODE =
  /program|startup|main|index|app|server|entry|start|boot|host|extension|setup|init|migrat|database|(^|[/_.-])db([/_.-]|$)|seed|manage\.py|wsgi|asgi|package\.json/i;

export default defineDetector({
  meta: {
    id: 'db-migrations',
    title: 'Database migrations applied by tooling',
    practices: Object.values(P),
    docs: 'Looks for schema and seed changes that tooling applies after a deployment rather than a person: migration files where their framework keeps them (Flyway db/migration/V1__*.sql, Django and Alembic migrations (Alembic revisions in any versions/ folder, known by their down_revision), Rails db/migrate, Prisma, golang-migrate *.up.sql, Hasura, EF Core Migrations), Liquibase changelogs, and applications or entrypoints that apply them at start (Database.Migrate, spring.sql.init.mode=always, manage.py migrate, alembic upgrade, prisma migrate deploy, hasura migrate apply). Medium: they script one kind of post-deployment configuration.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const kinds = new Set<string>();
    const files = repo.files.filter((f) => MIGRATION_PATH.test(f.path));
    if (files.length) {
      kinds.add('migration files');
      locs.push(
        ...byPath([...files])
          .slice(0, 3)
          .map((f) => ({ file: f.path })),
      );
    }
    // Alembic keeps its revisions in any `versions/` folder the project names (a revision file knows
    // the one before it).
    if (!files.length) {
      const revisions = await grepFiles(
        repo,
        byPath(repo.files.filter((f) => /(^|\/)versions\/[\w-]+\.py$/.test(f.path))),
        /^down_revision\s*[:=]/m,
        200,
        undefined,
        { max: 3 },
      );
      if (revisions.length) {
        kinds.add('migration files');
        locs.push(...revisions.map((h) => ({ file: h.file.path })));
      }
    }
    const changelogs = await grepFiles(
      repo,
      byPath(
        repo.files.filter((f) => /changelog|liquibase|master/i.test(f.path) && /\.(xml|ya?ml)$/.test(f.name)),
      ),
      LIQUIBASE,
      300,
      undefined,
      { max: 3 },
    );
    if (changelogs.length) {
      kinds.add('Liquibase changelogs');
      locs.push(...changelogs.slice(0, 3).map(loc));
    }
    // Source files are read where start-up lives (entry points, hosting extensions, migration
    // helpers): reading every source file for these calls was one of the costliest steps of a scan.
    const code: RepoFile[] = byPath(
      repo.files.filter(
        (f) =>
          /\.(properties|ya?ml|sh|toml)$/.test(f.name) ||
          (/\.(cs|py|js|ts|json)$/.test(f.name) && START_CODE.test(f.path)) ||
          f.name === 'Dockerfile' ||
          f.name === 'Procfile',
      ),
    );
    const start = await grepFiles(
      repo,
      code,
      AT_START,
      3000,
      /program|startup|extension|application|entrypoint|docker|migrat/i,
      { max: 3 },
    );
    if (start.length) {
      kinds.add('migrations applied at start');
      locs.push(...start.slice(0, 3).map(loc));
    }
    if (!locs.length) return [];
    return [
      present(
        [P.postDeploy],
        'medium',
        locs,
        `database changes are applied by tooling: ${[...kinds].join(', ')}`,
      ),
    ];
  },
});
