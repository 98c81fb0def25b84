import { forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';

/** A graph as the force layout needs it: node count and links as pairs of node indexes. Transferable. */
export interface ForceInput {
  nodes: number;
  /** [source0, target0, source1, target1, …] */
  links: Uint32Array;
}

/**
 * Ticks to run: d3's default cooling (300 ticks) for small graphs, fewer for big ones, where each O(n log n) tick
 * costs more (measured here: 300 ticks take about 1 s at 1,000 nodes and 27 s at 10,000). The cooling is scaled to
 * the tick count, so every run ends settled.
 */
export function ticksFor(nodes: number): number {
  return Math.round(Math.max(80, Math.min(300, 300_000 / Math.max(1, nodes))));
}

/**
 * Runs a force-directed layout to the end and returns [x0, y0, x1, y1, …]. Pure and synchronous: it runs in a
 * worker (force-layout.worker.ts) so that a layout of thousands of nodes never blocks the page.
 */
export function simulateForce(input: ForceInput, ticks = ticksFor(input.nodes)): Float32Array {
  const nodes: SimulationNodeDatum[] = Array.from({ length: input.nodes }, () => ({}));
  const links: { source: number; target: number }[] = [];
  for (let i = 0; i + 1 < input.links.length; i += 2) {
    const source = input.links[i]!;
    const target = input.links[i + 1]!;
    if (source !== target && source < input.nodes && target < input.nodes) links.push({ source, target });
  }
  const simulation = forceSimulation(nodes)
    .force('link', forceLink(links).distance(45).iterations(1))
    .force('charge', forceManyBody().strength(-60).theta(0.9).distanceMax(600))
    // Gentle pulls to the centre instead of forceCenter, so that separate components stay on screen.
    .force('x', forceX(0).strength(0.04))
    .force('y', forceY(0).strength(0.04))
    // From alpha 1 down to d3's alphaMin (0.001) in exactly `ticks` steps.
    .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
    .stop();
  simulation.tick(ticks);
  const out = new Float32Array(input.nodes * 2);
  nodes.forEach((n, i) => {
    out[2 * i] = n.x ?? 0;
    out[2 * i + 1] = n.y ?? 0;
  });
  return out;
}
