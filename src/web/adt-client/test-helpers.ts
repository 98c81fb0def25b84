import { AdtError } from './errors';
/** Test-only fake fetch: records every call and answers from a handler. */
export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type FakeHandler = (call: RecordedCall, index: number) => Response | Promise<Response>;

export function fakeFetch(handler: FakeHandler): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => { headers[k] = v; });
    const call: RecordedCall = {
      url: String(input), method: init?.method ?? 'GET', headers,
      body: typeof init?.body === 'string' ? init.body : undefined, signal: init?.signal ?? undefined,
    };
    calls.push(call);
    if (init?.signal?.aborted) throw init.signal.reason;
    return handler(call, calls.length - 1);
  };
  return { fetch: impl as typeof fetch, calls };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200, ...init, headers: { 'content-type': 'application/json; charset=utf-8', ...(init.headers as Record<string, string> | undefined) },
  });
}

export function empty(status = 204, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

export function adtError(status: number, code: string, message: string, headers: Record<string, string> = {}, statusText?: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status, statusText, headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The AdtError a call rejects with; fails the test when it resolves or rejects with something else. */
export async function failure(p: Promise<unknown>): Promise<AdtError> {
  const outcome = await p.then(() => undefined, (e: unknown) => e);
  if (!(outcome instanceof AdtError)) throw new Error(`expected an AdtError, got ${String(outcome)}`);
  return outcome;
}
