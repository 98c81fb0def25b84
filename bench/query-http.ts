// Query latency over HTTP at 100k twins / 200k relationships (design.md bar: p50 < 20 ms for IS_OF_MODEL + a property
// filter, < 100 ms for a 3-hop MATCH from one twin; and paging through all 100k twins < 5 s).
// The graph is seeded through an import job into a file-backed emulator; each query is then timed as a POST /query
// from a keep-alive client, side by side with a hand-written SQL statement that computes the same result on the same
// SQLite file (opened read-only with better-sqlite3): the floor. Ratios are emulator / SQL.
// BENCH_QUERY_BUILDINGS (default 99 → 100,089 twins, 198,990 relationships) and BENCH_QUERY_ITERATIONS scale it.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmulator } from '../src/emulator/server';
import { importBlobs } from './_import-blobs';

const BUILDINGS = Number(process.env.BENCH_QUERY_BUILDINGS ?? 99);
const ITERATIONS = Number(process.env.BENCH_QUERY_ITERATIONS ?? 60);
const WARMUP = 5;
const PAGING_RUNS = Number(process.env.BENCH_QUERY_PAGING_RUNS ?? 5);
const API = 'api-version=2023-10-31';

export const M = {
  space: 'dtmi:bench:Space;1',
  building: 'dtmi:bench:Building;1',
  floor: 'dtmi:bench:Floor;1',
  room: 'dtmi:bench:Room;1',
  meetingRoom: 'dtmi:bench:MeetingRoom;1',
  sensor: 'dtmi:bench:Sensor;1',
} as const;

