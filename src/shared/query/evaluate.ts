import type { Expr, Operand } from './ast';
import type { CollectionInfo } from './analyze';
import { isOfModelTarget, resolvePath } from './analyze';

/**
 * Three-valued logic as ADT (Cosmos-style) applies it: `undefined` stands for UNKNOWN, which a WHERE treats
 * as no match. A comparison with a missing property, or between values of different JSON types, is UNKNOWN,
 * and NOT UNKNOWN stays UNKNOWN — so `NOT (x < 80)` does not match twins without `x`.
 */
export type Tri = boolean | undefined;

/** One result row: the bound document per collection slot (the index in the analysis' collections). */
export type Row = unknown[];

export type Getter = (row: Row) => unknown;
export type Condition = (row: Row) => Tri;

export interface CompileContext {
  collections: readonly CollectionInfo[];
  isOfModel(twinModelId: string, queriedModelId: string, exact: boolean): boolean;
}

type Kind = 'undefined' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function kindOf(v: unknown): Kind {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'boolean' || t === 'number' || t === 'string') return t;
  return 'object';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (ka === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && deepEqual(x[k], y[k]));
  }
  return false;
}

/** Equality without coercion: values of different JSON types are UNKNOWN, not unequal. */
function equals(a: unknown, b: unknown): Tri {
  if (a === undefined || b === undefined) return undefined;
  if (kindOf(a) !== kindOf(b)) return undefined;
  return deepEqual(a, b);
}

function order(a: unknown, b: unknown): number | undefined {
  const k = kindOf(a);
  if (k !== kindOf(b)) return undefined;
  if (k === 'number' || k === 'string' || k === 'boolean') {
    const x = a as number | string | boolean;
    const y = b as number | string | boolean;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return undefined;
}

/** Reads a property path; only own properties of plain objects (so `constructor` & co. are never found). */
export function pathGetter(slot: number, properties: readonly string[]): Getter {
  if (properties.length === 0) return (row) => row[slot];
  if (properties.length === 1) {
    const p = properties[0] as string;
    return (row) => {
      const doc = row[slot] as Record<string, unknown> | undefined;
      return doc !== undefined && Object.hasOwn(doc, p) ? doc[p] : undefined;
    };
  }
  return (row) => {
    let v: unknown = row[slot];
    for (const p of properties) {
      if (kindOf(v) !== 'object' || !Object.hasOwn(v as object, p)) return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

export function compileOperand(o: Operand, ctx: CompileContext, slots: Set<number>): Getter {
  if (o.kind === 'Literal') {
    const v = o.value;
    return () => v;
  }
  const r = resolvePath(o, ctx.collections);
  if (!r) throw new Error(`unresolved path ${o.segments.map((s) => s.name).join('.')}`);
  const slot = ctx.collections.indexOf(r.collection);
  slots.add(slot);
  return pathGetter(slot, r.properties);
}

/** Compiles a condition to a closure; `slots` collects the collection slots it reads. */
export function compileCondition(e: Expr, ctx: CompileContext, slots: Set<number>): Condition {
  switch (e.kind) {
    case 'Binary': {
      const l = compileCondition(e.left, ctx, slots);
      const r = compileCondition(e.right, ctx, slots);
      if (e.op === 'AND') {
        return (row) => {
          const a = l(row);
          if (a === false) return false;
          const b = r(row);
          if (b === false) return false;
          return a === undefined || b === undefined ? undefined : true;
        };
      }
      return (row) => {
        const a = l(row);
        if (a === true) return true;
        const b = r(row);
        if (b === true) return true;
        return a === undefined || b === undefined ? undefined : false;
      };
    }
    case 'Not': {
      const c = compileCondition(e.operand, ctx, slots);
      return (row) => {
        const v = c(row);
        return v === undefined ? undefined : !v;
      };
    }
    case 'Compare': {
      const l = compileOperand(e.left, ctx, slots);
      const r = compileOperand(e.right, ctx, slots);
      switch (e.op) {
        case '=': return (row) => equals(l(row), r(row));
        case '!=': return (row) => {
          const v = equals(l(row), r(row));
          return v === undefined ? undefined : !v;
        };
        default: {
          const test = e.op === '<' ? (c: number) => c < 0 : e.op === '<=' ? (c: number) => c <= 0
            : e.op === '>' ? (c: number) => c > 0 : (c: number) => c >= 0;
          return (row) => {
            const c = order(l(row), r(row));
            return c === undefined ? undefined : test(c);
          };
        }
      }
    }
    case 'In': {
      const get = compileOperand(e.operand, ctx, slots);
      const list = e.list.map((l) => l.value);
      const negated = e.negated;
      // IN is the OR of equalities, NIN its negation: a type mismatch is UNKNOWN, not "not in".
      return (row) => {
        const v = get(row);
        if (v === undefined) return undefined;
        let unknown = false;
        for (const item of list) {
          const eq = equals(v, item);
          if (eq === true) return !negated;
          if (eq === undefined) unknown = true;
        }
        return unknown ? undefined : negated;
      };
    }
    case 'Call':
      return compileCall(e, ctx, slots);
    case 'IsOfModel': {
      const target = isOfModelTarget(e, ctx.collections);
      if (!target) throw new Error('IS_OF_MODEL without a twin collection');
      const slot = ctx.collections.indexOf(target);
      slots.add(slot);
      const queried = String(e.model.value);
      const exact = e.exact;
      const cache = new Map<string, boolean>();
      return (row) => {
        const model = (row[slot] as { $metadata?: { $model?: unknown } } | undefined)?.$metadata?.$model;
        if (typeof model !== 'string') return false;
        let hit = cache.get(model);
        if (hit === undefined) {
          hit = ctx.isOfModel(model, queried, exact);
          cache.set(model, hit);
        }
        return hit;
      };
    }
    case 'Error':
      throw new Error('cannot execute a query with syntax errors');
  }
}

function compileCall(e: Extract<Expr, { kind: 'Call' }>, ctx: CompileContext, slots: Set<number>): Condition {
  const [a0, a1] = e.args;
  if (!a0) throw new Error(`${e.fn} without arguments`);
  const get = compileOperand(a0, ctx, slots);
  const second = a1 ? compileOperand(a1, ctx, slots) : () => undefined;
  const strings = (f: (s: string, t: string) => boolean): Condition => (row) => {
    const s = get(row);
    const t = second(row);
    return typeof s === 'string' && typeof t === 'string' ? f(s, t) : undefined;
  };
  switch (e.fn) {
    case 'IS_DEFINED': return (row) => get(row) !== undefined;
    case 'IS_NULL': return (row) => get(row) === null;
    case 'IS_BOOL': return (row) => typeof get(row) === 'boolean';
    case 'IS_NUMBER': return (row) => typeof get(row) === 'number';
    case 'IS_STRING': return (row) => typeof get(row) === 'string';
    case 'IS_PRIMITIVE': return (row) => {
      const k = kindOf(get(row));
      return k === 'null' || k === 'boolean' || k === 'number' || k === 'string';
    };
    case 'IS_OBJECT': return (row) => kindOf(get(row)) === 'object';
    case 'STARTSWITH': return strings((s, t) => s.startsWith(t));
    case 'ENDSWITH': return strings((s, t) => s.endsWith(t));
    case 'CONTAINS': return strings((s, t) => s.includes(t));
    case 'ARRAY_CONTAINS': return (row) => {
      const arr = get(row);
      if (!Array.isArray(arr)) return undefined;
      const v = second(row);
      return arr.some((x) => equals(x, v) === true);
    };
  }
}
