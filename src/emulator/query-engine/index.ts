import type { DigitalTwin, Relationship } from '../../shared/adt';
import {
  adtParseErrorMessage, checkQuery, hopBounds, resolvePath, type CollectionInfo, type Expr, type Operand, type Query, type QueryDiagnostic,
} from '../../shared/query';
import { ApiError } from '../errors';
import { compileCondition, pathGetter, type CompileContext, type Condition, type Getter, type Row } from '../../shared/query/evaluate';
import { decodeContinuationToken, encodeContinuationToken } from './token';

export interface QuerySource {
  twinCount(): number;
  allTwins(): Iterable<DigitalTwin>;
  twinsOfModels(modelIds: Iterable<string>): Iterable<DigitalTwin>;
  getTwin(id: string): DigitalTwin | undefined;
  allRelationships(): Iterable<Relationship>;
  outgoing(sourceId: string): Iterable<Relationship>;
  incoming(targetId: string): Iterable<Relationship>;
  models: {
    isOfModel(twinModelId: string, queriedModelId: string, exact?: boolean): boolean;
    modelsAssignableTo(queriedModelId: string, exact?: boolean): string[];
  };
}

export interface QueryPage { value: unknown[]; continuationToken: string | null; charge: number }

/**
 * The MATCH reference says a range's lower bound is exclusive (`*1..3` = 2 or 3 hops), unlike Cypher; nobody has
 * confirmed it on a live instance, so it is an option (reference §3.2).
 */
export const DEFAULT_MATCH_RANGE_LOWER_BOUND_EXCLUSIVE = true;

export interface ExecuteOptions {
  pageSize: number;
  timeoutMs?: number;
  /** Default DEFAULT_MATCH_RANGE_LOWER_BOUND_EXCLUSIVE. false = Cypher reading (`*1..3` = 1 to 3 hops). */
  matchRangeLowerBoundExclusive?: boolean;
  /** Clock for the timeout (tests); default Date.now. */
  now?: () => number;
}

export { encodeContinuationToken, decodeContinuationToken } from './token';

const ADT_SAMPLES = 'See samples in https://aka.ms/adtv2query for the correct syntax.';

function semanticError(d: QueryDiagnostic): ApiError {
  return new ApiError(400, 'SqlQueryError',
    `SQL query is invalid: ${d.message} (Line=${d.span.startLine}, Position=${d.span.startColumn - 1}). ${ADT_SAMPLES}`);
}

/** Runs one page of a query. Throws ApiError (400 SqlQueryError / BadRequest / TimeoutError) like ADT. */
export function executeQuery(spec: { query?: string; continuationToken?: string }, source: QuerySource,
  options: ExecuteOptions): QueryPage {
  let text: string;
  let offset = 0;
  // Both SDKs send the query again with the token; the token wins (reference §1.1).
  if (spec.continuationToken !== undefined && spec.continuationToken !== null) {
    const decoded = typeof spec.continuationToken === 'string' ? decodeContinuationToken(spec.continuationToken) : undefined;
    if (!decoded) throw new ApiError(400, 'BadRequest', 'The continuation token is invalid.');
    text = decoded.query;
    offset = decoded.offset;
  } else if (typeof spec.query === 'string') {
    text = spec.query;
  } else {
    throw new ApiError(400, 'BadRequest', 'The query specification must contain a query or a continuation token.');
  }

  const checked = checkQuery(text);
  if (checked.syntaxError) throw new ApiError(400, 'SqlQueryError', adtParseErrorMessage(checked.syntaxError));
  const firstError = checked.diagnostics.find((d) => d.severity === 'error');
  if (firstError) throw semanticError(firstError);

  const run = new Run(checked.ast, checked.collections, source, options, offset);
  run.execute();
  const charge = Math.round((1 + run.work / 100) * 100) / 100;
  if (checked.ast.select.mode === 'count') return { value: [{ COUNT: run.matched }], continuationToken: null, charge };
  return {
    value: run.page,
    continuationToken: run.hasMore ? encodeContinuationToken(text, offset + run.page.length) : null,
    charge,
  };
}

interface PatternNode { slot: number | null }
interface PatternEdge {
  /** Node indexes; direction 'out' means from → to. MATCH `<-[]-` edges are stored reversed. */
  from: number;
  to: number;
  direction: 'out' | 'any';
  names: ReadonlySet<string> | null;
  min: number;
  max: number;
  relSlot: number | null;
}
interface Step { edge: PatternEdge; fromNode: number; toNode: number; reverse: boolean; checks: Condition[] }

const TIME_CHECK_MASK = 255;

class Run {
  readonly page: unknown[] = [];
  matched = 0;
  hasMore = false;
  work = 0;