const MODELS = [
  { '@id': M.space, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
    contents: [{ '@type': 'Property', name: 'name', schema: 'string' }, { '@type': 'Relationship', name: 'contains' }] },
  { '@id': M.building, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', extends: M.space, contents: [] },
  { '@id': M.floor, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', extends: M.space,
    contents: [{ '@type': 'Property', name: 'level', schema: 'integer' }] },
  { '@id': M.room, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', extends: M.space,
    contents: [
      { '@type': 'Property', name: 'temperature', schema: 'double' },
      { '@type': 'Property', name: 'area', schema: 'double' },
      { '@type': 'Relationship', name: 'hasSensor', target: M.sensor },
      { '@type': 'Relationship', name: 'adjacentTo', target: M.room },
    ] },
  { '@id': M.meetingRoom, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', extends: M.room,
    contents: [{ '@type': 'Property', name: 'capacity', schema: 'integer' }] },
  { '@id': M.sensor, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3',
    contents: [{ '@type': 'Property', name: 'value', schema: 'double' }, { '@type': 'Relationship', name: 'isLocatedIn' }] },
];

/**
 * Per building: 10 floors × 20 rooms × 4 sensors (1,011 twins). Relationships: contains (building → floor → room),
 * hasSensor (room → sensor), isLocatedIn (sensor → room) and adjacentTo (room → next room on the floor):
 * 2,010 per building.
 */
export function ndjson(buildings: number): { text: string; twins: number; relationships: number } {
  const lines: string[] = [
    JSON.stringify({ Section: 'Header' }),
    JSON.stringify({ fileVersion: '1.0.0', author: 'twinscope-bench', organization: 'twinscope' }),
    JSON.stringify({ Section: 'Models' }),
    ...MODELS.map((m) => JSON.stringify(m)),
    JSON.stringify({ Section: 'Twins' }),
  ];
  const rels: string[] = [];
  const rel = (source: string, id: string, name: string, target: string) =>
    rels.push(JSON.stringify({ $dtId: source, $relationshipId: id, $relationshipName: name, $targetId: target }));
  let twins = 0;
  let roomNo = 0;
  const twin = (id: string, model: string, props: Record<string, unknown>) => {
    lines.push(JSON.stringify({ $dtId: id, $metadata: { $model: model }, ...props }));
    twins++;
  };
  for (let b = 0; b < buildings; b++) {
    const bId = `b${b}`;
    twin(bId, M.building, { name: `Building ${b}` });
    for (let f = 0; f < 10; f++) {
      const fId = `${bId}-f${f}`;
      twin(fId, M.floor, { name: `Floor ${f}`, level: f });
      rel(bId, `c-${fId}`, 'contains', fId);
      for (let r = 0; r < 20; r++) {
        const rId = `${fId}-r${r}`;
        roomNo++;
        const meeting = roomNo % 7 === 0;
        twin(rId, meeting ? M.meetingRoom : M.room,
          { name: `Room ${b}-${f}-${r}`, temperature: 18 + (roomNo % 9), area: 10 + (roomNo % 40), ...(meeting ? { capacity: 8 } : {}) });
        rel(fId, `c-${rId}`, 'contains', rId);
        rel(rId, 'adj', 'adjacentTo', `${fId}-r${(r + 1) % 20}`);
        for (let s = 0; s < 4; s++) {
          const sId = `${rId}-s${s}`;
          twin(sId, M.sensor, { value: (roomNo + s) % 30 });
          rel(rId, `hs-${s}`, 'hasSensor', sId);
          rel(sId, 'in', 'isLocatedIn', rId);
        }
      }
    }
  }
  lines.push(JSON.stringify({ Section: 'Relationships' }));
  return { text: `${lines.join('\n')}\n${rels.join('\n')}\n`, twins, relationships: rels.length };
}


const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(base: URL, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method: 'POST', path: `${path}?${API}`, agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

interface QueryPageBody { value: unknown[]; continuationToken: string | null }

async function query(base: URL, q: string): Promise<QueryPageBody> {
  const r = await post(base, '/query', { query: q });
  if (r.status !== 200) throw new Error(`${q}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as QueryPageBody;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

async function timeIt(runs: number, warmup: number, f: () => unknown): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warmup; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

interface Case { name: string; rows: number; sqlRows: number; emulator: { p50: number; p95: number }; sql: { p50: number; p95: number } }

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-query-bench-'));
  const dbPath = join(dir, 'bench.db');
  const graph = ndjson(BUILDINGS);
  const emulator = await createEmulator({ db: dbPath, port: 0, httpPort: 0, seed: 'none', quiet: true, dataDir: dir });
  const base = new URL(emulator.httpUrl as string);
  let db: Database.Database | undefined;
  try {
    // ---- seed through an import job ----
    const blobs = await importBlobs(graph.text);
    const importStarted = performance.now();
    try {
      const put = await fetch(`${base.origin}/jobs/imports/seed?${API}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputBlobUri: blobs.inputUrl, outputBlobUri: blobs.logUrl }),
      });
      if (put.status !== 201) throw new Error(`import job: ${put.status} ${await put.text()}`);
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const job = (await (await fetch(`${base.origin}/jobs/imports/seed?${API}`)).json()) as { status: string; error?: unknown };
        if (job.status === 'succeeded') break;
        if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`import ${job.status}: ${JSON.stringify(job.error)}`);
      }
    } finally {
      await blobs.close();
    }
    const importMs = Math.round(performance.now() - importStarted);
    const counted = (await query(base, 'SELECT COUNT() FROM DIGITALTWINS')).value[0] as { COUNT: number };
    if (counted.COUNT !== graph.twins) throw new Error(`expected ${graph.twins} twins after the import, found ${counted.COUNT}`);

    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const sql = db;
    const cases: Case[] = [];
    const measure = async (name: string, q: string, statement: string, params: unknown[] = [], iterations = ITERATIONS) => {
      const stmt = sql.prepare(statement);
      const value = (await query(base, q)).value;
      const sqlValue = stmt.all(...params);
      const rows = value.length;
      const sqlRows = sqlValue.length;
      if (rows !== sqlRows) throw new Error(`${name}: the emulator returned ${rows} rows, the SQL ${sqlRows}`);
      // COUNT() rows carry the figure itself; both must agree on it.
      if (q.includes('COUNT()') && JSON.stringify(value) !== JSON.stringify(sqlValue)) {
        throw new Error(`${name}: the emulator says ${JSON.stringify(value)}, the SQL ${JSON.stringify(sqlValue)}`);
      }
      const emu = await timeIt(iterations, WARMUP, () => query(base, q));
      const floor = await timeIt(iterations, WARMUP, () => stmt.all(...params));
      cases.push({ name, rows, sqlRows, emulator: emu, sql: floor });
    };

    // One twin in the middle of the estate, so neither end of any index is favoured.
    const b = `b${Math.floor(BUILDINGS / 2)}`;
    await measure('IS_OF_MODEL + property filter (first page of 1,000)',
      `SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL('${M.room}') AND T.temperature > 23`,
      `SELECT body FROM twins WHERE model_id IN (?, ?) AND json_extract(body, '$.temperature') > 23 ORDER BY id LIMIT 1000`,
      [M.room, M.meetingRoom]);
    await measure('2-JOIN from one twin (building → floors → rooms)',
      `SELECT F, R FROM DIGITALTWINS B JOIN F RELATED B.contains JOIN R RELATED F.contains WHERE B.$dtId = '${b}'`,
      `SELECT f.body AS F, r.body AS R FROM relationships r1
         JOIN twins f ON f.id = r1.target_id
         JOIN relationships r2 ON r2.source_id = f.id AND r2.name = 'contains'
         JOIN twins r ON r.id = r2.target_id
       WHERE r1.source_id = ? AND r1.name = 'contains' ORDER BY r1.id, r2.source_id, r2.id`, [b]);
    await measure('3-hop MATCH from one twin (building → floors → rooms → sensors)',
      `SELECT s FROM DIGITALTWINS MATCH (b)-[:contains]->(f)-[:contains]->(r)-[:hasSensor]->(s) WHERE b.$dtId = '${b}'`,
      `SELECT s.body AS s FROM relationships r1
         JOIN relationships r2 ON r2.source_id = r1.target_id AND r2.name = 'contains'
         JOIN relationships r3 ON r3.source_id = r2.target_id AND r3.name = 'hasSensor'
         JOIN twins s ON s.id = r3.target_id
       WHERE r1.source_id = ? AND r1.name = 'contains' ORDER BY r1.target_id, r2.target_id, r3.target_id`, [b]);
    await measure('COUNT() over all twins', 'SELECT COUNT() FROM DIGITALTWINS', 'SELECT COUNT(*) AS COUNT FROM twins');
    await measure('COUNT() over all relationships', 'SELECT COUNT() FROM RELATIONSHIPS', 'SELECT COUNT(*) AS COUNT FROM relationships');

    // ---- paging through every twin: 1,000 per page, keyset continuation; SQL does the same keyset walk ----
    const pageAll = async (): Promise<number> => {
      let n = 0;
      let token: string | null = null;
      do {
        const r = await post(base, '/query', token ? { continuationToken: token } : { query: 'SELECT * FROM DIGITALTWINS' });
        if (r.status !== 200) throw new Error(`paging: ${r.status} ${JSON.stringify(r.json)}`);
        const page = r.json as QueryPageBody;
        n += page.value.length;
        token = page.continuationToken;
      } while (token);
      return n;
    };
    const first = sql.prepare('SELECT id, body FROM twins ORDER BY id LIMIT 1000');
    const next = sql.prepare('SELECT id, body FROM twins WHERE id > ? ORDER BY id LIMIT 1000');
    const sqlPageAll = (): number => {
      let n = 0;
      let rows = first.all() as { id: string }[];
      while (rows.length > 0) {
        n += rows.length;
        rows = rows.length < 1000 ? [] : next.all((rows[rows.length - 1] as { id: string }).id) as { id: string }[];
      }
      return n;
    };
    const served = await pageAll();
    const sqlServed = sqlPageAll();
    if (served !== graph.twins || sqlServed !== graph.twins) throw new Error(`paging served ${served}, SQL ${sqlServed}, expected ${graph.twins}`);
    const pagingEmu = await timeIt(PAGING_RUNS, 1, pageAll);
    const pagingSql = await timeIt(PAGING_RUNS, 1, sqlPageAll);
    cases.push({ name: `paging through all ${graph.twins} twins (1,000 per page, total)`, rows: served, sqlRows: sqlServed, emulator: pagingEmu, sql: pagingSql });

    const results = cases.map((c) => ({
      ...c,
      ratioP50: round(c.emulator.p50 / Math.max(c.sql.p50, 0.001), 1),
      ratioP95: round(c.emulator.p95 / Math.max(c.sql.p95, 0.001), 1),
    }));
    const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
    const bars = {
      filterP50Under20Ms: (byName('IS_OF_MODEL')?.emulator.p50 ?? Infinity) < 20,
      match3HopP50Under100Ms: (byName('3-hop MATCH')?.emulator.p50 ?? Infinity) < 100,
      pagingAllUnder5s: (byName('paging')?.emulator.p50 ?? Infinity) < 5000,
    };
    const cpu = cpus();
    const machine = { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, node: process.version };
    console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
    console.log(`seeded ${graph.twins} twins and ${graph.relationships} relationships by import job in ${importMs} ms`);
    for (const r of results) {
      console.log(`${r.name}: emulator p50 ${r.emulator.p50} ms / p95 ${r.emulator.p95} ms; SQL p50 ${r.sql.p50} ms / p95 ${r.sql.p95} ms; ` +
        `ratio p50 ${r.ratioP50}x, p95 ${r.ratioP95}x (${r.rows} rows)`);
    }
    return {
      twins: graph.twins, relationships: graph.relationships, importMs, iterations: ITERATIONS, pagingRuns: PAGING_RUNS,
      transport: 'HTTP/1.1 keep-alive on loopback, client and emulator in one process', results, bars, machine,
    };
  } finally {
    db?.close();
    agent.destroy();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
