import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../adt-client';
import { matchesFilter, toCurl, EMPTY_FILTER } from './log-filter';

const entry = (over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id: '1', method: 'PATCH', url: 'https://h/digitaltwins/room%201?api-version=2023-10-31', status: 412, durationMs: 3, attempt: 1,
  requestHeaders: { authorization: '[redacted]', 'content-type': 'application/json-patch+json', 'if-match': 'W/"x"' },
  responseHeaders: {}, requestBody: `[{"op":"replace","path":"/name","value":"it's"}]`, ...over,
});

describe('request log filter', () => {
  it('filters by method, status class and decoded path', () => {
    expect(matchesFilter(entry(), EMPTY_FILTER)).toBe(true);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, method: 'GET' })).toBe(false);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, status: '4xx' })).toBe(true);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, status: '2xx' })).toBe(false);
    expect(matchesFilter(entry({ status: 0 }), { ...EMPTY_FILTER, status: 'failed' })).toBe(true);
    expect(matchesFilter(entry(), { ...EMPTY_FILTER, path: 'room 1' })).toBe(true);
  });
});

describe('toCurl', () => {
  it('repeats the request with a token placeholder, quoting safely', () => {
    const curl = toCurl(entry());
    expect(curl).toContain(`-X PATCH 'https://h/digitaltwins/room%201?api-version=2023-10-31'`);
    expect(curl).toContain('"Authorization: Bearer $ADT_TOKEN"');
    expect(curl).not.toContain('[redacted]');
    expect(curl).toContain(`'if-match: W/"x"'`);
    expect(curl).toContain(`--data-raw '[{"op":"replace","path":"/name","value":"it'\\''s"}]'`);
  });
});
