/** An HTTP error with a stable machine-readable code; the body is always `{ error, message }`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);

/** Seconds a client is told to wait when the database is away. */
export const RETRY_AFTER_SECONDS = 5;

const unavailable = () =>
  new HttpError(
    503,
    'unavailable',
    'the database does not answer; try again shortly',
    {},
    { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );

/** Socket errors: the database is unreachable or went away mid-request. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a lost or never-made connection with these messages and no code. */
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * What a database error means to the client, or undefined for a bug. Outages and lock waits are
 * 503 with Retry-After; a row that collides with another or lost what it refers to is 409 (a
 * race between two requests, or a name already taken); a value the database cannot hold is 400.
 */
export function databaseHttpError(err: unknown): HttpError | undefined {
  for (const e of causes(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || PG_CONNECTION_MESSAGE.test(e.message)) return unavailable();
    // SQLSTATE classes: 08 connection, 53 resources, 57 operator intervention (shutdown), 40 rollback.
    if (/^(08|53|57|40)[0-9A-Z]{3}$/.test(code)) return unavailable();
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED')
      return unavailable();
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return new HttpError(
        409,
        'conflict',
        'this collides with something that exists already; reload and retry',
      );
    if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      return new HttpError(
        409,
        'conflict',
        'this refers to something that no longer exists; reload and retry',
      );
    if (/^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_TOOBIG')
      return new HttpError(400, 'bad_request', 'the database cannot store a value of this request');
  }
  return undefined;
}

/** The error and everything it wraps (`cause`, AggregateError's `errors`), breadth first. */
function causes(err: unknown): { code?: unknown; message: string }[] {
  const out: { code?: unknown; message: string }[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (!(e instanceof Error)) continue;
    out.push({ code: 'code' in e ? e.code : undefined, message: e.message });
    if (e.cause !== undefined) queue.push(e.cause);
    if (e instanceof AggregateError) queue.push(...e.errors);
  }
  return out;
}

/** Text from a request shown back in an error: control characters escaped, at most `max` long. */
export function shown(text: string, max = 120): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max)}…`;
}
