import type { PropertyInfo, ResolvedInterface } from '../../../shared/dtdl';
import { dtmiShortName } from '../../../shared/dtdl';

/**
 * Styling twins by their property values: a colour, a size and a value label per model, worked out from the twins the
 * graph holds. Pure functions; the view applies what they compute as element data (see use-data-style.ts).
 */

/** What the user chose for one model. Empty fields leave that aspect to the model's own look. */
export type ModelDataStyle = {
  colorBy?: string;
  sizeBy?: string;
  labelBy?: string;
  /** A fixed range for the colour scale; without it the range is the values the graph holds. */
  min?: number;
  max?: number;
};

/** Per model id. */
export type DataStyle = Record<string, ModelDataStyle>;

export type ValueKind = 'numeric' | 'enum' | 'boolean' | 'text';

/** How a property can style a twin: numbers on a scale, enums and strings on a palette, booleans in two colours. */
export function kindOf(property: PropertyInfo | undefined): ValueKind | null {
  const schema = property?.schema;
  if (!schema) return null;
  if (schema.kind === 'enum') return 'enum';
  if (schema.kind !== 'primitive') return null;
  if (['double', 'float', 'integer', 'long'].includes(schema.name)) return 'numeric';
  if (schema.name === 'boolean') return 'boolean';
  if (schema.name === 'string') return 'text';
  return null;
}

