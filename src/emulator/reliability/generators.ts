import { API_VERSION } from '../../shared/adt';
import { MAX_AND_OR_EXPRESSIONS, MAX_IN_LIST_ITEMS, MAX_JOINS, MAX_MATCH_HOPS, MAX_QUERY_LENGTH } from '../../shared/query';
import { TEST_IDS } from '../test-support';
import type { Prng } from './prng';

/**
 * Fuzz inputs for the emulator's HTTP API. Every generated write is invalid by construction (it carries at least one
 * fault the emulator must refuse), so a run must leave the store exactly as it was; reads may succeed.
 *
 * - `reject`: the answer must be an ADT-shaped 4xx.
 * - `read`: a read; any 2xx, or an ADT-shaped 4xx.
 * - `accept`: must succeed (queries exactly at a limit).
 */
export type Expectation = 'reject' | 'read' | 'accept';

export interface FuzzCase {
  /** Which generator (or corpus file) made it; failures are reported by it. */
  kind: string;
  method: string;
  /** Path, percent-encoded as it goes on the wire, with or without a query string. */
  path: string;
  /** The path is sent verbatim: no `api-version` is appended (for api-version cases). */
  rawUrl?: boolean;
  headers?: Record<string, string>;
  /** Raw request body (any text, valid JSON or not). */
  body?: string;
  expect: Expectation;
}

/** The graph the fuzz runs against (seedTestGraph plus FUZZ_ROUTES); generators refer to it by these names. */
export const FUZZ_GRAPH = {
  twins: ['building-1', 'floor-1', 'room-1'] as const,
  relationships: [['building-1', 'b1-has-f1'], ['floor-1', 'f1-contains-r1']] as const,
  /**
   * Models another model extends or uses as a component: a DELETE of them must fail. A relationship target is no
   * such reference (Floor and Room can be deleted), nor is a twin, so those are never sent a DELETE.
   */
  referencedModels: [TEST_IDS.building, TEST_IDS.thermostat],
};
/** Six routes fill the instance's route limit: a new valid route must then be refused too. */
export const FUZZ_ROUTES = ['route-1', 'route-2', 'route-3', 'route-4', 'route-5', 'route-6'];

// ---- value pools ------------------------------------------------------------------------------------------------

/** Strings that have broken parsers, encoders, databases and renderers before. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\u0001\u001f\u007f', '\ud800', '\udfff', '\udc00\ud800', 'x\ud83d', '\ud83dx',
  '\u202eevil\u202c', '\u200f\u200e', 'مرحبا بالعالم', 'שלום', '😀', '👨‍👩‍👧‍👦', '🇺🇳', '👍🏽', '\ufeff', '\uffff', '\ufffe',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', 'İıßẞ', '漢字かなカナ', 'Ａ＿ｆｕｌｌ', '<script>alert(1)</script>', '"\'`', '\\', '\\u0000', '../..', '%00', '%2F',
  '$dtId', '$metadata', '__proto__', 'constructor', 'prototype', 'null', 'true', '1e309', 'NaN', '\r\n', '\t', 'a'.repeat(5000),
  '\u2028\u2029', '\u0085', '𝕏', '\u{10ffff}', '\u00a0',
];

const HUGE_NUMBERS: readonly string[] = [
  '1e309', '-1e309', '1e-400', '-0', '0.0000000000000000000000000000001', '9'.repeat(400), `-${'9'.repeat(400)}`,
  '123456789012345678901234567890', '9007199254740993', '1.7976931348623157e308', '5e-324', '1E+2', '0e0',
];

/** Texts that are not JSON. */
const MALFORMED_JSON: readonly string[] = [
  '{', '}', '[', '{"a":', '{"a":1,}', '[1,2,]', '{a:1}', "{'a':1}", '{"a":1}}', '{"a":1} x', 'NaN', 'Infinity', '-Infinity',
  'undefined', '{"a":undefined}', '01', '1.', '.5', '+1', '0x10', '"\\x41"', '"\\u12"', '"unterminated', '"tab\tinside"',
  '"\u0000"', '// comment\n{}', '/* c */{}', '{"a":1 /* c */}', 'tru', 'nul', '[,]', ',', ':', '{"a" 1}', '{"a":1 "b":2}',
  '\ufeff{"a":1', '{"\\ud800":1', '[[[', ']]]', '{"a":[}', '{"a":{]}', 'True', 'NULL', '"\\"', '{"a":"\\q"}', '1 2', '{}{}',
];

function nasty(r: Prng): string {
  return r.pick(NASTY_STRINGS);
}

/** A JSON value of any type with nasty content, nesting within the depth limit. */
function fuzzValue(r: Prng, depth = 0): unknown {
  const k = r.int(0, depth > 3 ? 4 : 7);
  switch (k) {
    case 0: return nasty(r);
    case 1: return r.pick([0, -1, 1.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2]);
    case 2: return r.chance(0.5);
    case 3: return null;
    case 4: return r.pick(['a', 'Celsius', '2024-01-01T00:00:00Z', 'x'.repeat(r.int(0, 300))]);
    case 5: return Array.from({ length: r.int(0, 4) }, () => fuzzValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(0, 4); i > 0; i--) o[r.chance(0.5) ? nasty(r) : r.pick(['city', 'zip', '$metadata', 'a'])] = fuzzValue(r, depth + 1);
      return o;
    }
  }
}

/**
 * Encodes a path segment the way a client would, but also lone surrogates, which encodeURIComponent refuses: they
 * go out as their (invalid) three-byte UTF-8 forms, which the server must refuse to decode.
 */
