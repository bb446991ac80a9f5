import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../atomicFile/index.js';
import { InputError } from '../diagnostics/index.js';
import { loadBuiltinModels, ModelSet, readText } from '../model/index.js';
import {
  buildServer,
  databaseHttpError,
  discoverIssuer,
  LOCAL_ACTOR,
  loadSampleWorkloads,
  type OidcSignIn,
  parseOidcConfig,
  upgradeAnswers,
} from '../server/index.js';
import {
  exportAll,
  ImportRefused,
  importAll,
  openStore,
  parseBackup,
  type Role,
  type Store,
} from '../store/index.js';

import { runWorker, type ScanJobOptions, scanDispatcher, webhookSecret } from './scanJobs.js';

interface DbOptions {
  db: string;
  databaseUrl?: string;
}

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

async function open(opts: DbOptions): Promise<Store> {
  try {
    return await openStore({ databaseUrl: opts.databaseUrl, sqliteFile: opts.db });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (
      opts.databaseUrl &&
      (e.code === '28P01' || e.code === '3D000' || databaseHttpError(err)?.statusCode === 503)
    ) {
      throw new InputError(`cannot reach the database at DATABASE_URL: ${e.message}`);
    }
    if (e.code === 'SQLITE_CANTOPEN' || e.code === 'SQLITE_NOTADB') {
      throw new InputError(`cannot open the SQLite database: ${e.message}`, { file: opts.db });
    }
    throw err;
  }
}

export async function runServe(
  opts: DbOptions & {
    host: string;
    port: string;
    singleUser?: boolean;
    samples?: boolean;
    oidcConfig?: string;
    rateLimit: string;
    trustProxy?: string;
    logLevel: string;
    webhookSecretFile?: string;
    allowLocalRepositories?: boolean;
  } & ScanJobOptions,
): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`--port: "${opts.port}" is not a port number`);
  if (opts.singleUser && !LOOPBACK.has(opts.host)) {
    throw new InputError(
      `--single-user turns off authentication, so it only listens on a loopback address, not ${opts.host}`,
      {},
      'drop --single-user and create tokens with `waymark token create`, or use --host 127.0.0.1',
    );
  }
  if (opts.singleUser && opts.oidcConfig) {
    throw new InputError(
      '--single-user turns off authentication; it cannot be combined with --oidc-config',
      {},
      'drop one of the two',
    );
  }
  const trustProxy = parseTrustProxy(opts.trustProxy);
  if (opts.singleUser && trustProxy) {
    throw new InputError(
      '--single-user only serves loopback; it cannot be combined with --trust-proxy',
      {},
      'drop one of the two',
    );
  }
  const oidc = opts.oidcConfig ? await loadOidc(opts.oidcConfig) : undefined;
  const store = await open(opts);
  const models = new ModelSet(loadBuiltinModels());
  if (opts.samples) {
    const loaded = await loadSampleWorkloads(store, models, LOCAL_ACTOR, EXAMPLES);
    if (loaded.length > 0) process.stdout.write(`loaded sample workloads: ${loaded.join(', ')}\n`);
  }
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const secret = webhookSecret(opts.webhookSecretFile);
  const scans = await scanDispatcher(store, models, opts, (line) => process.stderr.write(`${line}\n`));
  const app = await buildServer({
    store,
    models,
    scans,
    webhookSecret: secret,
    localRepositories: opts.allowLocalRepositories || opts.singleUser,
    auth: opts.singleUser ? 'single-user' : 'tokens',
    oidc,
    webRoot: WEB_ROOT,
    rateLimit: Number(opts.rateLimit),
    trustProxy,
    logger: { level: opts.logLevel },
    version: pkg.version,
  });
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port });
  } catch (err) {
    await app.close();
    await scans.close();
    await store.close();
    throw listenError(err, opts.host, port);
  }
  const mode = opts.singleUser
    ? 'single-user, no tokens'
    : oidc
      ? `sign-in with ${oidc.settings.config.issuer} or API tokens`
      : 'API tokens required';
  process.stdout.write(
    `Waymark is running at ${address.replace('[::1]', 'localhost')}/ (${store.description}; ${mode})\n`,
  );
  const stop = async () => {
    await app.close();
    await scans.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Reads the OIDC config file and the secret, then the issuer's discovery document (exit 2 on failure). */
async function loadOidc(file: string): Promise<OidcSignIn> {
  const settings = parseOidcConfig(readText(file), file, process.env.WAYMARK_OIDC_CLIENT_SECRET, (path) =>
    readFileSync(path, 'utf8'),
  );
  try {
    return await discoverIssuer(settings);
  } catch (err) {
    throw new InputError(
      err instanceof Error ? err.message : String(err),
      { file },
      'check the issuer URL, and that this machine reaches it',
    );
  }
}

export async function runTokenCreate(
  opts: DbOptions & { team: string; role: Role; name: string },
): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(opts.team)) {
    throw new InputError(`--team: "${opts.team}" must be lower-case letters, digits and dashes`);
  }
  const store = await open(opts);
  try {
    const { token, id } = await store.createToken(opts.team, opts.role, opts.name);
    process.stdout.write(`${token}\n`);
    process.stderr.write(`token ${id} for team ${opts.team} (${opts.role}); it is shown only this once\n`);
  } finally {
    await store.close();
  }
}

