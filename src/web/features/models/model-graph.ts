import type { InterfaceInfo, RelationshipInfo, ComponentInfo } from '../../../shared/dtdl';

export type ModelEdgeKind = 'extends' | 'component' | 'relationship';

export interface ModelGraphOptions {
  extends: boolean;
  component: boolean;
  relationship: boolean;
  /** Show only this model with its supertypes and subtypes. */
  lineageOf?: string | undefined;
}

export interface ModelGraphElements {
  nodes: { id: string; label: string }[];
  edges: { id: string; source: string; target: string; kind: ModelEdgeKind; label: string }[];
}

/** The model itself, all models it extends (transitively) and all models that extend it (transitively). */
export function lineage(interfaces: readonly InterfaceInfo[], id: string): Set<string> {
  const byId = new Map(interfaces.map((i) => [i.id, i]));
  const children = new Map<string, string[]>();
  for (const i of interfaces) for (const p of i.extends) children.set(p, [...(children.get(p) ?? []), i.id]);
  const out = new Set<string>([id]);
  const walk = (start: string, next: (x: string) => readonly string[]) => {
    const stack = [...next(start)];
    while (stack.length > 0) {
      const x = stack.pop() as string;
      if (out.has(x)) continue;
      out.add(x);
      stack.push(...next(x));
    }
  };
  walk(id, (x) => byId.get(x)?.extends ?? []);
  walk(id, (x) => children.get(x) ?? []);
  return out;
}

/**
 * Nodes and edges for the model graph. Edges point from the model that declares them: child -> parent for extends,
 * model -> component schema, model -> relationship target. Edges to models not in the graph are left out.
 */
export function modelGraphElements(interfaces: readonly InterfaceInfo[], options: ModelGraphOptions, labelOf: (id: string) => string = (id) => id): ModelGraphElements {
  const keep = options.lineageOf !== undefined ? lineage(interfaces, options.lineageOf) : undefined;
  const shown = interfaces.filter((i) => !keep || keep.has(i.id));
  const ids = new Set(shown.map((i) => i.id));
  const nodes = shown.map((i) => ({ id: i.id, label: labelOf(i.id) }));
  const edges: ModelGraphElements['edges'] = [];
  for (const i of shown) {
    if (options.extends) {
      for (const p of i.extends) if (ids.has(p)) edges.push({ id: `extends|${i.id}|${p}`, source: i.id, target: p, kind: 'extends', label: 'extends' });
    }
    for (const c of i.contents) {
      if (options.component && c.kind === 'Component') {
        const schema = (c as ComponentInfo).schema;
        if (ids.has(schema)) edges.push({ id: `component|${i.id}|${c.name}`, source: i.id, target: schema, kind: 'component', label: c.name });
      }
      if (options.relationship && c.kind === 'Relationship') {
        const target = (c as RelationshipInfo).target;
        if (target !== undefined && ids.has(target)) edges.push({ id: `relationship|${i.id}|${c.name}`, source: i.id, target, kind: 'relationship', label: c.name });
      }
    }
  }
  return { nodes, edges };
}