export function encodeSegment(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else out += encodeURIComponent(ch);
  }
  return out;
}

function nestedText(r: Prng, depth: number): string {
  const objects = r.chance(0.5);
  return objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

const q = (s: string) => JSON.stringify(s);

// ---- endpoints --------------------------------------------------------------------------------------------------

const enc = encodeSegment;
const twinPath = (id: string) => `/digitaltwins/${enc(id)}`;
const relPath = (src: string, id: string) => `/digitaltwins/${enc(src)}/relationships/${enc(id)}`;

/** Every write operation of the API, with a body. */
const WRITE_ENDPOINTS: readonly (readonly [string, string])[] = [
  ['POST', '/models'],
  ['PATCH', `/models/${enc(TEST_IDS.building)}`],
  ['POST', '/query'],
  ['PUT', twinPath('fuzz-new')],
  ['PUT', twinPath('building-1')],
  ['PATCH', twinPath('building-1')],
  ['PUT', relPath('building-1', 'b1-has-f1')],
  ['PUT', relPath('building-1', 'fuzz-rel')],
  ['PATCH', relPath('building-1', 'b1-has-f1')],
  ['POST', '/digitaltwins/building-1/telemetry'],
  ['POST', '/digitaltwins/room-1/components/thermostat/telemetry'],
  ['PATCH', '/digitaltwins/room-1/components/thermostat'],
  ['PUT', '/eventroutes/fuzz-route'],
  ['PUT', '/eventroutes/route-1'],
  ['PUT', '/jobs/imports/fuzz-job'],
];

/** Every read operation of the API. */
const READ_PATHS: readonly string[] = [
  '/models', `/models/${enc(TEST_IDS.room)}`, '/digitaltwins/building-1', '/digitaltwins/building-1/relationships',
  '/digitaltwins/floor-1/incomingrelationships', relPath('building-1', 'b1-has-f1'), '/digitaltwins/room-1/components/thermostat',
  '/eventroutes', '/eventroutes/route-1', '/jobs/imports', '/jobs/imports/none', '/jobs/deletions', '/jobs/deletions/none',
];

// ---- generators -------------------------------------------------------------------------------------------------

type Generator = (r: Prng) => FuzzCase;

/** Not JSON at all: a pool entry, or a valid body cut short or spliced with a poison character. */
const malformedJson: Generator = (r) => {
  const [method, path] = r.pick(WRITE_ENDPOINTS);
  let body: string;
  const valid = JSON.stringify(r.pick([
    { $metadata: { $model: TEST_IDS.building }, AverageTemperature: 21 },
    [{ op: 'replace', path: '/AverageTemperature', value: 1 }],
    { $relationshipName: 'has', $targetId: 'floor-1' },
    { query: 'SELECT * FROM digitaltwins' },
  ]));
  switch (r.int(0, 2)) {
    case 0: body = r.pick(MALFORMED_JSON); break;
    case 1: body = valid.slice(0, r.int(1, valid.length - 1)); break;
    default: {
      const at = r.int(0, valid.length);
      body = valid.slice(0, at) + r.pick(['{', '[', '"', '\\', ',', ':', '}', ']', '\u0000', 'x']) + valid.slice(at);
    }
  }
  try {
    JSON.parse(body);
    // The splice happened to give valid JSON: fall back to a body that cannot parse.
    body = `${body}}`;
    JSON.parse(body);
    body = '{';
  } catch {
    // not JSON, as intended
  }
  return { kind: 'malformed-json', method, path, body, headers: { 'content-type': 'application/json' }, expect: 'reject' };
};

/** Nested just past the depth limit up to what fits in 32 KB, alone or inside an otherwise fine body. */
const deepNesting: Generator = (r) => {
  const [method, path] = r.pick(WRITE_ENDPOINTS);
  const depth = r.pick([65, 100, 1000, r.int(65, 10_000)]);
  const inner = nestedText(r, depth);
  const body = r.pick([
    inner,
    `{"$metadata":{"$model":${q(TEST_IDS.building)}},"location":${inner}}`,
    `[{"op":"add","path":"/location","value":${inner}}]`,
    `[${inner}]`,
    `{"query":"SELECT * FROM digitaltwins","x":${inner}}`,
  ]);
  return { kind: 'deep-nesting', method, path, body, expect: 'reject' };
};

/** A twin PUT that carries at least one fault, with nasty values everywhere else. */
const invalidTwinPut: Generator = (r) => {
  const id = r.pick(['fuzz-new', 'building-1', nasty(r) || 'x']);
  const body: Record<string, unknown> = { $metadata: { $model: TEST_IDS.building } };
  if (r.chance(0.5)) body['TemperatureUnit'] = r.pick(['Celsius', nasty(r).slice(0, 100)]);
  if (r.chance(0.5)) body['location'] = { city: nasty(r).slice(0, 100), zip: '1' };
  if (r.chance(0.3)) body['$dtId'] = nasty(r);
  const headers: Record<string, string> = {};
  switch (r.int(0, 9)) {
    case 0: body['$metadata'] = r.pick([undefined, null, {}, { $model: '' }, { $model: 5 }, { $model: nasty(r) }, 'x', []]); break;
    case 1: body['$metadata'] = { $model: `dtmi:fuzz:missing${r.int(0, 99)};1` }; break;
    case 2: body['AverageTemperature'] = r.pick(['warm', true, [], {}, '21']); break;
    case 3: body[r.pick(NASTY_STRINGS.filter((s) => s !== '' && !s.startsWith('$'))) + '_unknown'] = fuzzValue(r); break;
    case 4: body['TemperatureUnit'] = 'x'.repeat(4097); break;
    case 5: body['location'] = { city: 'a', zip: 'b', [nasty(r) + '!']: 1 }; break;
    case 6: body['$metadata'] = { $model: TEST_IDS.building, AverageTemperature: { sourceTime: r.pick(['yesterday', 5, '2024-13-45T00:00:00Z']) } }; body['AverageTemperature'] = 1; break;
    case 7: headers['if-none-match'] = r.pick(['W/"x"', '"*"', '**', '', 'x']); break;
    case 8: headers['if-match'] = r.pick(['XXX', 'W/', '"unterminated', 'W/"a"x', '"a", "b"', '']); break;
    default: body['AverageTemperature'] = Number(r.pick(HUGE_NUMBERS)) === Infinity ? 'Infinity' : { value: 1 };
  }
  return {
    kind: 'invalid-twin-put', method: 'PUT', path: `/digitaltwins/${encodeSegment(id)}`, headers,
    body: JSON.stringify(body), expect: 'reject',
  };
};

/** Numbers the JSON grammar allows but no double holds, in places where a number is wrong anyway or never fits. */
const hugeNumbers: Generator = (r) => {
  const n = r.pick(HUGE_NUMBERS);
  const [method, path, body] = r.pick([
    ['PUT', twinPath('fuzz-new'), `{"$metadata":{"$model":${q(TEST_IDS.building)}},"TemperatureUnit":${n}}`],
    ['PATCH', twinPath('building-1'), `[{"op":"replace","path":"/TemperatureUnit","value":${n}}]`],
    ['PATCH', relPath('building-1', 'b1-has-f1'), `[{"op":"replace","path":"/isAccessRestricted","value":${n}}]`],
    ['POST', '/query', `{"query":${n}}`],
    ['PUT', '/eventroutes/fuzz-route', `{"endpointName":${n},"filter":"true"}`],
    ['PATCH', `/models/${enc(TEST_IDS.building)}`, `[{"op":"replace","path":"/decommissioned","value":${n}}]`],
  ] as const);
  return { kind: 'huge-numbers', method, path, body, expect: 'reject' };
};

/** A valid interface with a fresh id, then one fault from a list of DTDL mistakes. */
function brokenModel(r: Prng, n: number): Record<string, unknown> {
  const id = `dtmi:fuzz:Model${n};1`;
  const m: Record<string, unknown> = {
    '@id': id, '@type': 'Interface', '@context': r.pick(['dtmi:dtdl:context;2', 'dtmi:dtdl:context;3']),
    displayName: nasty(r).slice(0, 60) || 'Fuzz',
    contents: [{ '@type': 'Property', name: 'p', schema: 'double' }],
  };
  const contents = m['contents'] as Record<string, unknown>[];
  switch (r.int(0, 17)) {
    case 0: delete m['@id']; break;
    // (DTDL v3 allows versionless ids such as `dtmi:fuzz:x`, so none is listed.)
    case 1: m['@id'] = r.pick(['not-a-dtmi', 'dtmi:', `dtmi:fuzz:${nasty(r)}!;1`, 'dtmi:fuzz:_x;1', 'dtmi:fuzz:x;0', 'DTMI:fuzz:x;1', 5, null]); break;
    case 2: m['@context'] = r.pick(['dtmi:dtdl:context;9', 'dtmi:dtdl:context;1', '', 5, ['dtmi:dtdl:context;2', 'dtmi:fuzz:ext;1']]); break;
    // (Undefined co-types such as ['Interface', 'Fuzz'] are accepted, as extension co-types.)
    case 3: m['@type'] = r.pick(['Interfaces', 'Property', '', 5, null, ['Property', 'Interface']]); break;
    case 4: contents[0]!['schema'] = r.pick(['decimal', 'doubles', nasty(r), 5, { '@type': 'Fuzz' }, `dtmi:fuzz:missing${n};1`]); break;
    case 5: contents.push({ '@type': 'Property', name: 'p', schema: 'string' }); break;
    case 6: contents[0]!['name'] = r.pick(['', '1abc', 'a b', 'a-b', 'x'.repeat(600), nasty(r) + '!', 5]); break;
    case 7: m['extends'] = r.pick([`dtmi:fuzz:missing${n};1`, id, 'not-a-dtmi', 5]); break;
    case 8: m['contents'] = r.pick(['x', 5, { a: 1 }, [5], [null]]); break;
    case 9: contents.push({ '@type': 'Relationship', name: 'r', target: r.pick(['not-a-dtmi', 5, '']) }); break;
    case 10: contents.push({ '@type': 'Component', name: 'c', schema: `dtmi:fuzz:missing${n};1` }); break;
    case 11: contents.push({ '@type': 'Telemetry', name: 't' }); break;
    case 12: m['@id'] = TEST_IDS.room; break; // exists already: 409
    case 13: contents[0]!['@type'] = r.pick(['Properties', 'Command ', '', 5, ['Telemetry', 'Property']]); break;
    case 14: contents[0]!['schema'] = { '@type': 'Enum', valueSchema: 'boolean', enumValues: [] }; break;
    case 15: contents[0]!['schema'] = { '@type': 'Object', fields: [{ name: 'a', schema: 'string' }, { name: 'a', schema: 'string' }] }; break;
    case 16: m['displayName'] = 'x'.repeat(600); m['description'] = 'y'.repeat(10_000); break;
    default: m['extends'] = [TEST_IDS.building, `dtmi:fuzz:missing${n};1`];
  }
  return m;
}

const invalidDtdl: Generator = (r) => {
  const n = r.int(0, 1e9);
  const valid = (i: number) => ({
    '@id': `dtmi:fuzz:Valid${n}_${i};1`, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
    contents: [{ '@type': 'Property', name: 'v', schema: 'string' }],
  });
  let body: unknown;
  switch (r.int(0, 5)) {
    // A valid model beside a broken one: the whole batch must be refused.
    case 0: body = [valid(0), brokenModel(r, n)]; break;
    case 1: body = [brokenModel(r, n), valid(1)]; break;
    case 2: body = r.pick([[], {}, 'x', [5], [null], [[]], { '@id': 'dtmi:fuzz:x;1' }]); break;
    case 3: body = [valid(0), valid(0)]; break; // the same id twice in one request
    case 4: body = Array.from({ length: 251 }, (_, i) => valid(i)); break; // over 250 per request
    default: body = [brokenModel(r, n)];
  }
  return { kind: 'invalid-dtdl', method: 'POST', path: '/models', body: JSON.stringify(body), expect: 'reject' };
}

interface PatchTarget { path: string; validOps: (r: Prng) => unknown[]; badOps: (r: Prng) => unknown[] }

const PATCH_TARGETS: readonly PatchTarget[] = [
  {
    path: twinPath('building-1'),
    validOps: (r) => [r.pick([
      { op: 'replace', path: '/AverageTemperature', value: r.int(-50, 50) },
      { op: 'add', path: '/TemperatureUnit', value: nasty(r).slice(0, 200) },
      { op: 'add', path: '/location', value: { city: nasty(r).slice(0, 50), zip: '0' } },
    ])],
    badOps: (r) => [r.pick([
      { op: 'replace', path: '/AverageTemperature', value: r.pick(['hot', true, [], {}]) },
      { op: 'add', path: `/${nasty(r)}_unknown`, value: 1 },
      { op: 'remove', path: '/NoSuchProperty' },
      { op: 'replace', path: '/NoSuchProperty', value: 1 },
      { op: 'add', path: '/location/city/x/y', value: 1 },
      { op: 'replace', path: '/$dtId', value: 'other' },
      { op: 'replace', path: '/$etag', value: 'W/"x"' },
      { op: 'add', path: '/$metadata/$lastUpdateTime', value: '2024-01-01T00:00:00Z' },
      { op: 'add', path: '/$metadata/AverageTemperature/sourceTime', value: r.pick(['yesterday', 5, '2024-02-30T25:00:00Z']) },
      { op: 'replace', path: '/$metadata/$model', value: r.pick([`dtmi:fuzz:missing;1`, '', 5]) },
      { op: 'add', path: '/TemperatureUnit', value: 'x'.repeat(4097) },
    ])],
  },
  {
    path: relPath('building-1', 'b1-has-f1'),
    validOps: (r) => [{ op: 'replace', path: '/isAccessRestricted', value: r.chance(0.5) }],
    badOps: (r) => [r.pick([
      { op: 'replace', path: '/isAccessRestricted', value: r.pick(['yes', 1, {}, []]) },
      { op: 'add', path: `/${nasty(r)}_unknown`, value: 1 },
      { op: 'replace', path: '/$targetId', value: 'room-1' },
      { op: 'replace', path: '/$relationshipName', value: 'near' },
      { op: 'remove', path: '/NoSuchProperty' },
    ])],
  },
  {
    path: '/digitaltwins/room-1/components/thermostat',
    validOps: (r) => [r.pick([
      { op: 'replace', path: '/setpoint', value: r.int(0, 30) },
      { op: 'add', path: '/mode', value: nasty(r).slice(0, 100) },
    ])],
    badOps: (r) => [r.pick([
      { op: 'replace', path: '/setpoint', value: 'warm' },
      { op: 'add', path: `/${nasty(r)}_unknown`, value: 1 },
      { op: 'remove', path: '/NoSuchProperty' },
      { op: 'add', path: '/$metadata/setpoint/sourceTime', value: 'not a time' },
    ])],
  },
];

/** Structural faults any PATCH must refuse. */
function malformedOp(r: Prng): unknown {
  return r.pick([
    { op: 'move', from: '/a', path: '/b' }, { op: 'copy', from: '/a', path: '/b' }, { op: 'test', path: '/a', value: 1 },
    { op: 'ADD', path: '/a', value: 1 }, { op: '', path: '/a', value: 1 }, { op: 5, path: '/a' }, { path: '/a', value: 1 },
    { op: 'add', value: 1 }, { op: 'add', path: 'no-slash', value: 1 }, { op: 'add', path: 5, value: 1 }, { op: 'add', path: '/a' },
    { op: 'replace', path: '/a' }, { op: nasty(r), path: '/a', value: 1 }, null, 5, 'add', [], [{ op: 'add', path: '/a', value: 1 }],
  ]);
}

const malformedPatch: Generator = (r) => {
  const target = r.pick(PATCH_TARGETS);
  const ops: unknown[] = [];
  for (let i = r.int(0, 3); i > 0; i--) ops.push(...target.validOps(r));
  // A structural fault goes anywhere in the document (valid operations before it must not be kept); a bad value goes
  // last, as a later valid operation on the same path would repair it.
  if (r.chance(0.5)) ops.splice(r.int(0, ops.length), 0, malformedOp(r));
  else ops.push(target.badOps(r)[0]);
  let body: string;
  if (r.chance(0.1)) body = JSON.stringify(r.pick([{ op: 'add', path: '/a', value: 1 }, 'x', null, 5, {}]));
  else body = JSON.stringify(ops);
  const headers: Record<string, string> = { 'content-type': r.pick(['application/json-patch+json', 'application/json']) };
  return { kind: 'malformed-patch', method: 'PATCH', path: target.path, headers, body, expect: 'reject' };
};

/** Only `replace /decommissioned true` is allowed on a model; and it is never sent, so nothing is decommissioned. */
const invalidModelPatch: Generator = (r) => {
  const op = r.pick([
    { op: 'replace', path: '/decommissioned', value: false }, { op: 'replace', path: '/decommissioned', value: 'true' },
    { op: 'add', path: '/decommissioned', value: 1 }, { op: 'remove', path: '/decommissioned' },
    { op: 'replace', path: '/displayName', value: 'x' }, malformedOp(r),
  ]);
  const id = r.pick([TEST_IDS.building, TEST_IDS.room, 'dtmi:fuzz:missing;1', nasty(r) || 'x']);
  const body = r.chance(0.1) ? '[]' : JSON.stringify([op]);
  return { kind: 'invalid-model-patch', method: 'PATCH', path: `/models/${encodeSegment(id)}`, body, expect: 'reject' };
};

const invalidRelationshipPut: Generator = (r) => {
  const body: Record<string, unknown> = { $relationshipName: 'has', $targetId: 'floor-1' };
  const headers: Record<string, string> = {};
  let source = 'building-1';
  let id = r.pick(['fuzz-rel', 'b1-has-f1', nasty(r) || 'y']);
  switch (r.int(0, 9)) {
    case 0: body['$targetId'] = r.pick(['missing-twin', '', 5, null, [], nasty(r) + '-missing']); break;
    case 1: body['$targetId'] = 'building-1'; break; // self-loop
    case 2: body['$relationshipName'] = r.pick(['unknownRel', '', 5, nasty(r) + '_x']); break;
    case 3: body['isAccessRestricted'] = r.pick(['no', 1, {}, []]); break;
    // (Unknown `$` keys are dropped rather than refused, so the unknown property never starts with `$`.)
    case 4: body[`x${nasty(r)}_unknown`] = 1; break;
    case 5: source = r.pick(['missing-source', nasty(r) + '-missing']); break;
    case 6: headers['if-none-match'] = '*'; id = 'b1-has-f1'; break;
    case 7: headers['if-match'] = r.pick(['XXX', '"a"b', 'W/']); break;
    case 8: headers['if-match'] = 'W/"00000000-0000-0000-0000-000000000000"'; id = 'b1-has-f1'; break;
    default: body['$targetId'] = 'room-1'; // `has` targets Floor only
  }
  return {
    kind: 'invalid-relationship-put', method: 'PUT', path: `/digitaltwins/${encodeSegment(source)}/relationships/${encodeSegment(id)}`,
    headers, body: JSON.stringify(body), expect: 'reject',
  };
};

/** Deletes that must fail: twins with relationships, stale or malformed ETags, referenced models, unknown ids. */
const invalidDelete: Generator = (r) => {
  const stale = 'W/"00000000-0000-0000-0000-000000000000"';
  const [path, headers] = r.pick<[string, Record<string, string>]>([
    [twinPath(r.pick(FUZZ_GRAPH.twins)), {}],
    [twinPath(r.pick(FUZZ_GRAPH.twins)), { 'if-match': r.pick([stale, 'bad', '*']) }],
    [`/digitaltwins/${encodeSegment(nasty(r) || 'z')}-missing`, {}],
    [relPath('building-1', 'b1-has-f1'), { 'if-match': r.pick([stale, 'W/', '"x"y']) }],
    [relPath('building-1', `${nasty(r)}-missing`), {}],
    [`/models/${enc(r.pick(FUZZ_GRAPH.referencedModels))}`, {}],
    [`/models/${encodeSegment(`dtmi:fuzz:${nasty(r)};1`)}`, {}],
    [`/eventroutes/${encodeSegment(nasty(r) || 'q')}-missing`, {}],
    [`/jobs/imports/${encodeSegment(nasty(r) || 'q')}-missing`, {}],
  ]);
  return { kind: 'invalid-delete', method: 'DELETE', path, headers, expect: 'reject' };
};

const invalidRoute: Generator = (r) => {
  // A new id throughout: the instance already has its six routes, so even a valid route must be refused, and an
  // existing route is never replaced.
  let id = 'fuzz-route';
  let body: unknown = { endpointName: 'live', filter: 'true' };
  switch (r.int(0, 5)) {
    case 0: id = r.pick(['has space', 'a?b', 'a#b', 'a\\b', 'x'.repeat(257), '\t']); break;
    case 1: body = { endpointName: r.pick(['missing-endpoint', '', 5, null, nasty(r)]), filter: 'true' }; break;
    case 2: body = { endpointName: 'live', filter: r.pick(['', ' ', 5, null, 'type =', "type = 'x' AND", '((true', 'NOT true', nasty(r), "STARTS_WITH(subject, 'x'"]) }; break;
    case 3: id = 'route-1'; body = r.pick([[], 'x', null, 5]); break;
    case 4: id = `fuzz-route-${r.int(0, 1000)}`; break;
    default: body = { endpointName: 'live', filter: `${'('.repeat(r.int(65, 3000))}true` };
  }
  return { kind: 'invalid-route', method: 'PUT', path: `/eventroutes/${encodeSegment(id)}`, body: JSON.stringify(body), expect: 'reject' };
};

const invalidJob: Generator = (r) => {
  const uri = () => r.pick(['file:///etc/passwd', 'javascript:alert(1)', 'ftp://x/y', '', 5, null, 'not a url', nasty(r), '//host/path']);
  const [method, path, body, headers] = r.pick<[string, string, unknown, Record<string, string>]>([
    ['PUT', '/jobs/imports/fuzz-job', { inputBlobUri: uri(), outputBlobUri: 'http://127.0.0.1:9/out' }, {}],
    ['PUT', '/jobs/imports/fuzz-job', { inputBlobUri: 'http://127.0.0.1:9/in', outputBlobUri: uri() }, {}],
    ['PUT', '/jobs/imports/fuzz-job', r.pick([{}, [], 'x', null]), {}],
    ['POST', `/jobs/imports/${encodeSegment(nasty(r) || 'j')}-missing/cancel`, undefined, {}],
    ['POST', `/jobs/deletions?timeoutInMinutes=${encodeSegment(r.pick(['14', '1441', 'abc', '1.5', '-1', '', '15.5', nasty(r) + 'x']))}`, undefined,
      { 'operation-id': nasty(r).replace(/[^\x20-\x7e]/g, '') || 'op' }],
  ]);
  return {
    kind: 'invalid-job', method, path, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), expect: 'reject',
  };
};

