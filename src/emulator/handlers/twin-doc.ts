import type { DigitalTwin, PatchOperation } from '../../shared/adt';
import type { ResolvedInterface } from '../../shared/dtdl';
import { errors } from './messages';
import { isDateTime } from './patch';
import { isObject } from './util';

type Meta = Record<string, unknown>;

/** Which values a write touched: their `lastUpdateTime` becomes the write time. */
export interface Touched {
  all: boolean;
  props: Set<string>;
  /** component name → touched property names; an entry with `null` means the whole component was written. */
  components: Map<string, Set<string> | null>;
}

export function touchedAll(): Touched {
  return { all: true, props: new Set(), components: new Map() };
}

/** Works out from value operations (paths relative to the twin root) which properties and components changed. */
export function touchedBy(ops: PatchOperation[], components: ReadonlySet<string>, segmentsOf: (p: string) => string[]): Touched {
  const t: Touched = { all: false, props: new Set(), components: new Map() };
  for (const op of ops) {
    const [first, second] = segmentsOf(op.path);
    if (first === undefined) continue;
    if (components.has(first)) {
      if (second === undefined) t.components.set(first, null);
      else {
        const existing = t.components.get(first);
        if (existing === null) continue;
        if (existing) existing.add(second);
        else t.components.set(first, new Set([second]));
      }
    } else t.props.add(first);
  }
  return t;
}

function sourceTimeFrom(meta: unknown, pointer: string): string | undefined {
  if (!isObject(meta) || meta['sourceTime'] === undefined) return undefined;
  const value = meta['sourceTime'];
  if (!isDateTime(value)) {
    throw errors.invalidTwin([`Invalid sourceTime at ${pointer}: ${JSON.stringify(value)} is not an ISO 8601 date-time.`]);
  }
  return value;
}

/**
 * Builds the `$metadata` of a twin or a component from its values: one entry per set property, with
 * `lastUpdateTime` (now if touched, else kept) and `sourceTime` (from `requested` — the client's metadata on PUT —
 * or kept from `previous`).
 */
function buildMeta(values: Record<string, unknown>, isTouched: (name: string) => boolean, now: string,
  previous: Meta | undefined, requested: Meta | undefined, pointer: string, lastUpdate: string): Meta {
  const meta: Meta = { $lastUpdateTime: lastUpdate };
  for (const name of Object.keys(values)) {
    if (name.startsWith('$')) continue;
    const prev = isObject(previous?.[name]) ? (previous[name] as Meta) : undefined;
    const entry: Meta = {
      lastUpdateTime: isTouched(name) || typeof prev?.['lastUpdateTime'] !== 'string' ? now : prev['lastUpdateTime'],
    };
    const sourceTime = requested ? sourceTimeFrom(requested[name], `${pointer}/${name}`) : (prev?.['sourceTime'] as string | undefined);
    if (sourceTime !== undefined) entry['sourceTime'] = sourceTime;
    meta[name] = entry;
  }
  return meta;
}

/**
 * The stored form of a twin: `$dtId`, `$etag`, the property and component values in the order given, then
 * `$metadata` (`$model`, `$lastUpdateTime`, per-property entries), the key order of live responses.
 * `doc` holds the user content (values and components, and `$metadata.$model`).
 * With `fromRequest`, `sourceTime`s come from the request's metadata (PUT); otherwise they are kept from `previous`.
 */
export function buildTwin(o: {
  id: string; etag: string; doc: Record<string, unknown>; modelId: string; resolved: ResolvedInterface | undefined;
  now: string; touched: Touched; previous?: DigitalTwin; fromRequest: boolean;
}): DigitalTwin {
  const { doc, now, touched, previous } = o;
  const components = o.resolved?.components ?? new Map<string, unknown>();
  const prevMeta = previous?.$metadata as Meta | undefined;
  const reqMeta = o.fromRequest && isObject(doc['$metadata']) ? (doc['$metadata'] as Meta) : undefined;
  const twin: DigitalTwin = { $dtId: o.id, $etag: o.etag, $metadata: { $model: o.modelId } };
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (name.startsWith('$')) continue;
    if (components.has(name) && isObject(value)) {
      const compTouched = touched.all ? true : touched.components.has(name);
      const compSet = touched.components.get(name);
      const prevComp = previous && isObject(previous[name]) ? (previous[name] as Record<string, unknown>) : undefined;
      const prevCompMeta = isObject(prevComp?.['$metadata']) ? (prevComp['$metadata'] as Meta) : undefined;
      const reqCompMeta = o.fromRequest && isObject(value['$metadata']) ? (value['$metadata'] as Meta) : undefined;
      const compValues: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) compValues[k] = v;
      const lastUpdate = compTouched || typeof prevCompMeta?.['$lastUpdateTime'] !== 'string'
        ? now : (prevCompMeta['$lastUpdateTime'] as string);
      const compMeta = buildMeta(compValues, (p) => touched.all || compSet === null || (compSet?.has(p) ?? false), now,
        prevCompMeta, o.fromRequest ? reqCompMeta ?? {} : undefined, `/${name}/$metadata`, lastUpdate);
      twin[name] = { ...compValues, $metadata: compMeta };
      values[name] = value;
    } else {
      twin[name] = value;
      values[name] = value;
    }
  }
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (!components.has(k) || !isObject(v)) plain[k] = v;
  const rootMeta = buildMeta(plain, (p) => touched.all || touched.props.has(p), now, prevMeta,
    o.fromRequest ? reqMeta ?? {} : undefined, '/$metadata', now);
  // Re-created as a fresh object so that the stored key order is $model, $lastUpdateTime, properties.
  twin.$metadata = { $model: o.modelId, ...rootMeta } as DigitalTwin['$metadata'];
  // Move $metadata after the values, as ADT orders it.
  const { $metadata, ...rest } = twin;
  return { ...rest, $metadata } as DigitalTwin;
}

/** The user content of a stored twin: values and components without server metadata, for diffs in events. */
export function userView(twin: DigitalTwin): Record<string, unknown> {
  const view: Record<string, unknown> = { $metadata: { $model: twin.$metadata.$model } };
  for (const [k, v] of Object.entries(twin)) {
    if (k.startsWith('$')) continue;
    if (isObject(v) && '$metadata' in v) {
      const { $metadata: _m, ...compValues } = v;
      view[k] = compValues;
    } else view[k] = v;
  }
  return view;
}
