import type { Expr, Hops, Identifier, IsOfModelExpr, Operand, PathExpr, Query, Span } from './ast';
import { diagnostic, type QueryDiagnostic } from './diagnostics';
import { MAX_AND_OR_EXPRESSIONS, MAX_IN_LIST_ITEMS, MAX_JOINS, MAX_MATCH_HOPS, MAX_QUERY_LENGTH } from './limits';
import type { QueryModelIndex } from './model-index';

/** A collection in scope: the FROM collection, a JOIN target or relationship, a MATCH node or edge variable. */
export interface CollectionInfo {
  /** The alias; null for `FROM DIGITALTWINS` / `FROM RELATIONSHIPS` without one. */
  name: string | null;
  kind: 'twin' | 'relationship';
  origin: 'from' | 'join' | 'join-relationship' | 'match-node' | 'match-edge';
  span: Span | null;
  /** Relationship names this collection can have (relationship collections; [] = any). */
  relationshipNames: string[];
  /** IS_OF_MODEL conditions naming this collection anywhere in WHERE (twin collections). */
  models: { id: string; exact: boolean }[];
}

export interface QueryAnalysis {
  diagnostics: QueryDiagnostic[];
  collections: CollectionInfo[];
}

export interface ResolvedPath {
  collection: CollectionInfo;
  /** Property segments after the alias; [] = the whole document. */
  properties: string[];
}

/**
 * Resolves a path against the collections in scope. A first segment naming an alias selects that collection;
 * otherwise the path is a property of the unnamed FROM collection, when there is one. Aliases are case-sensitive.
 */
export function resolvePath(path: PathExpr, collections: readonly CollectionInfo[]): ResolvedPath | undefined {
  const [first, ...rest] = path.segments;
  if (!first) return undefined;
  const named = collections.find((c) => c.name !== null && c.name === first.name);
  if (named) return { collection: named, properties: rest.map((s) => s.name) };
  const unnamed = collections.find((c) => c.name === null);
  if (unnamed) return { collection: unnamed, properties: path.segments.map((s) => s.name) };
  return undefined;
}

/**
 * Hop counts an edge spec allows. ADT's MATCH reference says the lower bound of a range is exclusive
 * (`*1..3` = 2 or 3 hops, `*..2` = 1 or 2 hops); `lowerBoundExclusive: false` gives Cypher's inclusive reading.
 */
export function hopBounds(hops: Hops | null, lowerBoundExclusive: boolean): { min: number; max: number } {
  if (!hops) return { min: 1, max: 1 };
  if (!hops.range) return { min: hops.upper, max: hops.upper };
  const lower = hops.lower ?? 0;
  const min = Math.max(1, lowerBoundExclusive ? lower + 1 : lower);
  return { min, max: hops.upper };
}

export function walkExpr(expr: Expr | null, visit: (e: Expr) => void): void {
  if (!expr) return;
  visit(expr);
  if (expr.kind === 'Binary') { walkExpr(expr.left, visit); walkExpr(expr.right, visit); }
  else if (expr.kind === 'Not') walkExpr(expr.operand, visit);
}

/** Paths read by a condition (operands and function arguments; not IS_OF_MODEL aliases). */
export function operandsOf(e: Expr): Operand[] {
  switch (e.kind) {
    case 'Compare': return [e.left, e.right];
    case 'In': return [e.operand];
    case 'Call': return e.args;
    default: return [];
  }
}

const usable = (id: Identifier | null | undefined): id is Identifier => !!id && id.name !== '';

