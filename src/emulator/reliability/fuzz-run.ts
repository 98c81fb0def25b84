import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseUrl } from './generators';
import type { FuzzCase } from './generators';

/**
 * Sending fuzz inputs and judging the answers, shared by the fuzz test (`npm test`) and the soak (`npm run bench fuzz`).
 * An answer passes when it is no 5xx, comes within the time limit, and a 4xx is ADT-shaped: `{ error: { code, message } }`
 * as JSON, or, for a body ASP.NET cannot bind, its validation problem (application/problem+json with title, status and
 * errors), as the live service answers.
 */

export const REQUEST_TIME_LIMIT_MS = 10_000;
const corpusDir = fileURLToPath(new URL('./corpus', import.meta.url));

export interface CorpusFile { description: string; cases: FuzzCase[] }

export function loadCorpus(): FuzzCase[] {
  return readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort().flatMap((f) => {
    const file = JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as CorpusFile;
    return file.cases.map((c) => ({ ...c, kind: `corpus:${f}:${c.kind}` }));
  });
}

export interface Outcome { c: FuzzCase; status: number; ms: number; problem?: string }

/** Why an error answer is not one the live service could give, or undefined when it is. */
export function problemOf(status: number, contentType: string | null, body: unknown): string | undefined {
  const type = contentType ?? '';
  if (status === 400 && type.startsWith('application/problem+json')) {
    const p = body as { title?: unknown; status?: unknown; errors?: unknown };
    if (typeof p.title === 'string' && p.status === 400 && typeof p.errors === 'object' && p.errors !== null) return undefined;
    return 'validation problem without title, status and errors';
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.code === '' || error.message === '') {
    return `error ${status} is not ADT-shaped`;
  }
  if (!type.startsWith('application/json')) return 'error without a JSON content type';
  return undefined;
}

export async function send(baseUrl: string, c: FuzzCase): Promise<Outcome> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.body !== undefined && !('content-type' in headers)) {
    headers['content-type'] = c.method === 'PATCH' ? 'application/json-patch+json' : 'application/json';
  }
  const t0 = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(caseUrl(baseUrl, c), {
      method: c.method, headers, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIME_LIMIT_MS),
      ...(c.body !== undefined ? { body: c.body } : {}),
    });
    text = await response.text();
  } catch (err) {
    const ms = performance.now() - t0;
    const hang = (err as Error).name === 'TimeoutError';
    return { c, status: 0, ms, problem: hang ? `no answer within ${REQUEST_TIME_LIMIT_MS} ms` : `request failed: ${String(err)}` };
  }
  const ms = performance.now() - t0;
  const status = response.status;
  const verdict = (problem: string): Outcome => ({ c, status, ms, problem: `${problem}: ${text.slice(0, 300)}` });
  if (status >= 500) return verdict(`server error ${status}`);
  if (c.expect === 'accept' && (status < 200 || status >= 300)) return verdict(`expected success, got ${status}`);
  if (c.expect === 'reject' && (status < 400 || status >= 500)) return verdict(`expected a 4xx, got ${status}`);
  if (status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return verdict(`error ${status} without a JSON body`);
    }
    const problem = problemOf(status, response.headers.get('content-type'), body);
    if (problem) return verdict(problem);
  }
  return { c, status, ms };
}

export async function runAll(baseUrl: string, cases: FuzzCase[], workers: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length);
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < cases.length; i = next++) outcomes[i] = await send(baseUrl, cases[i]!);
  }));
  return outcomes;
}

export function describeFailures(outcomes: Outcome[]): string[] {
  return outcomes.filter((o) => o.problem).slice(0, 15).map((o) =>
    `[${o.c.kind}] ${o.c.method} ${o.c.path.slice(0, 120)} headers=${JSON.stringify(o.c.headers ?? {})} body=${JSON.stringify((o.c.body ?? '').slice(0, 160))} -> ${o.problem}`);
}