const invalidTelemetry: Generator = (r) => {
  const valid = r.pick(['/digitaltwins/building-1/telemetry', '/digitaltwins/room-1/components/thermostat/telemetry']);
  const body = JSON.stringify(fuzzValue(r));
  const id = { 'message-id': `m-${r.int(0, 1e6)}` };
  const [path, headers, sent] = r.pick<[string, Record<string, string>, string | undefined]>([
    [valid, {}, body],
    [valid, { 'message-id': r.pick(['', ' ']) }, body],
    [valid, { ...id, 'telemetry-source-time': r.pick(['yesterday', '2024-01-01', '2024-13-01T00:00:00Z', '', nasty(r).replace(/[^\x20-\x7e]/g, '?')]) }, body],
    [valid, id, undefined],
    ['/digitaltwins/room-1/components/nope/telemetry', id, body],
    [`/digitaltwins/${encodeSegment(nasty(r))}-missing/telemetry`, id, body],
  ]);
  return { kind: 'invalid-telemetry', method: 'POST', path, headers, ...(sent !== undefined ? { body: sent } : {}), expect: 'reject' };
};

// ---- queries ----------------------------------------------------------------------------------------------------

const QUERY_TOKENS: readonly string[] = [
  'SELECT', 'FROM', 'WHERE', 'DIGITALTWINS', 'RELATIONSHIPS', 'MATCH', 'JOIN', 'RELATED', 'AND', 'OR', 'NOT', 'IN', 'NIN', 'AS',
  'TOP', 'COUNT()', '*', '(', ')', '[', ']', ',', '.', '=', '!=', '<', '<=', '>', '>=', '+', '-', 'T', 'R', 'T.$dtId',
  'T.AverageTemperature', "'building-1'", '"x"', '1', '1.5', '-1', '1e309', 'true', 'false', 'null', 'IS_OF_MODEL(', 'IS_DEFINED(',
  'STARTSWITH(', 'ENDSWITH(', 'CONTAINS(', 'IS_NUMBER(', '-[', ']->', '<-[', ']-', '*1..3', '..', ':', ';', "'", '"',
  `'${TEST_IDS.building}'`, '$dtId', '$metadata', '[[', ']]', '\u0000', '😀', '\u202e', '\ud800',
];

