import { describe, it, expect } from 'vitest';
import type { CloudEvent } from '../adt';
import { EVENT_TYPES } from '../adt';
import type { RouteFilter } from './filter';
import { evaluateRouteFilter, parseRouteFilter, routeFilterMatches, tokenizeRouteFilter } from './filter';
import { sampleEvents, telemetryEvent } from './cloudevents';

function parse(text: string): RouteFilter {
  const r = parseRouteFilter(text);
  if (!r.ok) throw new Error(`unexpected parse error at ${r.offset}: ${r.message}`);
  return r.filter;
}

function parseError(text: string): { message: string; offset: number; length: number } {
  const r = parseRouteFilter(text);
  if (r.ok) throw new Error(`expected a parse error for ${text}`);
  return r;
}

const HOST = 'inst.api.wcus.digitaltwins.azure.net';
const samples = sampleEvents(HOST);
const byType = (type: string): CloudEvent => {
  const e = samples.find((s) => s.type === type);
  if (!e) throw new Error(`no sample of ${type}`);
  return e;
};

describe('parseRouteFilter: constructs', () => {
  it('parses true and false, case-insensitively', () => {
    expect(parse('true')).toMatchObject({ kind: 'constant', value: true });
    expect(parse('FALSE')).toMatchObject({ kind: 'constant', value: false });
    expect(parse('  (True) ')).toMatchObject({ kind: 'constant', value: true, start: 2, end: 8 });
  });

  it('parses each attribute comparison', () => {
    for (const attr of ['type', 'source', 'subject', 'id', 'dataschema', 'datacontenttype', 'specversion', 'time', 'traceparent']) {
      expect(parse(`${attr} = 'x'`)).toMatchObject({
        kind: 'compare', op: '=', left: { kind: 'attribute', name: attr }, right: { kind: 'literal', value: 'x' },
      });
    }
  });

  it('parses every comparison operator', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(parse(`$body.n ${op} 1`)).toMatchObject({ kind: 'compare', op });
      expect(parse(`$body.n${op}1`)).toMatchObject({ kind: 'compare', op });
    }
  });

  it('parses literals: strings with escapes, integers, doubles, exponents, negatives, booleans, null', () => {
    const lit = (text: string): unknown => {
      const f = parse(`$body.x = ${text}`);
      return f.kind === 'compare' && f.right.kind === 'literal' ? f.right.value : Symbol('not a literal');
    };
    expect(lit(`'it\\'s'`)).toBe("it's");
    expect(lit(`'a\\\\b'`)).toBe('a\\b');
    expect(lit(`''`)).toBe('');
    expect(lit('42')).toBe(42);
    expect(lit('-7')).toBe(-7);
    expect(lit('2.5')).toBe(2.5);
    expect(lit('1e3')).toBe(1000);
    expect(lit('-1.5E-1')).toBe(-0.15);
    expect(lit('TRUE')).toBe(true);
    expect(lit('false')).toBe(false);
    expect(lit('Null')).toBe(null);
  });

  it('parses $body paths, including $-prefixed names', () => {
    expect(parse(`$body.$metadata.$model = 'dtmi:a;1'`)).toMatchObject({
      kind: 'compare', left: { kind: 'body', path: ['$metadata', '$model'] },
    });
    expect(parse('$body.patch.0.op = 1')).toMatchObject({ left: { kind: 'body', path: ['patch', '0', 'op'] } });
  });

  it('gives AND precedence over OR and honours parentheses', () => {
    expect(parse(`type = 'a' OR type = 'b' AND id = 'c'`)).toMatchObject({
      kind: 'or', left: { kind: 'compare' }, right: { kind: 'and' },
    });
    expect(parse(`(type = 'a' OR type = 'b') AND id = 'c'`)).toMatchObject({
      kind: 'and', left: { kind: 'or' }, right: { kind: 'compare' },
    });
  });

  it('accepts keywords in any case (SDK tests use lower-case or)', () => {
    expect(parse(`type = 'a' or type = 'b' and id = 'c' Or true`)).toMatchObject({ kind: 'or' });
  });

  it('parses the three functions, case-insensitively', () => {
    expect(parse(`STARTS_WITH(type, 'Microsoft.')`)).toMatchObject({
      kind: 'function', name: 'STARTS_WITH', args: [{ kind: 'attribute', name: 'type' }, { kind: 'literal', value: 'Microsoft.' }],
    });
    expect(parse(`ends_with($body.name, 'x')`)).toMatchObject({ kind: 'function', name: 'ENDS_WITH' });
    expect(parse(`Contains(subject, '/relationships/')`)).toMatchObject({ kind: 'function', name: 'CONTAINS' });
  });

  it('allows a literal on the left of a comparison', () => {
    expect(parse(`'microsoft.iot.telemetry' = type`)).toMatchObject({ kind: 'compare', left: { kind: 'literal' }, right: { kind: 'attribute' } });
  });

  it('parses the legacy $eventType form into the type families', () => {
    const f = parse(`$eventType = 'DigitalTwinTelemetryMessages' or $eventType = 'DigitalTwinLifecycleNotification'`);
    expect(f).toMatchObject({
      kind: 'or',
      left: { kind: 'eventType', op: '=', family: 'DigitalTwinTelemetryMessages', types: [EVENT_TYPES.telemetry] },
      right: { kind: 'eventType', family: 'DigitalTwinLifecycleNotification', types: [EVENT_TYPES.twinCreate, EVENT_TYPES.twinDelete] },
    });
    expect(parse(`$eventType != 'DigitalTwinChangeNotification'`)).toMatchObject({ kind: 'eventType', op: '!=', types: [EVENT_TYPES.twinUpdate] });
    expect(parse(`$eventType = 'DigitalTwinRelationshipChangeNotification'`)).toMatchObject({
      types: [EVENT_TYPES.relationshipCreate, EVENT_TYPES.relationshipUpdate, EVENT_TYPES.relationshipDelete],
    });
  });

  it('parses the examples of the REST spec and the docs', () => {
    for (const text of [
      `type = 'Microsoft.DigitalTwins.Twin.Create'`,
      `type = 'Microsoft.DigitalTwins.Twin.Create' OR type = 'microsoft.iot.telemetry'`,
      `(type != 'microsoft.iot.telemetry' OR datacontenttype = 'application/json') OR (specversion != '1.0')`,
      `$body.prop != null`,
    ]) {
      expect(parseRouteFilter(text).ok).toBe(true);
    }
  });
});

