import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';

const P = { separate: 'oe.2.monitoring.business-data-separate' };

/** Database drivers, ORMs and migration tools: the application keeps its own records. Caches do not count. */
const STORES = [
  'mongoose',
  'mongodb',
  '@azure/cosmos',
  'pg',
  'mysql2?',
  'sequelize',
  'typeorm',
  '@prisma/client',
  'knex',
  'microsoft\\.entityframeworkcore[\\w.]*',
  'npgsql[\\w.]*',
  'microsoft\\.data\\.sqlclient',
  'system\\.data\\.sqlclient',
  'microsoft\\.azure\\.cosmos',
  'mongodb\\.driver',
  'dapper',
  'spring-boot-starter-data-(jpa|mongodb|jdbc|cassandra|r2dbc)',
  'hibernate-core',
  'liquibase-core',
  'flyway-core',
  'sqlalchemy',
  'psycopg2?(-binary)?',
  'psycopg\\[[\\w,]+\\]',
  'asyncpg',
  'pymongo',
  'azure-cosmos',
  'gorm\\.io/gorm',
  'github\\.com/jackc/pgx(/v\\d+)?',
  'github\\.com/lib/pq',
  'go\\.mongodb\\.org/mongo-driver',
  'github\\.com/go-sql-driver/mysql',
  'activerecord',
  'pg',
].join('|');

export default defineDetector({
  meta: {
    id: 'business-data-store',
    title: 'Application data kept in its own store',
    practices: Object.values(P),
    docs: 'Looks in dependency manifests for database drivers, ORMs and migration tools (Mongoose, the Cosmos DB SDK, pg, Prisma, Entity Framework Core, Npgsql, Spring Data JPA, Hibernate, Liquibase, Flyway, SQLAlchemy, psycopg, GORM, pgx...): the application writes its records to a database of its own rather than deriving them from telemetry. Caches (Redis, Valkey) do not count. Low: which figures are business figures, and that none is computed from logs, is not checked.',
  },
  async detect(repo) {
    const hits = await dependencyHits(repo, STORES);
    if (!hits.length) return [];
    const names = [...new Set(hits.map((h) => h.pkg))].slice(0, 4).join(', ');
    return [
      present(
        [P.separate],
        'low',
        hits.map((h) => h.location),
        `the application writes to a database of its own (${names})`,
      ),
    ];
  },
});
