import { InputError } from '../diagnostics/index.js';

export interface PushTarget {
  /** The server's base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  workload: string;
  token?: string | undefined;
}

/** The options every command that sends results to a Waymark server shares. */
export function pushTarget(opts: {
  push?: string;
  workload?: string;
  token?: string;
}): PushTarget | undefined {
  if (!opts.push) return undefined;
  if (!/^https?:\/\//.test(opts.push)) throw new InputError(`--push: "${opts.push}" is not an http(s) URL`);
  if (!opts.workload)
    throw new InputError('--push needs --workload <id>', {}, 'the id is in the workload page URL');
  return {
    url: opts.push.replace(/\/+$/, ''),
    workload: opts.workload,
    token: opts.token ?? process.env.WAYMARK_TOKEN,
  };
}

/** Sends JSON to the workload's resource on the server; a refusal is explained, not thrown raw. */
export async function pushJson(
  target: PushTarget,
  resource: string,
  method: 'PUT' | 'POST',
  body: unknown,
): Promise<unknown> {
  const url = `${target.url}/api/v1/workloads/${encodeURIComponent(target.workload)}/${resource}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new InputError(`cannot reach the Waymark server at ${target.url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: show the text as it came
    }
    const hint = res.status === 401 ? 'pass --token or set WAYMARK_TOKEN (waymark token create)' : undefined;
    throw new InputError(`the server refused the push (${res.status}): ${message}`, {}, hint);
  }
  return text ? JSON.parse(text) : undefined;
}
