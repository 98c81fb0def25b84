import type { RequestLogEntry } from '../../adt-client';

export interface LogFilter {
  method: string; // '' = any
  status: '' | '2xx' | '3xx' | '4xx' | '5xx' | 'failed';
  path: string;
}

export const EMPTY_FILTER: LogFilter = { method: '', status: '', path: '' };

export function matchesFilter(e: RequestLogEntry, f: LogFilter): boolean {
  if (f.method && e.method !== f.method) return false;
  if (f.status) {
    if (f.status === 'failed') {
      if (e.status !== 0) return false;
    } else if (Math.floor(e.status / 100) !== Number(f.status[0])) return false;
  }
  if (f.path && !decodeURIComponent(e.url).toLowerCase().includes(f.path.toLowerCase())) return false;
  return true;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that repeats the request. The Authorization header is always written as a placeholder: the log
 * never holds the token, and a copied command must not either.
 */
export function toCurl(e: RequestLogEntry): string {
  const parts = ['curl', '-X', e.method, shellQuote(e.url)];
  for (const [k, v] of Object.entries(e.requestHeaders)) {
    if (k.toLowerCase() === 'authorization') parts.push('-H', shellQuote('Authorization: Bearer $ADT_TOKEN'));
    else parts.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (e.requestBody !== undefined) parts.push('--data-raw', shellQuote(e.requestBody));
  return parts.join(' ').replace("'Authorization: Bearer $ADT_TOKEN'", '"Authorization: Bearer $ADT_TOKEN"');
}
