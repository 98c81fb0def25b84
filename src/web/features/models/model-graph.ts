import type { InterfaceInfo, RelationshipInfo, ComponentInfo } from '../../../shared/dtdl';
import { reachable } from './walk';

export type ModelEdgeKind = 'extends' | 'component' | 'relationship';

export interface ModelGraphOptions {
  extends: boolean;
  component: boolean;
  relationship: boolean;
  /** Show only this model with its supertypes and subtypes. */
  lineageOf?: string | undefined;
  /** Show only this model's neighbourhood: see `neighbourhood`. Wins over `lineageOf`. */
  focusOf?: string | undefined;
  /** Hops of component and relationship edges the neighbourhood reaches (default 1). */
  focusDepth?: number | undefined;
  /**
   * Models whose subtypes are folded into them. A model stays visible while at least one of its parents is shown
   * expanded, so a model with two parents disappears only when both branches are collapsed.
   */
  collapsed?: ReadonlySet<string> | undefined;
}

export interface ModelGraphNode {
  id: string;
  label: string;
  /** Models hidden because this one is collapsed (its subtypes, transitively, that no other branch shows). */
  hidden: number;
  /** Whether the model has subtypes in the graph, i.e. whether it can be collapsed at all. */
  hasSubtypes: boolean;
}

export interface ModelGraphElements {
  nodes: ModelGraphNode[];
  edges: { id: string; source: string; target: string; kind: ModelEdgeKind; label: string }[];
}

/** Direct subtypes of each model (parent id -> child ids), over the given interfaces only. */
export function subtypesOf(interfaces: readonly InterfaceInfo[]): Map<string, string[]> {
  const ids = new Set(interfaces.map((i) => i.id));
  const children = new Map<string, string[]>();
  for (const i of interfaces) {
    for (const p of new Set(i.extends)) {
      if (!ids.has(p) || p === i.id) continue;
      const list = children.get(p);
      if (list) list.push(i.id);
      else children.set(p, [i.id]);
    }
  }
  return children;
}

/** The model itself, all models it extends (transitively) and all models that extend it (transitively). */
export function lineage(interfaces: readonly InterfaceInfo[], id: string): Set<string> {
  const byId = new Map(interfaces.map((i) => [i.id, i]));
  const children = subtypesOf(interfaces);
  const up = reachable(byId.get(id)?.extends ?? [], (x) => byId.get(x)?.extends, (x) => x !== id);
  const down = reachable(children.get(id) ?? [], (x) => children.get(x), (x) => x !== id && !up.has(x));
  return new Set([id, ...up, ...down]);
}

/** All supertypes of a model, transitively (not the model itself). */
export function ancestorsOf(interfaces: readonly InterfaceInfo[], id: string): Set<string> {
  const byId = new Map(interfaces.map((i) => [i.id, i]));
  return reachable(byId.get(id)?.extends ?? [], (x) => byId.get(x)?.extends, (x) => x !== id && byId.has(x));
}

/**
 * A model's neighbourhood: the model, all its supertypes (the context it inherits from), its direct subtypes, and
 * the models within `depth` component or relationship hops of it, in either direction (only the kinds switched on).
 */