  private readonly deadline: number;
  private readonly now: () => number;
  private readonly limit: number;
  private readonly pageSize: number;
  private readonly ctx: CompileContext;
  private readonly project: (row: Row) => unknown;
  private readonly conjuncts: { cond: Condition; slots: Set<number> }[] = [];

  constructor(private readonly ast: Query, private readonly collections: CollectionInfo[], private readonly source: QuerySource,
    private readonly options: ExecuteOptions, private readonly offset: number) {
    this.now = options.now ?? Date.now;
    this.deadline = options.timeoutMs !== undefined ? this.now() + options.timeoutMs : Infinity;
    this.limit = ast.select.top?.count ?? Infinity;
    this.pageSize = Math.max(1, Math.floor(options.pageSize));
    this.ctx = { collections, isOfModel: (m, q, exact) => source.models.isOfModel(m, q, exact) };
    for (const e of splitAnd(ast.where)) {
      const slots = new Set<number>();
      this.conjuncts.push({ cond: compileCondition(e, this.ctx, slots), slots });
    }
    this.project = this.compileProjection();
  }

  private tick(): void {
    if ((++this.work & TIME_CHECK_MASK) === 0 && this.now() >= this.deadline) {
      throw new ApiError(400, 'TimeoutError', `The query timed out after ${(this.options.timeoutMs ?? 0) / 1000} seconds.`);
    }
  }

  /** Counts a result row; returns false once the page is full (and one more row proved there is a next page). */
  private emit(row: Row): boolean {
    if (this.matched >= this.limit) return false;
    this.matched++;
    if (this.ast.select.mode === 'count' || this.matched <= this.offset) return true;
    if (this.page.length < this.pageSize) {
      this.page.push(this.project(row));
      return true;
    }
    this.hasMore = true;
    return false;
  }

  private compileProjection(): (row: Row) => unknown {
    const select = this.ast.select;
    if (select.mode !== 'projections') return (row) => row[0];
    const parts: { key: string; get: Getter }[] = [];
    for (const p of select.projections) {
      const r = resolvePath(p.path, this.collections);
      if (!r) throw new Error('unresolved projection');
      const slot = this.collections.indexOf(r.collection);
      const key = p.alias?.name ?? (r.properties.length === 0 ? (r.collection.name ?? '') : (r.properties.at(-1) as string));
      parts.push({ key, get: pathGetter(slot, r.properties) });
    }
    return (row) => {
      const out: Record<string, unknown> = {};
      for (const { key, get } of parts) {
        const v = get(row);
        if (v !== undefined) out[key] = v;
      }
      return out;
    };
  }

  execute(): void {
    const from = this.ast.from;
    if (!from) return;
    if (from.collection === 'RELATIONSHIPS') this.scanRelationships();
    else this.matchPattern();
  }

  private passes(checks: readonly Condition[], row: Row): boolean {
    for (const c of checks) if (c(row) !== true) return false;
    return true;
  }

  // ---- FROM RELATIONSHIPS ----

  private scanRelationships(): void {
    const checks = this.conjuncts.map((c) => c.cond);
    const row: Row = [undefined];
    const bySource = this.pinnedValues(0, '$sourceId');
    const byTarget = this.pinnedValues(0, '$targetId');
    const candidates: Iterable<Relationship> = bySource ? flatMap(bySource, (id) => this.source.outgoing(id))
      : byTarget ? flatMap(byTarget, (id) => this.source.incoming(id)) : this.source.allRelationships();
    for (const rel of candidates) {
      this.tick();
      row[0] = rel;
      if (this.passes(checks, row) && !this.emit(row)) return;
    }
  }

  // ---- twins: FROM DIGITALTWINS, JOIN and MATCH share one tree-pattern matcher ----