/** The properties of a model that can colour (any styleable kind) or size (numbers only) a twin. */
export function styleableProperties(resolved: ResolvedInterface | undefined): { name: string; kind: ValueKind }[] {
  if (!resolved) return [];
  const out: { name: string; kind: ValueKind }[] = [];
  for (const [name, info] of resolved.properties) {
    const kind = kindOf(info);
    if (kind) out.push({ name, kind });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

// A perceptually ordered scale (the stops of viridis), readable on light and dark backgrounds and by most people
// with a colour vision deficiency: https://cran.r-project.org/web/packages/viridis/vignettes/intro-to-viridis.html
const SCALE = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
// Tableau 10, distinct on both themes; enum values take them in the model's declared order.
const CATEGORIES = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const MISSING_COLOR = '#9aa0a6';
const TRUE_COLOR = '#2e7d32';
const FALSE_COLOR = '#c62828';
export const MIN_SIZE = 16;
export const MAX_SIZE = 52;

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The colour at t in [0, 1] on the numeric scale. */
export function scaleColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(SCALE[i] ?? '#000000');
  const b = hexToRgb(SCALE[i + 1] ?? '#000000');
  const mix = a.map((v, k) => Math.round(v + ((b[k] ?? 0) - v) * f));
  return `#${mix.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function scaleGradient(): string[] {
  return [...SCALE];
}

export interface StyledTwin {
  $dtId: string;
  $metadata: { $model: string };
  [key: string]: unknown;
}

export type LegendEntry =
  | { kind: 'numeric'; model: string; property: string; aspect: 'color' | 'size'; min: number; max: number; stops: string[] }
  | { kind: 'categories'; model: string; property: string; items: { label: string; color: string }[] };

/** What each styled twin gets, and the legend that explains it. Twins of models with no style get nothing. */
export interface DataStyleResult {
  nodes: Map<string, { color?: string; size?: number; value?: string }>;
  legend: LegendEntry[];
}

function numeric(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return '—';
}

/**
 * Computes every styled twin's colour, size and value label. `resolve` gives a model's resolved interface (for the
 * property's schema and, for enums, the declared order of values, so that a value keeps its colour whichever twins
 * are shown).
 */
export function computeDataStyle(
  twins: Iterable<StyledTwin>,
  style: DataStyle,
  resolve: (modelId: string) => ResolvedInterface | undefined,
): DataStyleResult {
  const byModel = new Map<string, StyledTwin[]>();
  for (const t of twins) {
    const m = t.$metadata.$model;
    if (!style[m]) continue;
    let list = byModel.get(m);
    if (!list) byModel.set(m, (list = []));
    list.push(t);
  }
  const nodes: DataStyleResult['nodes'] = new Map();
  const legend: LegendEntry[] = [];
  const entry = (id: string) => {
    let e = nodes.get(id);
    if (!e) nodes.set(id, (e = {}));
    return e;
  };
  for (const [model, list] of [...byModel].sort(([a], [b]) => a.localeCompare(b))) {
    const s = style[model] ?? {};
    const resolved = resolve(model);
    if (s.colorBy) {
      const prop = s.colorBy;
      const info = resolved?.properties.get(prop);
      const kind = kindOf(info) ?? inferKind(list, prop);
      if (kind === 'numeric') {
        const { min, max } = rangeOf(list, prop, s);
        for (const t of list) {
          const v = numeric(t[prop]);
          entry(t.$dtId).color = v === null ? MISSING_COLOR : scaleColor(max === min ? 0.5 : (v - min) / (max - min));
        }
        legend.push({ kind: 'numeric', model, property: prop, aspect: 'color', min, max, stops: scaleGradient() });
      } else {
        const order = categoryOrder(kind, info, list, prop);
        const colorOf = (v: unknown): string => {
          if (kind === 'boolean') return v === true ? TRUE_COLOR : v === false ? FALSE_COLOR : MISSING_COLOR;
          const i = order.indexOf(String(v));
          return v === undefined || v === null || i < 0 ? MISSING_COLOR : (CATEGORIES[i % CATEGORIES.length] ?? MISSING_COLOR);
        };
        let missing = false;
        for (const t of list) {
          const v = t[prop];
          if (v === undefined || v === null) missing = true;
          entry(t.$dtId).color = colorOf(v);
        }
        const items = order.map((label) => ({ label, color: colorOf(kind === 'boolean' ? label === 'true' : label) }));
        if (missing) items.push({ label: 'no value', color: MISSING_COLOR });
        legend.push({ kind: 'categories', model, property: prop, items });
      }
    }
    if (s.sizeBy) {
      const prop = s.sizeBy;
      const { min, max } = rangeOf(list, prop, {});
      for (const t of list) {
        const v = numeric(t[prop]);
        entry(t.$dtId).size = v === null ? MIN_SIZE : Math.round(MIN_SIZE + (max === min ? 0.5 : Math.min(1, Math.max(0, (v - min) / (max - min)))) * (MAX_SIZE - MIN_SIZE));
      }
      legend.push({ kind: 'numeric', model, property: prop, aspect: 'size', min, max, stops: [] });
    }
    if (s.labelBy) {
      const prop = s.labelBy;
      for (const t of list) entry(t.$dtId).value = `${prop}: ${formatValue(t[prop])}`;
    }
  }
  return { nodes, legend };
}

function inferKind(list: StyledTwin[], prop: string): ValueKind {
  for (const t of list) {
    const v = t[prop];
    if (typeof v === 'number') return 'numeric';
    if (typeof v === 'boolean') return 'boolean';
    if (typeof v === 'string') return 'text';
  }
  return 'text';
}

function rangeOf(list: StyledTwin[], prop: string, s: { min?: number; max?: number }): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const t of list) {
    const v = numeric(t[prop]);
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) {
    min = 0;
    max = 0;
  }
  return { min: s.min ?? min, max: s.max ?? max };
}

function categoryOrder(kind: ValueKind, info: PropertyInfo | undefined, list: StyledTwin[], prop: string): string[] {
  if (kind === 'boolean') return ['true', 'false'];
  if (info?.schema.kind === 'enum') return info.schema.values.map((v) => String(v.value));
  const seen = new Set<string>();
  for (const t of list) {
    const v = t[prop];
    if (v !== undefined && v !== null) seen.add(String(v));
  }
  return [...seen].sort();
}

/** A legend entry's heading, e.g. "Room · occupancy (colour)". */
export function legendTitle(e: LegendEntry): string {
  const aspect = e.kind === 'numeric' && e.aspect === 'size' ? ' (size)' : '';
  return `${dtmiShortName(e.model)} · ${e.property}${aspect}`;
}

/** Drops the empty fields and models, so that stored and linked styles stay small and compare equal. */
export function normaliseStyle(style: DataStyle): DataStyle {
  const out: DataStyle = {};
  for (const [model, s] of Object.entries(style)) {
    const clean: ModelDataStyle = {};
    if (s.colorBy) clean.colorBy = s.colorBy;
    if (s.sizeBy) clean.sizeBy = s.sizeBy;
    if (s.labelBy) clean.labelBy = s.labelBy;
    if (typeof s.min === 'number' && Number.isFinite(s.min)) clean.min = s.min;
    if (typeof s.max === 'number' && Number.isFinite(s.max)) clean.max = s.max;
    if (clean.colorBy || clean.sizeBy || clean.labelBy) out[model] = clean;
  }
  return out;
}

/** Reads a style from untrusted text (a link, storage): anything malformed gives no style rather than an error. */
export function parseDataStyle(text: string | null | undefined): DataStyle {
  if (!text) return {};
  try {
    const raw: unknown = JSON.parse(text);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
    const out: DataStyle = {};
    for (const [model, s] of Object.entries(raw as Record<string, unknown>)) {
      if (!s || typeof s !== 'object') continue;
      const o = s as Record<string, unknown>;
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      const num = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
      out[model] = { colorBy: str('colorBy'), sizeBy: str('sizeBy'), labelBy: str('labelBy'), min: num('min'), max: num('max') };
    }
    return normaliseStyle(out);
  } catch {
    return {};
  }
}