/** Random token soup: a query parser fuzz. The store is tiny and a time limit is set, so anything may run. */
const querySoup: Generator = (r) => {
  const parts = r.chance(0.7) ? ['SELECT'] : [];
  for (let i = r.int(1, 25); i > 0; i--) parts.push(r.pick(QUERY_TOKENS));
  return { kind: 'query-soup', method: 'POST', path: '/query', body: JSON.stringify({ query: parts.join(r.pick([' ', ''])) }), expect: 'read' };
};

function andChain(n: number): string {
  return Array.from({ length: n }, (_, i) => `T.AverageTemperature != ${i}`).join(i2op(n));
}
function i2op(n: number): string {
  return n % 2 === 0 ? ' AND ' : ' OR ';
}

/** Each documented query limit, exactly at it (must run) and one past it (must be refused). */
export function limitQueries(): { at: Record<string, string>; over: Record<string, string> } {
  const pad = (query: string, length: number) => `${query}${' '.repeat(Math.max(0, length - query.length))}`;
  const base = 'SELECT * FROM DIGITALTWINS T WHERE ';
  const inList = (n: number) => `${base}T.$dtId IN [${Array.from({ length: n }, (_, i) => `'id-${i}'`).join(', ')}]`;
  const joins = (n: number) => `SELECT T FROM DIGITALTWINS T ${Array.from({ length: n }, (_, i) =>
    `JOIN J${i} RELATED ${i === 0 ? 'T' : `J${i - 1}`}.has`).join(' ')} WHERE T.$dtId = 'building-1'`;
  const hops = (n: number) => `SELECT A FROM DIGITALTWINS MATCH (A)-[*..${n}]->(B) WHERE A.$dtId = 'building-1'`;
  return {
    at: {
      length: pad(`${base}T.$dtId = 'building-1'`, MAX_QUERY_LENGTH),
      andOr: `${base}${andChain(MAX_AND_OR_EXPRESSIONS + 1)}`,
      inList: inList(MAX_IN_LIST_ITEMS),
      joins: joins(MAX_JOINS),
      hops: hops(MAX_MATCH_HOPS),
    },
    over: {
      length: pad(`${base}T.$dtId = 'building-1'`, MAX_QUERY_LENGTH + 1),
      andOr: `${base}${andChain(MAX_AND_OR_EXPRESSIONS + 2)}`,
      inList: inList(MAX_IN_LIST_ITEMS + 1),
      joins: joins(MAX_JOINS + 1),
      hops: hops(MAX_MATCH_HOPS + 1),
    },
  };
}

