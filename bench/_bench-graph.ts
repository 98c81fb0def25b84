// The graph the graph benchmarks load: N twins of one model, two relationships each (a ring and a deterministic
// long-range link, so the graph is one connected, non-tree component), imported through an import job.
// (Files starting with _ are helpers, not benchmarks: bench/run.ts skips them.)
import { blobServer } from './_blob-server';

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


export async function importGraph(base: string, n: number): Promise<number> {
  const blobs = await blobServer(ndjson(n));
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
