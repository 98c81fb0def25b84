import { describe, it, expect } from 'vitest';
import { EVENT_TYPES } from '../adt';
import { parseRouteFilter } from './filter';
import { routeFilterCompletions, routeFilterMetadata } from './metadata';

describe('routeFilterMetadata', () => {
  const meta = routeFilterMetadata();

  it('lists every event type once with its portal family', () => {
    expect(meta.eventTypes.map((e) => e.type).sort()).toEqual(Object.values(EVENT_TYPES).sort());
    expect(meta.eventTypes.find((e) => e.type === EVENT_TYPES.twinUpdate)?.family).toBe('DigitalTwinChangeNotification');
  });

  it('lists the filterable attributes, each with an example that parses', () => {
    expect(meta.attributes.map((a) => a.name)).toEqual(['type', 'source', 'subject', 'id', 'dataschema', 'datacontenttype', 'specversion', 'time', 'traceparent']);
    for (const a of meta.attributes) expect(parseRouteFilter(a.example).ok, a.example).toBe(true);
  });

  it('lists functions, operators and legacy families consistent with the parser', () => {
    for (const f of meta.functions) expect(parseRouteFilter(f.signature.replace('x', 'type')).ok, f.signature).toBe(true);
    for (const op of meta.operators) expect(parseRouteFilter(`$body.a ${op} 1`).ok).toBe(true);
    for (const l of meta.legacyEventTypes) expect(parseRouteFilter(`$eventType = '${l.name}'`).ok).toBe(true);
  });

  it('returns copies, so a caller cannot corrupt the next answer', () => {
    meta.eventTypes[0]!.type = 'broken';
    expect(routeFilterMetadata().eventTypes[0]!.type).not.toBe('broken');
  });
});

describe('routeFilterCompletions', () => {
  const labels = (text: string, offset = text.length): string[] => routeFilterCompletions(text, offset).items.map((i) => i.label);

  it('suggests attributes, $body and functions where a condition starts', () => {
    for (const text of ['', '(', `type = 'a' AND `, `type = 'a' or `]) {
      const l = labels(text);
      expect(l).toContain('type');
      expect(l).toContain('$body.');
      expect(l).toContain('STARTS_WITH');
      expect(l).not.toContain('=');
    }
  });

  it('replaces the word being typed', () => {
    const r = routeFilterCompletions(`type = 'a' AND sub`, 18);
    expect(r).toMatchObject({ from: 15, to: 18 });
    expect(r.items.map((i) => i.label)).toContain('subject');
  });

  it('suggests operators after a field', () => {
    expect(labels('type ')).toEqual(['=', '!=', '<', '<=', '>', '>=']);
    expect(labels('$body.temp ')).toContain('>=');
  });

  it('suggests quoted event types after type =, and inside an open string', () => {
    expect(labels('type = ')).toContain(`'${EVENT_TYPES.telemetry}'`);
    const open = routeFilterCompletions(`type = 'Micro`, 13);
    expect(open.from).toBe(7);
    expect(open.items.map((i) => i.insertText)).toContain(`'${EVENT_TYPES.twinCreate}'`);
    expect(labels(`STARTS_WITH(type, '`)).toContain(`'${EVENT_TYPES.relationshipCreate}'`);
    expect(labels(`$eventType = `)).toContain(`'DigitalTwinLifecycleNotification'`);
    expect(labels(`specversion = `)).toEqual([`'1.0'`]);
  });

  it('suggests AND/OR after a complete comparison', () => {
    expect(labels(`type = 'a' `)).toEqual(['AND', 'OR']);
    expect(labels(`(true) `)).toEqual(['AND', 'OR']);
  });

  it('uses only the text before the cursor', () => {
    expect(labels(`type  = 'a'`, 5)).toEqual(['=', '!=', '<', '<=', '>', '>=']);
  });
});