export function neighbourhood(interfaces: readonly InterfaceInfo[], id: string, kinds: { component: boolean; relationship: boolean }, depth = 1): Set<string> {
  const out = new Set<string>([id, ...ancestorsOf(interfaces, id), ...(subtypesOf(interfaces).get(id) ?? [])]);
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const la = links.get(a) ?? new Set<string>();
    la.add(b);
    links.set(a, la);
  };
  for (const i of interfaces) {
    for (const c of i.contents) {
      const other = kinds.component && c.kind === 'Component' ? (c as ComponentInfo).schema
        : kinds.relationship && c.kind === 'Relationship' ? (c as RelationshipInfo).target : undefined;
      if (other === undefined || other === i.id) continue;
      link(i.id, other);
      link(other, i.id);
    }
  }
  let frontier = [id];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const x of frontier) {
      for (const y of links.get(x) ?? []) {
        if (out.has(y) && y !== id) continue;
        out.add(y);
        next.push(y);
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * The models to collapse when the graph first opens so that it starts with at most about `limit` models: whole
 * levels of the inheritance tree are opened from the roots while the next level still fits, and every model with
 * subtypes on the first level that does not fit is collapsed. Small graphs (up to `limit`) open fully.
 */
export function defaultCollapsed(interfaces: readonly InterfaceInfo[], limit = 60): Set<string> {
  if (interfaces.length <= limit) return new Set();
  const children = subtypesOf(interfaces);
  const ids = new Set(interfaces.map((i) => i.id));
  const hasParent = new Set<string>();
  for (const kids of children.values()) for (const k of kids) hasParent.add(k);
  let level = interfaces.filter((i) => !hasParent.has(i.id) || i.extends.every((p) => !ids.has(p))).map((i) => i.id);
  const seen = new Set(level);
  for (;;) {
    const next = [...new Set(level.flatMap((x) => children.get(x) ?? []))].filter((x) => !seen.has(x));
    if (next.length === 0 || seen.size + next.length > limit) return new Set(level.filter((x) => (children.get(x) ?? []).length > 0));
    for (const x of next) seen.add(x);
    level = next;
  }
}

/** Which models are visible under `collapsed`, and how many models each collapsed one hides. */
export function foldBranches(interfaces: readonly InterfaceInfo[], collapsed: ReadonlySet<string>): { visible: Set<string>; hidden: Map<string, number> } {
  const children = subtypesOf(interfaces);
  const ids = new Set(interfaces.map((i) => i.id));
  // Roots: models without a parent in the set. Models in an extends cycle have no root; they stay visible.
  const roots = interfaces.filter((i) => !i.extends.some((p) => ids.has(p) && p !== i.id)).map((i) => i.id);
  const visible = reachable(roots, (x) => (collapsed.has(x) ? [] : children.get(x)));
  const fromRoots = reachable(roots, (x) => children.get(x));
  for (const id of ids) if (!fromRoots.has(id)) visible.add(id);
  const hidden = new Map<string, number>();
  for (const c of collapsed) {
    if (!visible.has(c)) continue;
    const under = reachable(children.get(c) ?? [], (x) => children.get(x), (x) => !visible.has(x));
    if (under.size > 0) hidden.set(c, under.size);
  }
  return { visible, hidden };
}

/**
 * Nodes and edges for the model graph. Edges point from the model that declares them: child -> parent for extends,
 * model -> component schema, model -> relationship target. Edges to models not in the graph are left out.
 */
export function modelGraphElements(interfaces: readonly InterfaceInfo[], options: ModelGraphOptions, labelOf: (id: string) => string = (id) => id): ModelGraphElements {
  const focus = options.focusOf !== undefined && interfaces.some((i) => i.id === options.focusOf) ? options.focusOf : undefined;
  let keep: Set<string> | undefined = focus !== undefined
    ? neighbourhood(interfaces, focus, options, options.focusDepth ?? 1)
    : options.lineageOf !== undefined ? lineage(interfaces, options.lineageOf) : undefined;
  const children = subtypesOf(interfaces);
  let hidden = new Map<string, number>();
  // A focused neighbourhood is small by construction and shown whole; elsewhere collapsed branches fold.
  if (focus === undefined && options.collapsed && options.collapsed.size > 0) {
    const folded = foldBranches(interfaces, options.collapsed);
    hidden = folded.hidden;
    keep = keep ? new Set([...keep].filter((id) => folded.visible.has(id))) : folded.visible;
  }
  const shown = interfaces.filter((i) => !keep || keep.has(i.id));
  const ids = new Set(shown.map((i) => i.id));
  const nodes = shown.map((i) => ({
    id: i.id,
    label: labelOf(i.id),
    hidden: hidden.get(i.id) ?? 0,
    hasSubtypes: (children.get(i.id) ?? []).length > 0,
  }));
  const edges: ModelGraphElements['edges'] = [];
  for (const i of shown) {
    if (options.extends) {
      for (const p of new Set(i.extends)) if (ids.has(p)) edges.push({ id: `extends|${i.id}|${p}`, source: i.id, target: p, kind: 'extends', label: 'extends' });
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