describe('parseRouteFilter: errors carry a message and the offset of the culprit', () => {
  const cases: [string, number, RegExp][] = [
    ['', 0, /Empty filter/],
    ['   ', 0, /Empty filter/],
    [`type = 'abc`, 7, /Unterminated string/],
    [`type = "abc"`, 7, /single quotes/],
    [`Type = 'x'`, 0, /case-sensitive.*'type'/],
    [`color = 'x'`, 0, /Unknown attribute 'color'/],
    [`type 'x'`, 5, /Expected a comparison operator/],
    [`type`, 4, /Expected a comparison operator.*end of the filter/],
    [`type == 'x'`, 5, /'==' is not an operator/],
    [`type <> 'x'`, 5, /'<>'/],
    [`type ! 'x'`, 5, /'!'/],
    [`type = `, 7, /expected a value/],
    [`type = 'a' AND`, 14, /expected a condition/],
    [`type = 'a' XOR id = 'b'`, 11, /Expected AND, OR or the end/],
    [`(type = 'a'`, 11, /Missing '\)'/],
    [`type = 'a')`, 10, /Unmatched '\)'/],
    [`NOT type = 'a'`, 0, /NOT is not supported/],
    [`type = 'a' and not id = 'b'`, 15, /NOT is not supported/],
    [`$body = 1`, 0, /property path after '\$body'/],
    [`$body. = 1`, 6, /property name after '.'/],
    [`type.x = 1`, 0, /has no properties/],
    [`STARTS_WITH type`, 12, /Expected '\(' after STARTS_WITH/],
    [`STARTS_WITH(type 'x')`, 17, /Expected ','/],
    [`CONTAINS(type, 'x', 'y')`, 18, /exactly two arguments/],
    [`STARTSWITH(type, 'x')`, 0, /STARTS_WITH/],
    [`$eventType = 'Nope'`, 13, /Unknown \$eventType 'Nope'/],
    [`$eventType < 'DigitalTwinTelemetryMessages'`, 11, /'=' or '!='/],
    [`$eventType = 5`, 13, /quoted event type/],
    [`type = 12abc`, 7, /Invalid number/],
    [`type = 'a' # x`, 11, /Unexpected character '#'/],
    [`= 'a'`, 0, /Expected a value/],
    [`type = 'a' AND OR`, 15, /Expected a value before OR/],
    [`5`, 1, /Expected a comparison operator/],
  ];
  for (const [text, offset, message] of cases) {
    it(`${JSON.stringify(text)} -> offset ${offset}`, () => {
      const err = parseError(text);
      expect(err.message).toMatch(message);
      expect(err.offset).toBe(offset);
      expect(err.offset + err.length).toBeLessThanOrEqual(text.length);
    });
  }

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const text = '('.repeat(10_000) + 'true' + ')'.repeat(10_000);
    expect(parseError(text).message).toMatch(/nested deeper/);
    expect(parse('('.repeat(50) + 'true' + ')'.repeat(50))).toMatchObject({ kind: 'constant', value: true });
  });
});

