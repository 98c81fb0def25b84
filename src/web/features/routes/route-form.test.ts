import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../shared/adt';
import { applySuggestion, checkEndpointName, checkFilter, checkRouteId, endpointChoices, filterSuggestions, testFilter } from './route-form';

describe('checkRouteId', () => {
  it('accepts ADT route ids and explains the rejected ones', () => {
    expect(checkRouteId('to-live_1')).toBeUndefined();
    expect(checkRouteId('')).toMatch(/Enter/);
    expect(checkRouteId('a b')).toMatch(/whitespace/);
    expect(checkRouteId('a/b')).toMatch(/whitespace, \//);
    expect(checkRouteId('x'.repeat(257))).toMatch(/256/);
  });
});

describe('checkFilter', () => {
  it('points at the syntax problem', () => {
    expect(checkFilter("type = 'x'")).toBeUndefined();
    const p = checkFilter("type = 'x' AND");
    expect(p).toBeDefined();
    expect(p!.offset).toBeGreaterThanOrEqual(10);
    expect(checkFilter('  ')?.message).toMatch(/"true" routes every event/);
    expect(checkFilter("NOT type = 'x'")).toBeDefined();
  });
});

describe('testFilter', () => {
  it('shows which sample events would pass', () => {
    const r = testFilter(`type = '${EVENT_TYPES.telemetry}'`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.results).toHaveLength(7);
    expect(r.results.filter((x) => x.passes).map((x) => x.event.type)).toEqual([EVENT_TYPES.telemetry]);
  });

  it('passes everything with true, nothing with false, and follows the body', () => {
    const all = testFilter('true');
    expect(all.ok && all.results.every((x) => x.passes)).toBe(true);
    const none = testFilter('false');
    expect(none.ok && none.results.some((x) => x.passes)).toBe(false);
    const body = testFilter('$body.temperature > 22');
    expect(body.ok && body.results.filter((x) => x.passes).map((x) => x.event.type)).toEqual([EVENT_TYPES.telemetry]);
  });

  it('reports a syntax error instead of results', () => {
    const r = testFilter("type = 'x' OR");
    expect(r.ok).toBe(false);
  });
});

describe('filterSuggestions', () => {
  it('offers attributes at the start, narrowed by the typed prefix', () => {
    const s = filterSuggestions('ty', 2);
    expect(s.items.map((i) => i.label)).toEqual(['type']);
    expect(applySuggestion('ty', s, s.items[0]!)).toEqual({ text: 'type', cursor: 4 });
  });

  it('offers event types after type =', () => {
    const s = filterSuggestions('type = ', 7);
    expect(s.items.map((i) => i.insertText)).toContain(`'${EVENT_TYPES.twinUpdate}'`);
    const applied = applySuggestion('type = ', s, s.items.find((i) => i.insertText.includes('Twin.Update'))!);
    expect(applied.text).toBe(`type = '${EVENT_TYPES.twinUpdate}'`);
    expect(checkFilter(applied.text)).toBeUndefined();
  });
});

describe('endpointChoices', () => {
  it('merges declared endpoints with those in use, once each', () => {
    expect(endpointChoices([{ id: 'a', endpointName: 'hook', filter: 'true' }, { id: 'b', endpointName: 'live', filter: 'true' }], ['live']))
      .toEqual(['hook', 'live']);
  });
});

describe('checkEndpointName against the endpoints the emulator offers', () => {
  it('refuses a name the emulator does not offer and names those it does', () => {
    expect(checkEndpointName('nope', ['live', 'hook'])).toBe('There is no endpoint "nope". The emulator offers: hook, live.');
    expect(checkEndpointName(' live ', ['live', 'hook'])).toBeUndefined();
    expect(checkEndpointName('nope')).toBeUndefined();
    expect(checkEndpointName('', ['live'])).toBe('Enter the name of an endpoint.');
  });
});