export async function runDbMigrate(opts: DbOptions): Promise<void> {
  const store = await open(opts);
  try {
    const done = await upgradeAnswers(store, new ModelSet(loadBuiltinModels()));
    const moves = done.flatMap((d) => d.moves);
    const moved = moves.filter((m) => m.kind === 'moved').length;
    process.stdout.write(`${store.description}: schema up to date\n`);
    if (moves.length > 0) {
      process.stdout.write(
        `answers under retired practice ids: ${moved} moved to their successors, ${moves.length - moved} kept as retired (see the audit log)\n`,
      );
    }
  } finally {
    await store.close();
  }
}

export async function runDbBackup(file: string | undefined, opts: DbOptions): Promise<void> {
  const store = await open(opts);
  try {
    const doc = await exportAll(store);
    const text = `${JSON.stringify(doc, null, 1)}\n`;
    if (file) {
      writeFileAtomic(file, text);
      process.stderr.write(
        `backed up ${doc.workloads.length} workloads, ${doc.answers.length} answers to ${file}\n`,
      );
    } else {
      process.stdout.write(text);
    }
  } finally {
    await store.close();
  }
}

export async function runDbRestore(file: string, opts: DbOptions): Promise<void> {
  // Checked in full before the database is opened: a file that is refused creates no database.
  const doc = parseBackup(readText(file), file);
  const store = await open(opts);
  try {
    const counts = await importAll(store, doc);
    process.stdout.write(
      `restored ${counts.workloads} workloads, ${counts.answers} answers, ${counts.milestones} milestones\n`,
    );
  } catch (err) {
    if (err instanceof ImportRefused) throw new InputError(err.message, { file });
    throw err;
  } finally {
    await store.close();
  }
}

/** Why the server could not take its address, in the user's terms; other errors pass through. */
const LISTEN_FAILURES: Record<string, [string, string]> = {
  EADDRINUSE: ['another program is listening there already', 'stop it, or choose another --port'],
  EADDRNOTAVAIL: ['this machine has no such address', 'use one of its addresses, e.g. --host 127.0.0.1'],
  EACCES: [
    'permission denied (ports below 1024 need privileges)',
    'choose --port 1024 or above, e.g. --port 8080',
  ],
  ENOTFOUND: ['the host name does not resolve', 'use an address, e.g. --host 127.0.0.1'],
  EAI_AGAIN: ['the host name does not resolve', 'use an address, e.g. --host 127.0.0.1'],
  EAFNOSUPPORT: ['this machine does not support that kind of address', 'use --host 127.0.0.1'],
};

function listenError(err: unknown, host: string, port: number): unknown {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  const failure = LISTEN_FAILURES[code];
  if (!failure) return err;
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new InputError(`cannot listen on ${where}: ${failure[0]} (${code})`, {}, failure[1]);
}

export async function runWorkerCommand(
  opts: DbOptions &
    ScanJobOptions & {
      concurrency: string;
      metricsPort?: string;
      metricsHost: string;
      maintenanceInterval: string;
    },
): Promise<void> {
  const databaseUrl = opts.databaseUrl;
  if (!databaseUrl) {
    throw new InputError(
      'waymark worker takes jobs from PostgreSQL: set DATABASE_URL or pass --database-url',
      {},
      'with SQLite, `waymark serve` runs scan jobs itself',
    );
  }
  const store = await open(opts);
  await runWorker(store, new ModelSet(loadBuiltinModels()), { ...opts, databaseUrl });
}

/** `--trust-proxy 10.0.0.5,10.1.0.0/16`: the balancers' addresses, each an IP or a CIDR range. */
export function parseTrustProxy(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const a of list) {
    const [address, bits, extra] = a.split('/');
    const family = isIP(address ?? '');
    const max = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max);
    if (family === 0 || !bitsOk || extra !== undefined)
      throw new InputError(
        `--trust-proxy: "${a}" is not an IP address or CIDR range`,
        {},
        'give addresses like 10.0.0.5 or 10.0.0.0/16, separated by commas',
      );
  }
  if (list.length === 0)
    throw new InputError('--trust-proxy: no address given', {}, 'give addresses like 10.0.0.5');
  return list;
}