const queryLimits: Generator = (r) => {
  const { at, over } = limitQueries();
  const accept = r.chance(0.5);
  const which = r.pick(Object.keys(at));
  const query = (accept ? at : over)[which]!;
  return { kind: `query-limit-${which}-${accept ? 'at' : 'over'}`, method: 'POST', path: '/query', body: JSON.stringify({ query }), expect: accept ? 'accept' : 'reject' };
};

const invalidQuerySpec: Generator = (r) => {
  const body = r.pick<unknown>([
    { query: 5 }, { query: [] }, { query: {} }, { query: true }, [], 'SELECT', 5, {},
    { continuationToken: r.pick(['', 'x', '!!!', nasty(r) || 'x', 'eyJvIjoxfQ', 'a'.repeat(5000)]) },
    { continuationToken: 5 },
    { query: `SELECT * FROM digitaltwins WHERE ${'('.repeat(r.int(129, 3900))}true` },
    { query: 'SELECT * FROM digitaltwins'.padEnd(r.int(8001, 30_000), ' ') },
    { query: r.pick(['', ' ', 'foo', 'SELECT', 'SELECT * FROM', 'DELETE FROM digitaltwins', 'SELECT * FROM digitaltwins; DROP TABLE twins']) },
  ]);
  return { kind: 'invalid-query-spec', method: 'POST', path: '/query', body: JSON.stringify(body), expect: 'reject' };
};

