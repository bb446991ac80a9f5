import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Dialect, migrations } from './migrations.js';
import type { Database } from './schema.js';

export const DEFAULT_SQLITE_FILE = '.waymark/waymark.db';
/** How long a request waits for a PostgreSQL connection before it is answered 503. */
export const CONNECT_TIMEOUT_MS = 3000;

export interface ConnectOptions {
  /** A postgres:// URL; when absent, SQLite at `sqliteFile`. */
  databaseUrl?: string | undefined;
  sqliteFile?: string | undefined;
}

export interface Connection {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly description: string;
}

export function connect(opts: ConnectOptions): Connection {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      // While the database is down a request fails within seconds (503) instead of queueing.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Notices a peer that vanished without closing the connection.
      keepAlive: true,
    });
    // A connection the server closes (restart, failover) emits 'error': while idle in the pool,
    // on the pool; while checked out between two queries of a transaction, on the client. The
    // pool drops it and the next query opens a new one, and the request in flight fails with
    // its own error (503); without these listeners the event would end the process.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const url = new URL(opts.databaseUrl);
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      description: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`,
    };
  }
  const file = opts.sqliteFile ?? DEFAULT_SQLITE_FILE;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  // WAL: readers never wait for the writer. synchronous=NORMAL in WAL mode loses nothing a
  // committed transaction wrote when the process dies; only a power cut can cost the last ones.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }),
    dialect: 'sqlite',
    description: `SQLite at ${file}`,
  };
}

/** Brings the schema up to date; safe to run on every start and from several instances. */
export async function migrate(conn: Connection): Promise<string[]> {
  const migrator = new Migrator({ db: conn.db, provider: migrations(conn.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