describe('tokenizeRouteFilter', () => {
  it('returns the tokens before a lexing error, with the error', () => {
    const r = tokenizeRouteFilter(`type = 'Microsoft.Dig`);
    expect(r.tokens.map((t) => t.kind)).toEqual(['word', 'op']);
    expect(r.error).toMatchObject({ offset: 7, message: expect.stringMatching(/Unterminated/) });
    expect(tokenizeRouteFilter('id = 1').tokens.map((t) => t.kind)).toEqual(['word', 'op', 'number', 'eof']);
  });
});

describe('evaluateRouteFilter', () => {
  const all = Object.values(EVENT_TYPES);
  const matches = (text: string, event: CloudEvent): boolean => evaluateRouteFilter(parse(text), event);

  it('true routes everything, false nothing', () => {
    for (const e of samples) {
      expect(matches('true', e)).toBe(true);
      expect(matches('false', e)).toBe(false);
    }
  });

  it('type selects exactly its own event type, for every type', () => {
    for (const type of all) {
      const hits = samples.filter((e) => matches(`type = '${type}'`, e)).map((e) => e.type);
      expect(hits).toEqual([type]);
      const misses = samples.filter((e) => matches(`type != '${type}'`, e)).map((e) => e.type);
      expect(misses).toEqual(all.filter((t) => t !== type));
    }
  });

  it('compares every attribute of every event type against its own value', () => {
    const attributes = ['type', 'source', 'subject', 'id', 'dataschema', 'datacontenttype', 'specversion', 'time', 'traceparent'] as const;
    for (const e of samples.map((s) => ({ ...s, traceparent: '00-2aa957558db348f387ef704b37631a1d-590d733a1b798149-01' }))) {
      for (const attr of attributes) {
        const value = e[attr];
        if (value === undefined) continue;
        const quoted = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        expect(matches(`${attr} = ${quoted}`, e), `${e.type} ${attr} =`).toBe(true);
        expect(matches(`${attr} != ${quoted}`, e), `${e.type} ${attr} !=`).toBe(false);
        expect(matches(`${attr} = 'something else'`, e), `${e.type} ${attr} other`).toBe(false);
      }
    }
  });

  it('is case-sensitive', () => {
    const e = byType(EVENT_TYPES.telemetry);
    expect(matches(`type = 'Microsoft.IoT.Telemetry'`, e)).toBe(false);
    expect(matches(`$body.Temperature > 0`, e)).toBe(false);
    expect(matches(`$body.temperature > 0`, e)).toBe(true);
    expect(matches(`STARTS_WITH(type, 'Microsoft')`, e)).toBe(false);
  });

  describe('missing fields never match', () => {
    it('an attribute absent from the event (dataschema on notifications, subject on twin telemetry)', () => {
      const update = byType(EVENT_TYPES.twinUpdate);
      expect(update.dataschema).toBeUndefined();
      expect(matches(`dataschema = 'dtmi:example:Room;1'`, update)).toBe(false);
      expect(matches(`dataschema != 'dtmi:example:Room;1'`, update)).toBe(false);
      expect(matches(`dataschema != null`, update)).toBe(false);
      expect(matches(`dataschema = null`, update)).toBe(false);
      const telemetry = byType(EVENT_TYPES.telemetry);
      expect(telemetry.subject).toBeUndefined();
      expect(matches(`subject != 'comp1'`, telemetry)).toBe(false);
      expect(matches(`STARTS_WITH(subject, '')`, telemetry)).toBe(false);
    });

    it('traceparent when the request carried none', () => {
      const e = byType(EVENT_TYPES.twinCreate);
      expect(e.traceparent).toBeUndefined();
      expect(matches(`traceparent != '00-x'`, e)).toBe(false);
      expect(matches(`traceparent > ''`, e)).toBe(false);
    });

    it('a $body path absent from the data', () => {
      const e = byType(EVENT_TYPES.telemetry);
      expect(matches(`$body.pressure = 1`, e)).toBe(false);
      expect(matches(`$body.pressure != 1`, e)).toBe(false);
      expect(matches(`$body.pressure != null`, e)).toBe(false);
      expect(matches(`$body.temperature.value = 1`, e)).toBe(false);
      expect(matches(`CONTAINS($body.pressure, 'a')`, e)).toBe(false);
    });
  });

  it('$body reaches nested fields of each shape of data', () => {
    expect(matches(`$body.$metadata.$model = 'dtmi:example:Room;1'`, byType(EVENT_TYPES.twinCreate))).toBe(true);
    expect(matches(`$body.$metadata.$model = 'dtmi:example:Room;1'`, byType(EVENT_TYPES.twinDelete))).toBe(true);
    expect(matches(`$body.modelId = 'dtmi:example:Room;1'`, byType(EVENT_TYPES.twinUpdate))).toBe(true);
    expect(matches(`$body.modelId = 'dtmi:example:Room;1'`, byType(EVENT_TYPES.relationshipUpdate))).toBe(true);
    expect(matches(`$body.$relationshipName = 'contains'`, byType(EVENT_TYPES.relationshipCreate))).toBe(true);
    expect(matches(`$body.$targetId = 'sensor1'`, byType(EVENT_TYPES.relationshipDelete))).toBe(true);
    expect(matches(`$body.temperature >= 22.1 AND $body.humidity < 41`, byType(EVENT_TYPES.telemetry))).toBe(true);
    expect(matches(`$body.temperature > 22.1`, byType(EVENT_TYPES.telemetry))).toBe(false);
  });

  it('never looks inside arrays, so the patch of an update cannot be filtered', () => {
    const e = byType(EVENT_TYPES.twinUpdate);
    expect(matches(`$body.patch.0.path = '/temperature'`, e)).toBe(false);
    expect(matches(`$body.patch.0.path != '/temperature'`, e)).toBe(false);
    expect(matches(`$body.patch.path = '/temperature'`, e)).toBe(false);
    // The array itself is present: it is "not null" but equals no scalar.
    expect(matches(`$body.patch != null`, e)).toBe(true);
    expect(matches(`$body.patch = null`, e)).toBe(false);
    expect(matches(`$body.patch = 'x'`, e)).toBe(false);
    expect(matches(`$body.patch > 'x'`, e)).toBe(false);
  });

  it('does not coerce between types', () => {
    const e = telemetryEvent({ source: HOST, twinId: 't', modelId: 'dtmi:a;1', messageId: 'm', data: { n: 5, s: '5', b: true, z: null } });
    expect(matches(`$body.n = 5`, e)).toBe(true);
    expect(matches(`$body.n = 5.0`, e)).toBe(true);
    expect(matches(`$body.n = '5'`, e)).toBe(false);
    expect(matches(`$body.n != '5'`, e)).toBe(true);
    expect(matches(`$body.s = 5`, e)).toBe(false);
    expect(matches(`$body.s < 6`, e)).toBe(false);
    expect(matches(`$body.s < '6'`, e)).toBe(true);
    expect(matches(`$body.b = true`, e)).toBe(true);
    expect(matches(`$body.b = 'true'`, e)).toBe(false);
    expect(matches(`$body.b > false`, e)).toBe(false);
    expect(matches(`$body.z = null`, e)).toBe(true);
    expect(matches(`$body.z != null`, e)).toBe(false);
    expect(matches(`$body.n != null`, e)).toBe(true);
    expect(matches(`$body.n < null`, e)).toBe(false);
    expect(matches(`STARTS_WITH($body.n, '5')`, e)).toBe(false);
    expect(matches(`STARTS_WITH($body.s, '5')`, e)).toBe(true);
  });

  it('orders numbers numerically and strings by code unit (e.g. time)', () => {
    const e = telemetryEvent({ source: HOST, twinId: 't', modelId: 'dtmi:a;1', messageId: 'm', data: { n: 10 }, sourceTime: '2024-05-01T10:00:00.0000000Z' });
    expect(matches(`$body.n > 9`, e)).toBe(true);
    expect(matches(`$body.n >= 10 AND $body.n <= 10`, e)).toBe(true);
    expect(matches(`$body.n < 10`, e)).toBe(false);
    expect(matches(`time > '2024-01-01'`, e)).toBe(true);
    expect(matches(`time < '2024-05-01T10:00:00.0000000Z'`, e)).toBe(false);
    expect(matches(`time <= '2024-05-01T10:00:00.0000000Z'`, e)).toBe(true);
  });

  it('applies the three functions', () => {
    const rel = byType(EVENT_TYPES.relationshipCreate);
    expect(matches(`STARTS_WITH(type, 'Microsoft.DigitalTwins.Relationship.')`, rel)).toBe(true);
    expect(matches(`ENDS_WITH(type, '.Create')`, rel)).toBe(true);
    expect(matches(`ENDS_WITH(type, '.Delete')`, rel)).toBe(false);
    expect(matches(`CONTAINS(subject, '/relationships/')`, rel)).toBe(true);
    expect(matches(`CONTAINS(subject, '/Relationships/')`, rel)).toBe(false);
    expect(matches(`STARTS_WITH(source, '${HOST}/digitaltwins/')`, byType(EVENT_TYPES.telemetry))).toBe(true);
  });

  it('evaluates the docs example', () => {
    const filter = `(type != 'microsoft.iot.telemetry' OR datacontenttype = 'application/json') OR (specversion != '1.0')`;
    for (const e of samples) expect(matches(filter, e)).toBe(true);
    // Flip each disjunct so the filter must actually rely on the others.
    const odd = { ...byType(EVENT_TYPES.telemetry), datacontenttype: 'text/plain' };
    expect(matches(filter, odd)).toBe(false);
    expect(matches(filter, { ...odd, specversion: '0.3' as '1.0' })).toBe(true);
    expect(matches(filter, { ...odd, type: EVENT_TYPES.twinCreate })).toBe(true);
  });

  it('combines AND/OR with short-circuit semantics equal to boolean logic', () => {
    const e = byType(EVENT_TYPES.twinUpdate);
    expect(matches(`type = '${EVENT_TYPES.twinUpdate}' AND subject = 'room1'`, e)).toBe(true);
    expect(matches(`type = '${EVENT_TYPES.twinUpdate}' AND subject = 'room2'`, e)).toBe(false);
    expect(matches(`type = 'x' OR subject = 'room1'`, e)).toBe(true);
    expect(matches(`false OR (true AND false)`, e)).toBe(false);
    expect(matches(`false OR true AND true`, e)).toBe(true);
  });

  it('maps the legacy $eventType families to event types', () => {
    const family = (name: string): string[] => samples.filter((e) => matches(`$eventType = '${name}'`, e)).map((e) => e.type);
    expect(family('DigitalTwinTelemetryMessages')).toEqual([EVENT_TYPES.telemetry]);
    expect(family('DigitalTwinLifecycleNotification')).toEqual([EVENT_TYPES.twinCreate, EVENT_TYPES.twinDelete]);
    expect(family('DigitalTwinChangeNotification')).toEqual([EVENT_TYPES.twinUpdate]);
    expect(family('DigitalTwinRelationshipChangeNotification')).toEqual([
      EVENT_TYPES.relationshipCreate, EVENT_TYPES.relationshipUpdate, EVENT_TYPES.relationshipDelete,
    ]);
    const sdk = `$eventType = 'DigitalTwinTelemetryMessages' or $eventType = 'DigitalTwinLifecycleNotification'`;
    expect(samples.filter((e) => matches(sdk, e)).map((e) => e.type)).toEqual([EVENT_TYPES.twinCreate, EVENT_TYPES.twinDelete, EVENT_TYPES.telemetry]);
    expect(matches(`$eventType != 'DigitalTwinTelemetryMessages'`, byType(EVENT_TYPES.telemetry))).toBe(false);
    expect(matches(`$eventType != 'DigitalTwinTelemetryMessages'`, byType(EVENT_TYPES.twinUpdate))).toBe(true);
  });

  it('routeFilterMatches treats an invalid filter as matching nothing', () => {
    expect(routeFilterMatches('type = ', byType(EVENT_TYPES.twinCreate))).toBe(false);
    expect(routeFilterMatches(`type = '${EVENT_TYPES.twinCreate}'`, byType(EVENT_TYPES.twinCreate))).toBe(true);
  });
});