export function buildCollections(ast: Query): CollectionInfo[] {
  const out: CollectionInfo[] = [];
  const from = ast.from;
  if (!from) return out;
  const base = { relationshipNames: [] as string[], models: [] as { id: string; exact: boolean }[] };
  if (!from.match) {
    out.push({ ...base, name: usable(from.alias) ? from.alias.name : null, kind: from.collection === 'RELATIONSHIPS' ? 'relationship' : 'twin',
      origin: 'from', span: from.alias?.span ?? null });
  }
  for (const j of from.joins) {
    if (usable(j.target)) out.push({ ...base, name: j.target.name, kind: 'twin', origin: 'join', span: j.target.span });
    if (usable(j.relationshipAlias)) {
      out.push({ ...base, relationshipNames: usable(j.relationship) ? [j.relationship.name] : [], name: j.relationshipAlias.name,
        kind: 'relationship', origin: 'join-relationship', span: j.relationshipAlias.span, models: [] });
    }
  }
  if (from.match) {
    for (const n of from.match.nodes) {
      if (usable(n.alias)) out.push({ ...base, name: n.alias.name, kind: 'twin', origin: 'match-node', span: n.alias.span });
    }
    for (const e of from.match.edges) {
      if (usable(e.variable)) {
        out.push({ ...base, relationshipNames: e.names.filter(usable).map((n) => n.name), models: [], name: e.variable.name,
          kind: 'relationship', origin: 'match-edge', span: e.variable.span });
      }
    }
  }
  // IS_OF_MODEL narrowing: used by the "undeclared property" warnings and by completions.
  walkExpr(ast.where, (e) => {
    if (e.kind !== 'IsOfModel' || typeof e.model.value !== 'string') return;
    const target = isOfModelTarget(e, out);
    target?.models.push({ id: e.model.value, exact: e.exact });
  });
  return out;
}

/** The twin collection an IS_OF_MODEL refers to: its alias argument, or the only twin collection. */
export function isOfModelTarget(e: IsOfModelExpr, collections: readonly CollectionInfo[]): CollectionInfo | undefined {
  if (e.alias) return collections.find((c) => c.name === e.alias?.name);
  const twins = collections.filter((c) => c.kind === 'twin');
  return twins.length === 1 ? twins[0] : undefined;
}

function aliasList(collections: readonly CollectionInfo[]): string {
  const names = collections.map((c) => c.name).filter((n): n is string => n !== null);
  return names.length > 0 ? `Aliases in scope: ${names.join(', ')}` : 'The FROM collection has no alias';
}

/**
 * Semantic checks ADT makes (aliases, required $dtId filter, limits) as errors, plus — only when a model
 * index is given — warnings for model ids, properties and relationship names that no model declares.
 */
