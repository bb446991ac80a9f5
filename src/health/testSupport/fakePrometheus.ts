/** A stand-in for the Prometheus HTTP API, for tests that need an answer of their choosing. */
import { serve, type TestServer } from './http.js';

export interface FakePrometheus extends TestServer {
  /** The form parameters of every query received, in order. */
  readonly params: URLSearchParams[];
}

export type FakeAnswer = { status: number; body: string } | undefined;

/** Every query answers one sample of value 1, except those `special` answers itself. */
export async function fakePrometheus(
  special: (query: string, params: URLSearchParams) => FakeAnswer = () => undefined,
): Promise<FakePrometheus> {
  const params: URLSearchParams[] = [];
  const s = await serve((_req, res, body) => {
    const p = new URLSearchParams(body);
    params.push(p);
    const answer = special(p.get('query') ?? '', p) ?? {
      status: 200,
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, '1'] }] },
      }),
    };
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/json');
    res.end(answer.body);
  });
  return Object.assign(s, { params });
}
