// The graphs the graph benchmarks load, imported through an import job: a realistic portfolio (sites, buildings,
// floors, rooms, equipment, sensors; see portfolio()), or N twins of one model with two relationships each (a ring and
// a deterministic long-range link: one connected, non-tree component).
// (Files starting with _ are helpers, not benchmarks: bench/run.ts skips them.)
import { importBlobs } from './_import-blobs';

const MODEL_ID = 'dtmi:twinscope:bench:Node;1';
const API = 'api-version=2023-10-31';

export function ndjson(n: number): string {
  const lines: unknown[] = [
    { Section: 'Header' },
    { fileVersion: '1.0.0', author: 'twinscope-bench', organization: 'twinscope' },
    { Section: 'Models' },
    {
      '@id': MODEL_ID, '@type': 'Interface', '@context': 'dtmi:dtdl:context;3', displayName: 'Node',
      contents: [{ '@type': 'Property', name: 'value', schema: 'double' }, { '@type': 'Relationship', name: 'link' }],
    },
    { Section: 'Twins' },
  ];
  for (let i = 0; i < n; i++) lines.push({ $dtId: `n${i}`, $metadata: { $model: MODEL_ID }, value: i % 100 });
  lines.push({ Section: 'Relationships' });
  for (let i = 0; i < n; i++) {
    lines.push({ $dtId: `n${i}`, $relationshipId: `r${i}a`, $targetId: `n${(i + 1) % n}`, $relationshipName: 'link' });
    lines.push({ $dtId: `n${i}`, $relationshipId: `r${i}b`, $targetId: `n${(i * 7919 + 13) % n === i ? (i + 2) % n : (i * 7919 + 13) % n}`, $relationshipName: 'link' });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

const P = 'dtmi:twinscope:portfolio:';
const PM = {
  thing: `${P}Thing;1`, site: `${P}Site;1`, building: `${P}Building;1`, floor: `${P}Floor;1`, room: `${P}Room;1`,
  ahu: `${P}AirHandlingUnit;1`, vav: `${P}VAVBox;1`, sensor: `${P}Sensor;1`,
} as const;

function portfolioModels(): unknown[] {
  const ctx = 'dtmi:dtdl:context;3';
  const prop = (name: string, schema: unknown) => ({ '@type': 'Property', name, schema });
  const en = (...values: string[]) => ({ '@type': 'Enum', valueSchema: 'string', enumValues: values.map((v) => ({ name: v, enumValue: v })) });
  const m = (id: string, displayName: string, contents: unknown[]) => ({ '@id': id, '@type': 'Interface', '@context': ctx, displayName, extends: PM.thing, contents });
  return [
    {
      '@id': PM.thing, '@type': 'Interface', '@context': ctx, displayName: 'Thing',
      contents: [prop('name', 'string'), { '@type': 'Relationship', name: 'contains' }, { '@type': 'Relationship', name: 'servedBy' }, { '@type': 'Relationship', name: 'feeds' }],
    },
    m(PM.site, 'Site', [prop('city', 'string')]),
    m(PM.building, 'Building', [prop('yearBuilt', 'integer'), prop('area', 'double')]),
    m(PM.floor, 'Floor', [prop('level', 'integer'), prop('area', 'double')]),
    m(PM.room, 'Room', [prop('area', 'double'), prop('occupancy', 'integer'), prop('roomType', en('office', 'meeting', 'kitchen', 'lab')), prop('temperature', 'double')]),
    m(PM.ahu, 'Air handling unit', [prop('status', en('running', 'standby', 'fault')), prop('powerKw', 'double'), prop('running', 'boolean')]),
    m(PM.vav, 'VAV box', [prop('airflow', 'double'), prop('damper', 'double')]),
    m(PM.sensor, 'Sensor', [prop('sensorType', en('temperature', 'occupancy', 'airflow', 'co2')), prop('lastValue', 'double'), prop('unit', 'string'), prop('online', 'boolean')]),
  ];
}

/**
 * A realistic portfolio of N twins: sites of buildings of floors, each floor with rooms, an air handling unit and VAV
 * boxes, and sensors in rooms and boxes. `contains` makes a tree (every twin but a site has one parent); `servedBy`
 * and `feeds` cross-link rooms and equipment as building systems do. About 1.9 relationships per twin. Twins are
 * cut at N in creation order, keeping only relationships between kept twins. Deterministic.
 */
export function portfolio(n: number): { lines: unknown[]; twins: number; relationships: number } {
  const twins: Record<string, unknown>[] = [];
  const rels: { $dtId: string; $relationshipId: string; $targetId: string; $relationshipName: string }[] = [];
  let seq = 0;
  const rnd = () => {
    // A small LCG: the same graph on every run.
    seq = (seq * 1103515245 + 12345) % 2147483648;
    return seq / 2147483648;
  };
  const twin = (id: string, model: string, props: Record<string, unknown>) => twins.push({ $dtId: id, $metadata: { $model: model }, name: id, ...props });
  let relN = 0;
  const rel = (from: string, name: string, to: string) => rels.push({ $dtId: from, $relationshipId: `r${relN++}`, $targetId: to, $relationshipName: name });
  const sensor = (id: string, parent: string, type: string) => {
    twin(id, PM.sensor, { sensorType: type, lastValue: Math.round(rnd() * 400) / 10, unit: type === 'temperature' ? 'Cel' : type === 'airflow' ? 'm3/h' : 'count', online: rnd() > 0.05 });
    rel(parent, 'contains', id);
  };
  for (let s = 0; twins.length < n; s++) {
    const site = `site-${s}`;
    twin(site, PM.site, { city: ['Oslo', 'Lyon', 'Porto', 'Graz', 'Turku'][s % 5] });
    for (let b = 0; b < 3 && twins.length < n; b++) {
      const building = `${site}-b${b}`;
      twin(building, PM.building, { yearBuilt: 1960 + Math.floor(rnd() * 60), area: 4000 + Math.round(rnd() * 8000) });
      rel(site, 'contains', building);
      for (let f = 0; f < 5 && twins.length < n; f++) {
        const floor = `${building}-f${f}`;
        twin(floor, PM.floor, { level: f, area: 900 + Math.round(rnd() * 600) });
        rel(building, 'contains', floor);
        const ahu = `${floor}-ahu`;
        twin(ahu, PM.ahu, { status: rnd() > 0.9 ? 'fault' : rnd() > 0.3 ? 'running' : 'standby', powerKw: Math.round(rnd() * 300) / 10, running: rnd() > 0.3 });
        rel(floor, 'contains', ahu);
        const vavs: string[] = [];
        for (let v = 0; v < 4; v++) {
          const vav = `${floor}-vav${v}`;
          vavs.push(vav);
          twin(vav, PM.vav, { airflow: Math.round(rnd() * 8000) / 10, damper: Math.round(rnd() * 100) });
          rel(floor, 'contains', vav);
          rel(ahu, 'feeds', vav);
          rel(vav, 'servedBy', ahu);
          sensor(`${vav}-s`, vav, 'airflow');
        }
        for (let r = 0; r < 8; r++) {
          const room = `${floor}-r${r}`;
          twin(room, PM.room, { area: 12 + Math.round(rnd() * 60), occupancy: Math.floor(rnd() * 12), roomType: ['office', 'meeting', 'kitchen', 'lab'][Math.floor(rnd() * 4)], temperature: Math.round((19 + rnd() * 6) * 10) / 10 });
          rel(floor, 'contains', room);
          const primary = vavs[r % 4] ?? ahu;
          rel(room, 'servedBy', primary);
          rel(room, 'servedBy', vavs[(r + 1) % 4] ?? ahu);
          rel(primary, 'feeds', room);
          sensor(`${room}-t`, room, 'temperature');
          sensor(`${room}-o`, room, 'occupancy');
        }
      }
    }
  }
  const kept = twins.slice(0, n);
  const ids = new Set(kept.map((t) => t.$dtId));
  const keptRels = rels.filter((r) => ids.has(r.$dtId) && ids.has(r.$targetId));
  const lines: unknown[] = [
    { Section: 'Header' },
    { fileVersion: '1.0.0', author: 'twinscope-bench', organization: 'twinscope' },
    { Section: 'Models' },
    ...portfolioModels(),
    { Section: 'Twins' },
    ...kept,
    { Section: 'Relationships' },
    ...keptRels,
  ];
  return { lines, twins: kept.length, relationships: keptRels.length };
}

export type GraphShapeName = 'portfolio' | 'random';

/** The import file for a graph of n twins, and how many twins and relationships it holds. */
export function benchGraph(n: number, shape: GraphShapeName): { text: string; twins: number; relationships: number } {
  if (shape === 'random') return { text: ndjson(n), twins: n, relationships: 2 * n };
  const p = portfolio(n);
  return { text: p.lines.map((l) => JSON.stringify(l)).join('\n') + '\n', twins: p.twins, relationships: p.relationships };
}

export async function importGraph(base: string, n: number, text = ndjson(n)): Promise<number> {
  const blobs = await importBlobs(text);
  const started = Date.now();
  try {
    const put = await fetch(`${base}/jobs/imports/bench-${n}?${API}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputBlobUri: blobs.inputUrl, outputBlobUri: blobs.logUrl }),
    });
    if (put.status !== 201) throw new Error(`import job: ${put.status} ${await put.text()}`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const job = (await (await fetch(`${base}/jobs/imports/bench-${n}?${API}`)).json()) as { status: string; error?: unknown };
      if (job.status === 'succeeded') break;
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`import ${job.status}: ${JSON.stringify(job.error)}`);
    }
  } finally {
    await blobs.close();
  }
  return Date.now() - started;
}


/** Records the time between animation frames until `stopFrames` is evaluated. A string, not a function: tsx would
 * wrap named inner functions in a helper the page does not have. */
export const RECORD_FRAMES = `(() => {
  window.__frames = [];
  window.__framing = true;
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__framing) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Stops RECORD_FRAMES and returns the frame times, sorted, without the first (partial) one. */
export const STOP_FRAMES = `(() => {
  window.__framing = false;
  return window.__frames.slice(1).sort((a, b) => a - b);
})()`;