  private buildPattern(): { nodes: PatternNode[]; edges: PatternEdge[]; distinctRelationships: boolean } {
    const from = this.ast.from;
    const slotOf = (name: string | undefined) => {
      if (name === undefined || name === '') return null;
      const i = this.collections.findIndex((c) => c.name === name);
      return i >= 0 ? i : null;
    };
    if (from?.match) {
      const exclusive = this.options.matchRangeLowerBoundExclusive ?? DEFAULT_MATCH_RANGE_LOWER_BOUND_EXCLUSIVE;
      const nodes = from.match.nodes.map((n) => ({ slot: slotOf(n.alias?.name) }));
      const edges = from.match.edges.map((e, i): PatternEdge => {
        const { min, max } = hopBounds(e.hops, exclusive);
        const reversed = e.direction === 'in';
        return {
          from: reversed ? i + 1 : i, to: reversed ? i : i + 1, direction: e.direction === 'any' ? 'any' : 'out',
          names: e.names.length > 0 ? new Set(e.names.map((n) => n.name)) : null, min, max, relSlot: slotOf(e.variable?.name),
        };
      });
      return { nodes, edges, distinctRelationships: true };
    }
    const nodes: PatternNode[] = [{ slot: 0 }];
    const nodeOfAlias = new Map<string, number>();
    if (from?.alias) nodeOfAlias.set(from.alias.name, 0);
    const edges: PatternEdge[] = [];
    for (const j of from?.joins ?? []) {
      const src = nodeOfAlias.get(j.source.name);
      if (src === undefined) throw new Error('unresolved JOIN source');
      nodes.push({ slot: slotOf(j.target.name) });
      nodeOfAlias.set(j.target.name, nodes.length - 1);
      edges.push({ from: src, to: nodes.length - 1, direction: 'out', names: new Set([j.relationship.name]), min: 1, max: 1,
        relSlot: slotOf(j.relationshipAlias?.name) });
    }
    return { nodes, edges, distinctRelationships: false };
  }

  /** String values of `slot.<property> = '...'` or `IN [...]` among the top-level AND conjuncts (smallest set). */
  private pinnedValues(slot: number, property: string): string[] | undefined {
    let best: string[] | undefined;
    for (const e of splitAnd(this.ast.where)) {
      let values: unknown[] | undefined;
      if (e.kind === 'Compare' && e.op === '=') {
        if (e.right.kind === 'Literal' && this.isPath(e.left, slot, property)) values = [e.right.value];
        else if (e.left.kind === 'Literal' && this.isPath(e.right, slot, property)) values = [e.left.value];
      } else if (e.kind === 'In' && !e.negated && this.isPath(e.operand, slot, property)) {
        values = e.list.map((l) => l.value);
      }
      if (!values) continue;
      // A non-string value can never equal an id: it pins to nothing.
      const ids = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
      if (!best || ids.length < best.length) best = ids;
    }
    return best;
  }

  private isPath(p: Operand, slot: number, property: string): boolean {
    if (p.kind !== 'Path') return false;
    const r = resolvePath(p, this.collections);
    return !!r && this.collections.indexOf(r.collection) === slot && r.properties.length === 1 && r.properties[0] === property;
  }

  /** IS_OF_MODEL conjuncts on a slot, pushed down to the source's model index. */
  private modelCandidates(slot: number): Iterable<DigitalTwin> | undefined {
    for (const e of splitAnd(this.ast.where)) {
      if (e.kind !== 'IsOfModel') continue;
      const target = e.alias ? this.collections.find((c) => c.name === e.alias?.name)
        : this.collections.filter((c) => c.kind === 'twin').length === 1 ? this.collections.find((c) => c.kind === 'twin') : undefined;
      if (!target || this.collections.indexOf(target) !== slot) continue;
      return this.source.twinsOfModels(this.source.models.modelsAssignableTo(String(e.model.value), e.exact));
    }
    return undefined;
  }

