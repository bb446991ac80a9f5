import { InputError } from '../diagnostics/index.js';

export interface PushTarget {
  /** The server's base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  workload: string;
  token?: string | undefined;
}

/**
 * The options every command that talks to a Waymark server shares: the server URL (from
 * `--push` or `--server`, named by `flag` in messages), the workload id and the token.
 */
export function pushTarget(
  opts: { push?: string | undefined; workload?: string | undefined; token?: string | undefined },
  flag = '--push',
): PushTarget | undefined {
  if (!opts.push) return undefined;
  if (!/^https?:\/\//.test(opts.push)) throw new InputError(`${flag}: "${opts.push}" is not an http(s) URL`);
  if (!opts.workload) {
    throw new InputError(`${flag} needs --workload <id>`, {}, 'the id is in the workload page URL');
  }
  return {
    url: opts.push.replace(/\/+$/, ''),
    workload: opts.workload,
    token: opts.token ?? process.env.WAYMARK_TOKEN,
  };
}

/** Sends JSON to the workload's resource on the server; a refusal is explained, not thrown raw. */
export function pushJson(
  target: PushTarget,
  resource: string,
  method: 'PUT' | 'POST',
  body: unknown,
): Promise<unknown> {
  return request(target, resource, method, body);
}

/** Reads the workload's resource from the server; `undefined` when the server has none (404). */
export async function fetchJson(target: PushTarget, resource: string): Promise<unknown> {
  return request(target, resource, 'GET', undefined);
}

async function request(
  target: PushTarget,
  resource: string,
  method: 'GET' | 'PUT' | 'POST',
  body: unknown,
): Promise<unknown> {
  const url = `${target.url}/api/v1/workloads/${encodeURIComponent(target.workload)}/${resource}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new InputError(`cannot reach the Waymark server at ${target.url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: show the text as it came
  }
  // A missing resource of an existing workload is an answer ("none yet"), not a failure.
  if (method === 'GET' && res.status === 404 && message !== 'workload not found') return undefined;
  if (!res.ok) {
    const hint = res.status === 401 ? 'pass --token or set WAYMARK_TOKEN (waymark token create)' : undefined;
    const what = method === 'GET' ? 'request' : 'push';
    throw new InputError(`the server refused the ${what} (${res.status}): ${message}`, {}, hint);
  }
  return text ? JSON.parse(text) : undefined;
}