// ---- headers and paths ------------------------------------------------------------------------------------------

/** A valid write sent with a bad api-version: refused before the body is even read. */
const badApiVersion: Generator = (r) => {
  const version = r.pick(['', '2019-01-01', '2023-10-31x', 'latest', '2023-10-31,2020-10-31', '%00', encodeSegment(nasty(r)), 'x'.repeat(3000)]);
  const [method, path, body] = r.pick<[string, string, string | undefined]>([
    ['PUT', twinPath('fuzz-new'), JSON.stringify({ $metadata: { $model: TEST_IDS.floor } })],
    ['PATCH', twinPath('building-1'), JSON.stringify([{ op: 'replace', path: '/AverageTemperature', value: 1 }])],
    ['DELETE', relPath('building-1', 'b1-has-f1'), undefined],
    ['POST', '/models', JSON.stringify([{ '@id': 'dtmi:fuzz:Ok;1', '@type': 'Interface', '@context': 'dtmi:dtdl:context;3' }])],
    ['PUT', '/eventroutes/route-1', JSON.stringify({ endpointName: 'live', filter: 'false' })],
    ['GET', '/models', undefined],
  ]);
  const query = r.pick(['', `?api-version=${version}`, `?api-version=${version}&api-version=${version}`, '?API-VERSION=2023-10-31', '?apiversion=2023-10-31']);
  return { kind: 'bad-api-version', method, path: `${path}${query}`, rawUrl: true, ...(body !== undefined ? { body } : {}), expect: 'reject' };
};