  private matchPattern(): void {
    const { nodes, edges, distinctRelationships } = this.buildPattern();

    // Start where the graph is narrowest: a pinned $dtId, else an IS_OF_MODEL, else the first node.
    let start = 0;
    let startCandidates: Iterable<DigitalTwin> | undefined;
    let bestPinned: string[] | undefined;
    nodes.forEach((n, i) => {
      if (n.slot === null) return;
      const ids = this.pinnedValues(n.slot, '$dtId');
      if (ids && (!bestPinned || ids.length < bestPinned.length)) { bestPinned = ids; start = i; }
    });
    if (bestPinned) {
      const ids = bestPinned;
      startCandidates = (function* (src: QuerySource) {
        for (const id of ids) { const t = src.getTwin(id); if (t) yield t; }
      })(this.source);
    } else {
      for (let i = 0; i < nodes.length && !startCandidates; i++) {
        const slot = nodes[i]?.slot;
        if (slot === null || slot === undefined) continue;
        const c = this.modelCandidates(slot);
        if (c) { startCandidates = c; start = i; }
      }
    }
    startCandidates ??= this.source.allTwins();

    // Visit edges breadth-first from the start so each step binds one new node (the pattern is a tree).
    const steps: Step[] = [];
    const bound = new Set<number>([start]);
    const boundSlots = new Set<number>();
    const addSlot = (s: number | null) => { if (s !== null) boundSlots.add(s); };
    addSlot(nodes[start]?.slot ?? null);
    const pending = [...this.conjuncts];
    const takeReady = (): Condition[] => {
      const ready: Condition[] = [];
      for (let i = pending.length - 1; i >= 0; i--) {
        const c = pending[i] as { cond: Condition; slots: Set<number> };
        if ([...c.slots].every((s) => boundSlots.has(s))) { ready.unshift(c.cond); pending.splice(i, 1); }
      }
      return ready;
    };
    const startChecks = takeReady();
    const queue = [start];
    while (queue.length > 0) {
      const n = queue.shift() as number;
      for (const edge of edges) {
        const other = edge.from === n ? edge.to : edge.to === n ? edge.from : -1;
        if (other < 0 || bound.has(other)) continue;
        bound.add(other);
        queue.push(other);
        addSlot(nodes[other]?.slot ?? null);
        addSlot(edge.relSlot);
        steps.push({ edge, fromNode: n, toNode: other, reverse: edge.to === n, checks: takeReady() });
      }
    }
    if (pending.length > 0) throw new Error('conditions reference collections outside the pattern');

    const row: Row = new Array(this.collections.length);
    const used = new Set<string>();
    const seen = distinctRelationships ? new Set<string>() : null;
    const boundIds: string[] = new Array(nodes.length);
    const slotsToKey = this.collections.map((_, i) => i);

    const emitRow = (): boolean => {
      if (seen) {
        const key = slotsToKey.map((s) => docKey(row[s])).join('\u0001');
        if (seen.has(key)) return true;
        seen.add(key);
      }
      return this.emit(row);
    };

    const bindStep = (k: number): boolean => {
      const step = steps[k];
      if (!step) return emitRow();
      const fromId = boundIds[step.fromNode] as string;
      const toSlot = nodes[step.toNode]?.slot ?? null;
      return this.expand(step, fromId, distinctRelationships ? used : null, (twin, rel) => {
        boundIds[step.toNode] = twin.$dtId;
        if (toSlot !== null) row[toSlot] = twin;
        if (step.edge.relSlot !== null) row[step.edge.relSlot] = rel;
        return !this.passes(step.checks, row) || bindStep(k + 1);
      });
    };

    const startSlot = nodes[start]?.slot ?? null;
    for (const twin of startCandidates) {
      this.tick();
      boundIds[start] = twin.$dtId;
      if (startSlot !== null) row[startSlot] = twin;
      if (this.passes(startChecks, row) && !bindStep(0)) return;
    }
  }

  /**
   * Walks `step.edge` from the bound twin; calls `visit` for each twin at an allowed hop count (with the
   * relationship, for single-hop edges). `used` holds the relationships already on this row's path, so a
   * relationship is traversed at most once per path (cycle handling). Returns false when the scan should stop.
   */
  private expand(step: Step, fromId: string, used: Set<string> | null,
    visit: (twin: DigitalTwin, rel: Relationship | undefined) => boolean): boolean {
    const { edge } = step;
    const local = used ?? new Set<string>();
    const neighbours = (id: string): Iterable<Relationship> => {
      if (edge.direction === 'any') return concat(this.source.outgoing(id), this.source.incoming(id));
      return step.reverse ? this.source.incoming(id) : this.source.outgoing(id);
    };
    const walk = (id: string, depth: number): boolean => {
      for (const rel of neighbours(id)) {
        this.tick();
        if (edge.names && !edge.names.has(rel.$relationshipName)) continue;
        const key = `${rel.$sourceId}\u0000${rel.$relationshipId}`;
        if (local.has(key)) continue;
        const nextId = rel.$sourceId === id ? rel.$targetId : rel.$sourceId;
        local.add(key);
        try {
          if (depth + 1 >= edge.min) {
            const twin = this.source.getTwin(nextId);
            if (twin && !visit(twin, edge.max === 1 ? rel : undefined)) return false;
          }
          if (depth + 1 < edge.max && !walk(nextId, depth + 1)) return false;
        } finally {
          local.delete(key);
        }
      }
      return true;
    };
    return walk(fromId, 0);
  }
}

function docKey(doc: unknown): string {
  if (!doc || typeof doc !== 'object') return '';
  const d = doc as { $dtId?: string; $sourceId?: string; $relationshipId?: string };
  return d.$dtId ?? `${d.$sourceId ?? ''}/${d.$relationshipId ?? ''}`;
}

/** Top-level AND conjuncts of a WHERE (the whole condition when it is not an AND). */
function splitAnd(e: Expr | null): Expr[] {
  if (!e) return [];
  if (e.kind === 'Binary' && e.op === 'AND') return [...splitAnd(e.left), ...splitAnd(e.right)];
  return [e];
}

function* flatMap<T, U>(items: Iterable<T>, f: (t: T) => Iterable<U>): Iterable<U> {
  for (const t of items) yield* f(t);
}

function* concat<T>(a: Iterable<T>, b: Iterable<T>): Iterable<T> {
  yield* a;
  yield* b;
}