export function analyzeQuery(ast: Query, modelIndex?: QueryModelIndex): QueryAnalysis {
  const diagnostics: QueryDiagnostic[] = [];
  const error = (code: string, message: string, span: Span) => diagnostics.push(diagnostic('error', code, message, span));
  const warn = (code: string, message: string, span: Span) => diagnostics.push(diagnostic('warning', code, message, span));
  const collections = buildCollections(ast);
  const from = ast.from;

  if (ast.textLength > MAX_QUERY_LENGTH) {
    error('limit-length', `The query is ${ast.textLength} characters long; the limit is ${MAX_QUERY_LENGTH}`, ast.span);
  }

  // Aliases: unique, and JOIN sources defined before use.
  const seen = new Map<string, Span>();
  const declare = (id: Identifier | null) => {
    if (!usable(id)) return;
    if (seen.has(id.name)) error('duplicate-alias', `The alias '${id.name}' is already defined`, id.span);
    else seen.set(id.name, id.span);
  };
  if (from) {
    declare(from.alias);
    const twinAliases = new Set<string>(usable(from.alias) ? [from.alias.name] : []);
    from.joins.forEach((j, i) => {
      if (i === MAX_JOINS) error('limit-joins', `A query can have at most ${MAX_JOINS} JOINs`, j.span);
      if (usable(j.source) && !twinAliases.has(j.source.name)) {
        const known = seen.has(j.source.name) ? `'${j.source.name}' is a relationship alias; JOIN starts from twins` :
          `Unknown alias '${j.source.name}'. ${twinAliases.size > 0 ? `Twin aliases defined so far: ${[...twinAliases].join(', ')}` : 'Give FROM DIGITALTWINS an alias, e.g. FROM DIGITALTWINS T'}`;
        error('unknown-alias', known, j.source.span);
      }
      declare(j.target);
      declare(j.relationshipAlias);
      if (usable(j.target)) twinAliases.add(j.target.name);
    });
    if (from.match) {
      let totalHops = 0;
      for (const n of from.match.nodes) declare(n.alias);
      for (const e of from.match.edges) {
        declare(e.variable);
        const h = e.hops;
        if (h) {
          if (!h.range && h.upper < 1) error('invalid-hops', 'A hop count must be at least 1', h.span);
          if (h.range && h.upper < 1) error('invalid-hops', 'The upper hop limit must be at least 1', h.span);
          if (h.range && h.lower !== null && h.lower >= h.upper) {
            error('invalid-hops', `The hop range *${h.lower}..${h.upper} is empty: the lower limit must be below the upper limit`, h.span);
          }
          if (usable(e.variable) && (h.range || h.upper !== 1)) {
            error('match-variable-hops', `The relationship variable '${e.variable.name}' is only allowed on a single-hop edge; remove it or the hop count`, e.variable.span);
          }
        }
        totalHops += h ? h.upper : 1;
      }
      if (totalHops > MAX_MATCH_HOPS) {
        error('limit-hops', `The MATCH pattern spans up to ${totalHops} hops; the limit is ${MAX_MATCH_HOPS}`, from.match.span);
      }
    }
  }

  const multi = !!from && (from.joins.length > 0 || !!from.match);
  // The JOIN reference forbids SELECT * with JOIN; the MATCH reference's own hop examples use `SELECT * ... MATCH`,
  // so it stays allowed there (the engine then returns every named collection, as `SELECT a, b, ...` would).
  if (from && from.joins.length > 0 && ast.select.mode === 'all') {
    error('select-star-join', `SELECT ${ast.select.top ? 'TOP(n) without projections' : '*'} is not allowed with JOIN; project the collections by alias, e.g. SELECT ${collections.map((c) => c.name).filter(Boolean).slice(0, 2).join(', ')}`, ast.select.span);
  }

  // Paths.
  const checkPath = (p: PathExpr) => {
    if (p.segments.some((s) => s.name === '')) return;
    const r = resolvePath(p, collections);
    const first = p.segments[0] as Identifier;
    if (!r) {
      if (collections.length === 0) return;
      const named = collections.find((c) => c.name !== null)?.name;
      const hint = p.segments.length === 1 && named
        ? `'${first.name}' is not an alias; qualify properties with one, e.g. ${named}.${first.name}. ${aliasList(collections)}`
        : `Unknown alias '${first.name}'. ${aliasList(collections)}`;
      error('unknown-alias', hint, first.span);
      return;
    }
    if (modelIndex && r.properties.length > 0) checkDeclared(r, p, modelIndex, warn);
  };

  const outputNames = new Map<string, Span>();
  for (const proj of ast.select.projections) {
    checkPath(proj.path);
    const r = resolvePath(proj.path, collections);
    const key = proj.alias?.name ?? (r && r.properties.length === 0 ? r.collection.name : proj.path.segments.at(-1)?.name);
    if (key) {
      if (outputNames.has(key)) warn('duplicate-output', `Two projections produce the key '${key}'; rename one with AS`, proj.span);
      else outputNames.set(key, proj.span);
    }
  }

  let andOr = 0;
  let hasErrorNode = false;
  let hasDtIdFilter = false;
  walkExpr(ast.where, (e) => {
    if (e.kind === 'Error') hasErrorNode = true;
    if (e.kind === 'Binary' && ++andOr === MAX_AND_OR_EXPRESSIONS + 1) {
      error('limit-and-or', `A query can have at most ${MAX_AND_OR_EXPRESSIONS} AND/OR expressions`, e.span);
    }
    if (e.kind === 'In' && e.list.length > MAX_IN_LIST_ITEMS) {
      error('limit-in-list', `An ${e.negated ? 'NIN' : 'IN'} list can hold at most ${MAX_IN_LIST_ITEMS} items; this one has ${e.list.length}`, e.span);
    }
    for (const o of operandsOf(e)) if (o.kind === 'Path') checkPath(o);
    if ((e.kind === 'Compare' && e.op === '=') || (e.kind === 'In' && !e.negated)) {
      const paths = e.kind === 'Compare' ? [e.left, e.right] : [e.operand];
      for (const o of paths) {
        if (o.kind !== 'Path') continue;
        const r = resolvePath(o, collections);
        if (r && r.collection.kind === 'twin' && r.properties.length === 1 && r.properties[0] === '$dtId') hasDtIdFilter = true;
      }
    }
    if (e.kind === 'Call' && e.fn !== 'ARRAY_CONTAINS' && e.args.length === 2) {
      const arg = e.args[1];
      if (arg?.kind === 'Literal' && typeof arg.value !== 'string') {
        warn('argument-type', `${e.fn} compares strings; with a ${arg.value === null ? 'null' : typeof arg.value} it never matches`, arg.span);
      }
    }
    if (e.kind === 'IsOfModel') checkIsOfModel(e);
  });

  function checkIsOfModel(e: IsOfModelExpr): void {
    if (e.alias) {
      const c = collections.find((x) => x.name === e.alias?.name);
      if (!c) error('unknown-alias', `Unknown alias '${e.alias.name}'. ${aliasList(collections)}`, e.alias.span);
      else if (c.kind !== 'twin') error('is-of-model-target', `IS_OF_MODEL applies to twins; '${e.alias.name}' is a relationship`, e.alias.span);
    } else if (collections.length > 0) {
      const twins = collections.filter((c) => c.kind === 'twin');
      if (twins.length === 0) error('is-of-model-target', 'IS_OF_MODEL applies to twins, not to FROM RELATIONSHIPS', e.span);
      else if (twins.length > 1) {
        error('is-of-model-target', `With several twin collections, name one as the first argument: IS_OF_MODEL(${twins[0]?.name ?? 'T'}, '${String(e.model.value)}')`, e.span);
      }
    }
    const id = String(e.model.value);
    if (modelIndex && !modelIndex.ids().includes(id) && modelIndex.modelsAssignableTo(id, e.exact).length === 0) {
      warn('unknown-model', `No uploaded model matches '${id}'`, e.model.span);
    }
  }

  if (multi && !hasDtIdFilter && !hasErrorNode) {
    const what = from?.match ? 'MATCH' : 'JOIN';
    const example = collections.find((c) => c.kind === 'twin' && c.name)?.name ?? 'T';
    error('missing-dtid-filter', `A query with ${what} must filter on a twin's $dtId, e.g. WHERE ${example}.$dtId = 'twin-id'`, ast.where?.span ?? from?.span ?? ast.span);
  }

  if (modelIndex && from) {
    const declared = new Set<string>();
    for (const id of modelIndex.ids()) for (const r of modelIndex.resolve(id)?.relationships.keys() ?? []) declared.add(r);
    const names = [...from.joins.map((j) => j.relationship), ...(from.match?.edges.flatMap((e) => e.names) ?? [])];
    for (const n of names) {
      if (usable(n) && !declared.has(n.name)) warn('unknown-relationship', `No uploaded model declares a relationship named '${n.name}'`, n.span);
    }
  }

  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { diagnostics, collections };
}