/** A valid write with a malformed If-Match / If-None-Match, or a well-formed one that does not hold. */
const badConditional: Generator = (r) => {
  const malformed = r.pick(['XXX', 'W/', '"open', 'W/"a"b', '"a", "b"', '', ' ', '*, *', 'w/"x"', `"${'a'.repeat(3000)}`]);
  const wellFormedStale = r.pick(['W/"00000000-0000-0000-0000-000000000000"', '"stale"', 'W/""']);
  const useStale = r.chance(0.5);
  const ifMatch = useStale ? wellFormedStale : malformed;
  const [method, path, body] = r.pick<[string, string, string | undefined]>([
    ['PATCH', twinPath('building-1'), JSON.stringify([{ op: 'replace', path: '/AverageTemperature', value: 2 }])],
    ['PUT', twinPath('building-1'), JSON.stringify({ $metadata: { $model: TEST_IDS.building }, AverageTemperature: 3 })],
    ['PUT', twinPath('fuzz-new'), JSON.stringify({ $metadata: { $model: TEST_IDS.floor } })],
    ['PATCH', '/digitaltwins/room-1/components/thermostat', JSON.stringify([{ op: 'replace', path: '/setpoint', value: 5 }])],
    ['PATCH', relPath('building-1', 'b1-has-f1'), JSON.stringify([{ op: 'replace', path: '/isAccessRestricted', value: true }])],
    ['PUT', relPath('building-1', 'b1-has-f1'), JSON.stringify({ $relationshipName: 'has', $targetId: 'floor-1' })],
    ['DELETE', relPath('floor-1', 'f1-contains-r1'), undefined],
  ]);
  const headers: Record<string, string> = r.chance(0.8) || method !== 'PUT'
    ? { 'if-match': ifMatch }
    : { 'if-none-match': path.endsWith('fuzz-new') ? malformed : r.pick(['*', malformed]) };
  // `If-Match: W/"…"` on a PUT of a twin that does not exist is a 412 as well; `*` there would create it, so never `*`.
  return { kind: 'bad-conditional', method, path, headers, ...(body !== undefined ? { body } : {}), expect: 'reject' };
};

