import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSION } from '../shared/adt';
import { createEmulator } from './server';
import type { EmulatorOptions, RunningEmulator } from './server';

/** Shared by the emulator's tests and benchmarks: start an emulator on free ports and talk to it over HTTP. */

export interface CallResult {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the response had none. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests index into arbitrary ADT JSON
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Leave out `api-version`. */
  noApiVersion?: boolean;
}

export class TestApi {
  constructor(readonly baseUrl: string) {}

  url(path: string, noApiVersion = false): string {
    if (noApiVersion) return `${this.baseUrl}${path}`;
    return `${this.baseUrl}${path}${path.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;
  }

  async call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = method === 'PATCH' ? 'application/json-patch+json' : 'application/json';
    }
    const target = path.startsWith('http') ? path : this.url(path, o.noApiVersion);
    const response = await fetch(target, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown;
    if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get(path: string, o?: CallOptions) { return this.call('GET', path, o); }
  put(path: string, body: unknown, o?: CallOptions) { return this.call('PUT', path, { ...o, body }); }
  post(path: string, body: unknown, o?: CallOptions) { return this.call('POST', path, { ...o, body }); }
  patch(path: string, body: unknown, o?: CallOptions) { return this.call('PATCH', path, { ...o, body }); }
  delete(path: string, o?: CallOptions) { return this.call('DELETE', path, o); }
}

export interface TestEmulator { emulator: RunningEmulator; api: TestApi; dataDir: string; close(): Promise<void> }

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'twinscope-emulator-'));
  const emulator = await createEmulator({
    db: ':memory:', port: 0, httpPort: 0, quiet: true, ...wasmStoreOption(options), ...options, dataDir,
  });
  return {
    emulator,
    api: new TestApi(emulator.httpUrl!),
    dataDir,
    close: async () => {
      await emulator.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const enc = encodeURIComponent;

/** Small DTDL v2 models for the conformance tests, modelled on the SDK's own test models. */
export const TEST_IDS = {
  building: 'dtmi:test:Building;1',
  floor: 'dtmi:test:Floor;1',
  room: 'dtmi:test:Room;1',
  thermostat: 'dtmi:test:Thermostat;1',
  wing: 'dtmi:test:Wing;1',
} as const;

export const testModels: Record<string, unknown>[] = [
  {
    '@id': TEST_IDS.building, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Building',
    contents: [
      { '@type': 'Property', name: 'AverageTemperature', schema: 'double' },
      { '@type': 'Property', name: 'TemperatureUnit', schema: 'string' },
      {
        '@type': 'Property', name: 'location',
        schema: { '@type': 'Object', fields: [{ name: 'city', schema: 'string' }, { name: 'zip', schema: 'string' }] },
      },
      {
        '@type': 'Relationship', name: 'has', target: TEST_IDS.floor,
        properties: [{ '@type': 'Property', name: 'isAccessRestricted', schema: 'boolean' }],
      },
      { '@type': 'Relationship', name: 'near' },
    ],
  },
  {
    '@id': TEST_IDS.floor, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Floor',
    contents: [
      { '@type': 'Property', name: 'name', schema: 'string' },
      { '@type': 'Relationship', name: 'contains', target: TEST_IDS.room },
    ],
  },
  {
    '@id': TEST_IDS.thermostat, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Thermostat',
    contents: [
      { '@type': 'Property', name: 'setpoint', schema: 'double' },
      { '@type': 'Property', name: 'mode', schema: 'string' },
      { '@type': 'Telemetry', name: 'temperature', schema: 'double' },
    ],
  },
  {
    '@id': TEST_IDS.room, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Room',
    description: 'A room',
    contents: [
      { '@type': 'Property', name: 'temperature', schema: 'double' },
      { '@type': 'Property', name: 'humidity', schema: 'double' },
      { '@type': 'Component', name: 'thermostat', schema: TEST_IDS.thermostat },
    ],
  },
  {
    '@id': TEST_IDS.wing, '@type': 'Interface', '@context': 'dtmi:dtdl:context;2', displayName: 'Wing',
    extends: TEST_IDS.building,
    contents: [{ '@type': 'Property', name: 'wingName', schema: 'string' }],
  },
];

export function buildingTwin(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { $metadata: { $model: TEST_IDS.building }, AverageTemperature: 68, TemperatureUnit: 'Celsius', ...extra };
}

export function roomTwin(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { $metadata: { $model: TEST_IDS.room }, temperature: 21, thermostat: { $metadata: {}, setpoint: 20 }, ...extra };
}

/** Uploads the test models and a small graph: building-1 -has-> floor-1 -contains-> room-1. */
export async function seedTestGraph(api: TestApi, o: { models?: boolean } = {}): Promise<void> {
  const results = [
    ...(o.models === false ? [] : [await api.post('/models', testModels)]),
    await api.put('/digitaltwins/building-1', buildingTwin()),
    await api.put('/digitaltwins/floor-1', { $metadata: { $model: TEST_IDS.floor }, name: 'Ground' }),
    await api.put('/digitaltwins/room-1', roomTwin()),
    await api.put('/digitaltwins/building-1/relationships/b1-has-f1',
      { $relationshipName: 'has', $targetId: 'floor-1', isAccessRestricted: false }),
    await api.put('/digitaltwins/floor-1/relationships/f1-contains-r1', { $relationshipName: 'contains', $targetId: 'room-1' }),
  ];
  const failed = results.find((r) => r.status >= 300);
  if (failed) throw new Error(`seeding the test graph failed: ${failed.status} ${failed.text}`);
}

let storeUnderTest: 'sqlite' | 'wasm' = 'sqlite';
let wasmStoresOpened = 0;

/** How many emulators of this test file were given the WebAssembly store. */
export function wasmStoresOpenedInTests(): number {
  return wasmStoresOpened;
}

/**
 * From now on in this test file, in-memory emulators run on the WebAssembly SQLite store of the static site instead
 * of better-sqlite3 (storage/sqlite-wasm.suite.test.ts runs a chosen set of the HTTP tests that way). A module
 * variable, not an environment variable: each test file gets its own modules, so it cannot leak into another file.
 */
export function useWasmStoreInTests(): void {
  storeUnderTest = 'wasm';
}

function wasmStoreOption(options: EmulatorOptions): Pick<EmulatorOptions, 'openStore'> {
  if (storeUnderTest !== 'wasm' || (options.db !== undefined && options.db !== ':memory:')) return {};
  return {
    openStore: async () => {
      const { default: init } = await import('@sqlite.org/sqlite-wasm');
      const { openWasmStore } = await import('./storage/sqlite-wasm');
      wasmStoresOpened++;
      return (await openWasmStore(await init(), { persistence: 'memory' })).store;
    },
  };
}
