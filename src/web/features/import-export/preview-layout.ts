/**
 * A layered layout for the import preview: twins without incoming relationships (in the file) on the top row, each
 * other twin one row below its nearest parent. Small and deterministic, so the preview needs no graph library.
 */
import type { GraphFile } from '../../api/import-export';

export interface PreviewNode { id: string; model: string; x: number; y: number; external: boolean }
export interface PreviewEdge { from: string; to: string; name: string }
export interface PreviewLayout { nodes: PreviewNode[]; edges: PreviewEdge[]; width: number; height: number; truncated: boolean }

export function layoutPreview(
  graph: GraphFile,
  options: { maxNodes?: number; columnWidth?: number; rowHeight?: number; maxColumns?: number } = {},
): PreviewLayout {
  const maxNodes = options.maxNodes ?? 150;
  // A level wider than this wraps onto further lines. Without it, 150 twins with no relationship among them made one
  // row 150 columns wide, which the panel's width scaled down to a strip a few pixels tall.
  const maxColumns = options.maxColumns ?? 6;
  const colW = options.columnWidth ?? 120;
  const rowH = options.rowHeight ?? 70;
  const model = new Map(graph.twins.map((t) => [t.$dtId, t.$metadata.$model]));
  const ids: string[] = [];
  const seen = new Set<string>();
  const addId = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  for (const t of graph.twins) addId(t.$dtId);
  // Ends of relationships that are not in the file are drawn too, marked as existing twins.
  for (const r of graph.relationships) {
    addId(r.$sourceId);
    addId(r.$targetId);
  }
  const truncated = ids.length > maxNodes;
  const shown = new Set(ids.slice(0, maxNodes));
  const edges = graph.relationships
    .filter((r) => shown.has(r.$sourceId) && shown.has(r.$targetId))
    .map((r) => ({ from: r.$sourceId, to: r.$targetId, name: r.$relationshipName }));

  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const list = children.get(e.from) ?? [];
    list.push(e.to);
    children.set(e.from, list);
    hasParent.add(e.to);
  }
  const level = new Map<string, number>();
  const queue: string[] = [];
  for (const id of shown) {
    if (!hasParent.has(id)) {
      level.set(id, 0);
      queue.push(id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    for (const c of children.get(id) ?? []) {
      if (level.has(c)) continue;
      level.set(c, (level.get(id) ?? 0) + 1);
      queue.push(c);
    }
  }
  // Twins only reachable through cycles start a row of their own.
  for (const id of shown) if (!level.has(id)) level.set(id, 0);

  const rows = new Map<number, string[]>();
  for (const id of shown) {
    const l = level.get(id) ?? 0;
    const row = rows.get(l) ?? [];
    row.push(id);
    rows.set(l, row);
  }
  const lines: string[][] = [];
  for (const [, row] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < row.length; i += maxColumns) lines.push(row.slice(i, i + maxColumns));
  }
  const widest = Math.max(1, ...lines.map((line) => line.length));
  const nodes: PreviewNode[] = [];
  lines.forEach((line, l) => {
    const offset = ((widest - line.length) * colW) / 2;
    line.forEach((id, i) => nodes.push({
      id, model: model.get(id) ?? '', x: offset + i * colW + colW / 2, y: l * rowH + rowH / 2, external: !model.has(id),
    }));
  });
  return { nodes, edges, width: widest * colW, height: Math.max(1, lines.length) * rowH, truncated };
}