const badPageSize: Generator = (r) => {
  const value = r.pick(['0', '-1', '1.5', 'abc', '1e309', '99999999999999999999999', ' ', '0x10', 'NaN', '1,2', 'Infinity', '\u00bd', '5 5']);
  const path = r.pick(['/models', '/eventroutes', '/jobs/imports', '/jobs/deletions', '/digitaltwins/building-1/relationships', '/digitaltwins/floor-1/incomingrelationships']);
  if (r.chance(0.3)) {
    return { kind: 'bad-page-size', method: 'POST', path: '/query', headers: { 'max-items-per-page': value }, body: '{"query":"SELECT * FROM digitaltwins"}', expect: 'read' };
  }
  return { kind: 'bad-page-size', method: 'GET', path, headers: { 'max-items-per-page': value }, expect: 'read' };
};

/** Odd Content-Types on bodies that are wrong anyway, and on reads (where the body is ignored). */
const badContentType: Generator = (r) => {
  const contentType = r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded',
    'application/json; charset=utf-16', 'application/json; charset=latin1', '*/*', 'garbage', 'application/json-patch+json; x=y', '']);
  if (r.chance(0.5)) return { kind: 'bad-content-type', method: 'GET', path: r.pick(READ_PATHS), headers: { 'content-type': contentType }, expect: 'read' };
  const c = r.chance(0.5) ? malformedJson(r) : invalidTwinPut(r);
  return { ...c, kind: 'bad-content-type', headers: { ...c.headers, 'content-type': contentType } };
};

/** Path segments with nasty characters: reads answer 404 or succeed; invalid percent-encoding is a 400. */
const oddPaths: Generator = (r) => {
  const s = encodeSegment(nasty(r) || '%');
  const path = r.pick([
    `/digitaltwins/${s}`, `/digitaltwins/${s}/relationships`, `/digitaltwins/${s}/incomingrelationships`, `/digitaltwins/building-1/relationships/${s}`,
    `/digitaltwins/room-1/components/${s}`, `/models/${s}`, `/eventroutes/${s}`, `/jobs/imports/${s}`, `/jobs/deletions/${s}`,
    `/digitaltwins/${'%'}${r.pick(['', 'G', 'E0%A4%A', 'C0%80', 'FF'])}`, `/digitaltwins/${'x'.repeat(r.int(1000, 6000))}`,
    '/digitaltwins//relationships', '/digitaltwins/..%2f..%2fetc%2fpasswd', '/DIGITALTWINS/building-1', '/digitaltwins/building-1/',
    `/models?dependenciesFor=${s}`, `/digitaltwins/building-1/relationships?relationshipName=${s}`,
    `/models?includeModelDefinition=${s}`, `/models?continuationToken=${s}`, '/eventroutes?continuationToken=eyJvIjotMSwibiI6MH0',
  ]);
  return { kind: 'odd-path', method: 'GET', path, expect: 'read' };
};

/** Wrong methods, unknown paths and resources: 404/405, never anything else. */
const wrongRoute: Generator = (r) => {
  const [method, path] = r.pick<[string, string]>([
    ['POST', twinPath('building-1')], ['DELETE', '/models'], ['PUT', '/query'], ['GET', '/query'], ['PATCH', '/eventroutes/route-1'],
    ['OPTIONS', twinPath('building-1')], ['PUT', '/digitaltwins'], ['GET', '/digitaltwins'],
    ['GET', `/${encodeSegment(nasty(r) || 'x')}`], ['GET', '/models/a/b/c'], ['POST', '/jobs/deletions/x'], ['GET', '/jobs'],
    ['DELETE', '/jobs/deletions/x'], ['GET', '/_emulator/nothing'], ['GET', '/api/proxy/models'],
  ]);
  return { kind: 'wrong-route', method, path, ...(method === 'PUT' || method === 'POST' ? { body: '{}' } : {}), expect: 'reject' };
};

/** Weighted: the handlers with the most logic get the most inputs. */
const GENERATORS: readonly [Generator, number][] = [
  [malformedJson, 10], [deepNesting, 4], [invalidTwinPut, 12], [hugeNumbers, 3], [invalidDtdl, 10], [malformedPatch, 12],
  [invalidModelPatch, 3], [invalidRelationshipPut, 8], [invalidDelete, 5], [invalidRoute, 5], [invalidJob, 4],
  [invalidTelemetry, 4], [querySoup, 10], [queryLimits, 3], [invalidQuerySpec, 4], [badApiVersion, 4], [badConditional, 6],
  [badPageSize, 3], [badContentType, 3], [oddPaths, 5], [wrongRoute, 3],
];
const TOTAL_WEIGHT = GENERATORS.reduce((s, [, w]) => s + w, 0);

export function generateCase(r: Prng): FuzzCase {
  let x = r.next() * TOTAL_WEIGHT;
  for (const [gen, w] of GENERATORS) {
    if ((x -= w) < 0) return gen(r);
  }
  return GENERATORS[0]![0](r);
}

/** The full URL of a case against a base URL. */
export function caseUrl(baseUrl: string, c: FuzzCase): string {
  if (c.rawUrl) return `${baseUrl}${c.path}`;
  return `${baseUrl}${c.path}${c.path.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;
}