/** Model ids whose twins can be in a twin collection (all when it is not narrowed by IS_OF_MODEL). */
export function candidateModels(c: CollectionInfo, index: QueryModelIndex): string[] {
  if (c.models.length === 0) return index.ids();
  const out = new Set<string>();
  for (const m of c.models) for (const id of index.modelsAssignableTo(m.id, m.exact)) out.add(id);
  return [...out];
}

function checkDeclared(r: ResolvedPath, p: PathExpr, index: QueryModelIndex,
  warn: (code: string, message: string, span: Span) => void): void {
  const name = r.properties[0] as string;
  if (name.startsWith('$')) return;
  const span = p.segments[p.segments.length - r.properties.length]?.span ?? p.span;
  if (r.collection.kind === 'twin') {
    const models = candidateModels(r.collection, index);
    if (models.length === 0) return;
    const found = models.some((id) => {
      const m = index.resolve(id);
      return !!m && (m.properties.has(name) || !!m.components?.has(name));
    });
    if (!found) {
      const scope = r.collection.models.length > 0 ? `the models in scope (${r.collection.models.map((m) => m.id).join(', ')})` : 'any uploaded model';
      warn('unknown-property', `'${name}' is not declared on ${scope}; names are case-sensitive, so this never matches`, span);
    }
    return;
  }
  const relNames = new Set(r.collection.relationshipNames);
  let sawRelationship = false;
  for (const id of index.ids()) {
    for (const [relName, rel] of index.resolve(id)?.relationships ?? []) {
      if (relNames.size > 0 && !relNames.has(relName)) continue;
      sawRelationship = true;
      if (rel.properties?.has(name)) return;
    }
  }
  if (sawRelationship) {
    const which = relNames.size > 0 ? `relationships named ${[...relNames].join(' or ')}` : 'any relationship';
    warn('unknown-property', `'${name}' is not a property of ${which}; names are case-sensitive, so this never matches`, span);
  }
}
