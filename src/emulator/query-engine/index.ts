import type { DigitalTwin, Relationship } from '../../shared/adt';
import {
  adtParseErrorMessage, checkQuery, hopBounds, resolvePath, type CollectionInfo, type Expr, type Operand, type Query, type QueryDiagnostic,
} from '../../shared/query';
import { ApiError } from '../errors';
import { compileCondition, pathGetter, type CompileContext, type Condition, type Getter, type Row } from '../../shared/query/evaluate';
import { compareStrings } from './sorted-keys';
import { decodeContinuationToken, encodeContinuationToken, type Resume } from './token';

/**
 * What the engine reads. "In order" means ascending by the key in UTF-16 code-unit order (JavaScript's `<`, see
 * `compareStrings`); keyset paging relies on it, so an implementation must honour it exactly.
 */
export interface QuerySource {
  twinCount(): number;
  /** Optional: lets `SELECT COUNT() FROM RELATIONSHIPS` without WHERE answer without a scan. */
  relationshipCount?(): number;
  /** Any order (COUNT() does not need one). */
  allTwins(): Iterable<DigitalTwin>;
  twinsOfModels(modelIds: Iterable<string>): Iterable<DigitalTwin>;
  /** Twins in $dtId order, from the first $dtId >= `fromId` (all twins without it). */
  twinsInOrder(fromId?: string): Iterable<DigitalTwin>;
  /** Twins whose model is one of `modelIds` (as stored, no inheritance), in $dtId order from the first >= `fromId`. */
  twinsOfModelsInOrder(modelIds: readonly string[], fromId?: string): Iterable<DigitalTwin>;
  getTwin(id: string): DigitalTwin | undefined;
  allRelationships(): Iterable<Relationship>;
  /** Relationships in ($sourceId, $relationshipId) order, from the first at or after `from`. */
  relationshipsInOrder(from?: { sourceId: string; relationshipId: string }): Iterable<Relationship>;
  /** Any order: the engine sorts adjacency lists itself. */
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
 * confirmed it on a live instance, so it is an option (https://learn.microsoft.com/azure/digital-twins/reference-query-clause-match).
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
export type { Resume } from './token';
export { SortedKeys, compareStrings, mergeAscending } from './sorted-keys';

const ADT_SAMPLES = 'See samples in https://aka.ms/adtv2query for the correct syntax.';

function semanticError(d: QueryDiagnostic): ApiError {
  return new ApiError(400, 'SqlQueryError',
    `SQL query is invalid: ${d.message} (Line=${d.span.startLine}, Position=${d.span.startColumn - 1}). ${ADT_SAMPLES}`);
}

function badToken(): ApiError {
  return new ApiError(400, 'BadRequest', 'The continuation token is invalid.');
}

/**
 * Runs one page of a query. Throws ApiError (400 SqlQueryError / BadRequest / TimeoutError) like ADT.
 *
 * Paging is keyset paging over a deterministic order, so that a result paged while writes go on neither skips nor
 * repeats an item that exists throughout: every result item has a key (a tuple of ids, see `Run`), items come out
 * in ascending key order, and a continuation token holds the last key served, so the next page starts strictly
 * after it whatever was inserted or deleted meanwhile.
 */
export function executeQuery(spec: { query?: string; continuationToken?: string }, source: QuerySource,
  options: ExecuteOptions): QueryPage {
  let text: string;
  let resume: Resume | null = null;
  // Both SDKs send the query again with the token; the token wins (https://learn.microsoft.com/rest/api/digital-twins/dataplane/query/query-twins).
  if (spec.continuationToken !== undefined && spec.continuationToken !== null) {
    const decoded = typeof spec.continuationToken === 'string' ? decodeContinuationToken(spec.continuationToken) : undefined;
    if (!decoded) throw badToken();
    text = decoded.query;
    resume = decoded;
  } else if (typeof spec.query === 'string') {
    text = spec.query;
  } else {
    throw new ApiError(400, 'BadRequest', 'The query specification must contain a query or a continuation token.');
  }

  const checked = checkQuery(text);
  if (checked.syntaxError) throw new ApiError(400, 'SqlQueryError', adtParseErrorMessage(checked.syntaxError));
  const firstError = checked.diagnostics.find((d) => d.severity === 'error');
  if (firstError) throw semanticError(firstError);
  // A COUNT() page is always the last one, so a token can never stand for one.
  if (resume && checked.ast.select.mode === 'count') throw badToken();

  const run = new Run(checked.ast, checked.collections, source, options, resume);
  run.execute();
  const charge = Math.round((1 + run.work / 100) * 100) / 100;
  if (checked.ast.select.mode === 'count') return { value: [{ COUNT: run.matched }], continuationToken: null, charge };
  return {
    value: run.page,
    continuationToken: run.hasMore && run.lastKey
      ? encodeContinuationToken({ query: text, after: run.lastKey, emitted: (resume?.emitted ?? 0) + run.page.length })
      : null,
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

/** A result item's position in the engine's order: compared component by component (`compareKeys`). */
type Key = string[];

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(a[i] as string, b[i] as string);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function relationshipKey(r: Relationship): string {
  return `${r.$sourceId}\u0000${r.$relationshipId}`;
}

function byRelationshipKey(a: Relationship, b: Relationship): number {
  return compareStrings(a.$sourceId, b.$sourceId) || compareStrings(a.$relationshipId, b.$relationshipId);
}

const TIME_CHECK_MASK = 255;

/**
 * One page of one query. The order of items, and so the keys:
 * - FROM RELATIONSHIPS: [$sourceId, $relationshipId].
 * - FROM DIGITALTWINS without JOIN or MATCH: [$dtId].
 * - JOIN: [start twin's $dtId, then per JOIN step the relationship ($sourceId NUL $relationshipId)]; a JOIN row is
 *   one combination of relationships, so two relationships between the same twins give two rows, as ADT does.
 * - MATCH: [start twin's $dtId, then per step the bound twin's $dtId (named nodes) and relationship (variables)],
 *   i.e. exactly the bound collections, which is also what makes two MATCH rows the same row (distinct results).
 * The start twin is the pattern node the scan starts from (a pinned $dtId, else an IS_OF_MODEL, else the first
 * named node). Start twins are visited in $dtId order; the rows of one start twin are collected, de-duplicated and
 * sorted before they are served, which keeps a page resumable in the middle of one twin's rows.
 */
class Run {
  readonly page: unknown[] = [];
  matched = 0;
  hasMore = false;
  work = 0;
  /** Key of the last item put on the page. */
  lastKey: Key | undefined;

  private readonly deadline: number;
  private readonly now: () => number;
  private readonly limit: number;
  private readonly pageSize: number;
  private readonly ctx: CompileContext;
  private readonly project: (row: Row) => unknown;
  private readonly conjuncts: { cond: Condition; slots: Set<number> }[] = [];
  private readonly counting: boolean;
  private readonly after: Key | undefined;
  private readonly emittedBefore: number;

  constructor(private readonly ast: Query, private readonly collections: CollectionInfo[], private readonly source: QuerySource,
    private readonly options: ExecuteOptions, resume: Resume | null) {
    this.now = options.now ?? Date.now;
    this.deadline = options.timeoutMs !== undefined ? this.now() + options.timeoutMs : Infinity;
    this.limit = ast.select.top?.count ?? Infinity;
    this.pageSize = Math.max(1, Math.floor(options.pageSize));
    this.counting = ast.select.mode === 'count';
    this.after = resume?.after;
    this.emittedBefore = resume?.emitted ?? 0;
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

  /**
   * Serves a result row with its key; returns false once the scan should stop: TOP reached, or the page is full and
   * one more row proved there is a next page (so the last page never comes back empty).
   */
  private emit(row: Row, key: Key): boolean {
    if (this.counting) {
      this.matched++;
      return true;
    }
    if (this.emittedBefore + this.page.length >= this.limit) return false;
    if (this.page.length < this.pageSize) {
      this.page.push(this.project(row));
      this.lastKey = key;
      return true;
    }
    this.hasMore = true;
    return false;
  }

  /** True when `key` comes after the resume point (always, on a first page). */
  private isAfter(key: Key): boolean {
    return !this.after || compareKeys(key, this.after) > 0;
  }

  private checkResumeKeyLength(length: number): void {
    if (this.after && this.after.length !== length) throw badToken();
  }

  private compileProjection(): (row: Row) => unknown {
    const select = this.ast.select;
    if (select.mode === 'all' && this.ast.from?.match) {
      // SELECT * with MATCH: every named collection, keyed by its alias.
      const named = this.collections.flatMap((c, slot) => (c.name ? [{ name: c.name, slot }] : []));
      return (row) => Object.fromEntries(named.map(({ name, slot }) => [name, row[slot]]));
    }
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
    else if (this.counting && !this.ast.where && from.joins.length === 0 && !from.match) this.matched = this.source.twinCount();
    else this.matchPattern();
  }

  private passes(checks: readonly Condition[], row: Row): boolean {
    for (const c of checks) if (c(row) !== true) return false;
    return true;
  }

  // ---- FROM RELATIONSHIPS ----

  /** Relationships in key order, starting at the resume point (which the caller still has to skip). */
  private orderedRelationships(): Iterable<Relationship> {
    const from = this.after ? { sourceId: this.after[0] as string, relationshipId: this.after[1] as string } : undefined;
    const bySource = this.pinnedValues(0, '$sourceId');
    const byTarget = bySource ? undefined : this.pinnedValues(0, '$targetId');
    if (this.counting && !bySource && !byTarget) return this.source.allRelationships();
    if (bySource) {
      const ids = bySource.sort(compareStrings).filter((id) => !from || id >= from.sourceId);
      return flatMap(ids, (id) => [...this.source.outgoing(id)].sort(byRelationshipKey));
    }
    if (byTarget) return byTarget.flatMap((id) => [...this.source.incoming(id)]).sort(byRelationshipKey);
    return this.source.relationshipsInOrder(from);
  }

  private scanRelationships(): void {
    this.checkResumeKeyLength(2);
    if (this.counting && !this.ast.where && this.source.relationshipCount) {
      this.matched = this.source.relationshipCount();
      return;
    }
    const checks = this.conjuncts.map((c) => c.cond);
    const row: Row = [undefined];
    for (const rel of this.orderedRelationships()) {
      this.tick();
      const key = [rel.$sourceId, rel.$relationshipId];
      if (!this.isAfter(key)) continue;
      row[0] = rel;
      if (this.passes(checks, row) && !this.emit(row, key)) return;
    }
  }

  // ---- twins: FROM DIGITALTWINS, JOIN and MATCH share one tree-pattern matcher ----

  private buildPattern(): { nodes: PatternNode[]; edges: PatternEdge[]; isMatch: boolean } {
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
      return { nodes, edges, isMatch: true };
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
    return { nodes, edges, isMatch: false };
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

  /** The models of an IS_OF_MODEL conjunct on a slot, to push down to the source's model index. */
  private modelsFor(slot: number): string[] | undefined {
    for (const e of splitAnd(this.ast.where)) {
      if (e.kind !== 'IsOfModel') continue;
      const target = e.alias ? this.collections.find((c) => c.name === e.alias?.name)
        : this.collections.filter((c) => c.kind === 'twin').length === 1 ? this.collections.find((c) => c.kind === 'twin') : undefined;
      if (!target || this.collections.indexOf(target) !== slot) continue;
      return this.source.models.modelsAssignableTo(String(e.model.value), e.exact);
    }
    return undefined;
  }

  /** The pattern node to start from and its candidate twins in $dtId order, from the resume point's start twin. */
  private startOf(nodes: PatternNode[]): { start: number; candidates: Iterable<DigitalTwin> } {
    const fromId = this.after?.[0];
    let best: { node: number; ids: string[] } | undefined;
    for (let i = 0; i < nodes.length; i++) {
      const slot = nodes[i]?.slot;
      if (slot === null || slot === undefined) continue;
      const ids = this.pinnedValues(slot, '$dtId');
      if (ids && (!best || ids.length < best.ids.length)) best = { node: i, ids };
    }
    if (best) {
      const ids = best.ids.sort(compareStrings).filter((id) => fromId === undefined || id >= fromId);
      const source = this.source;
      return {
        start: best.node,
        candidates: (function* () {
          for (const id of ids) {
            const t = source.getTwin(id);
            if (t) yield t;
          }
        })(),
      };
    }
    for (let i = 0; i < nodes.length; i++) {
      const slot = nodes[i]?.slot;
      if (slot === null || slot === undefined) continue;
      const models = this.modelsFor(slot);
      if (models) {
        return { start: i, candidates: this.counting ? this.source.twinsOfModels(models) : this.source.twinsOfModelsInOrder(models, fromId) };
      }
    }
    // An unnamed node binds nothing a row could be told apart by, so start from a named one when there is one.
    const named = nodes.findIndex((n) => n.slot !== null);
    return { start: Math.max(0, named), candidates: this.counting ? this.source.allTwins() : this.source.twinsInOrder(fromId) };
  }

  private matchPattern(): void {
    const { nodes, edges, isMatch } = this.buildPattern();
    const { start, candidates } = this.startOf(nodes);

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

    // Key components contributed by each step (see the class comment).
    const stepKeyParts = steps.map((s) => isMatch ? (nodes[s.toNode]?.slot !== null ? 1 : 0) + (s.edge.relSlot !== null ? 1 : 0) : 1);
    this.checkResumeKeyLength(1 + stepKeyParts.reduce((a, b) => a + b, 0));

    const row: Row = new Array(this.collections.length);
    const startSlot = nodes[start]?.slot ?? null;

    if (steps.length === 0) {
      for (const twin of candidates) {
        this.tick();
        const key = [twin.$dtId];
        if (!this.isAfter(key)) continue;
        if (startSlot !== null) row[startSlot] = twin;
        if (this.passes(startChecks, row) && !this.emit(row, key)) return;
      }
      return;
    }

    const used = new Set<string>();
    const boundIds: string[] = new Array(nodes.length);
    const keyParts: string[] = [];
    let collected: { key: Key; row: Row }[] = [];

    const bindStep = (k: number): boolean => {
      const step = steps[k];
      if (!step) {
        collected.push({ key: [...keyParts], row: [...row] });
        return true;
      }
      const fromId = boundIds[step.fromNode] as string;
      const toSlot = nodes[step.toNode]?.slot ?? null;
      const mark = keyParts.length;
      return this.expand(step, fromId, isMatch ? used : null, (twin, rel) => {
        boundIds[step.toNode] = twin.$dtId;
        if (toSlot !== null) row[toSlot] = twin;
        if (step.edge.relSlot !== null) row[step.edge.relSlot] = rel;
        keyParts.length = mark;
        if (!isMatch) keyParts.push(relationshipKey(rel as Relationship));
        else {
          if (toSlot !== null) keyParts.push(twin.$dtId);
          if (step.edge.relSlot !== null) keyParts.push(relationshipKey(rel as Relationship));
        }
        return !this.passes(step.checks, row) || bindStep(k + 1);
      });
    };

    for (const twin of candidates) {
      this.tick();
      if (this.after && compareStrings(twin.$dtId, this.after[0] as string) < 0) continue;
      boundIds[start] = twin.$dtId;
      if (startSlot !== null) row[startSlot] = twin;
      if (!this.passes(startChecks, row)) continue;
      collected = [];
      keyParts.length = 0;
      keyParts.push(twin.$dtId);
      bindStep(0);
      collected.sort((a, b) => compareKeys(a.key, b.key));
      let previous: Key | undefined;
      for (const c of collected) {
        // Equal keys are the same MATCH row reached along different paths; JOIN keys are unique by construction.
        if (previous && compareKeys(previous, c.key) === 0) continue;
        previous = c.key;
        if (this.isAfter(c.key) && !this.emit(c.row, c.key)) return;
      }
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
        const key = relationshipKey(rel);
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
