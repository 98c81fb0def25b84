/**
 * A small QueryModelIndex for the analysis and completion tests (a structural stand-in for the DTDL ModelIndex).
 */
import type { QueryModelIndex, QueryModelProperty, QueryModelRelationship, QueryResolvedModel } from './model-index';

interface FakeModel {
  id: string;
  extends?: string;
  displayName?: string;
  properties?: Record<string, string>;
  components?: Record<string, string>;
  relationships?: Record<string, { target?: string; properties?: Record<string, string> }>;
}

const prop = (definedIn: string, schema: string): QueryModelProperty => ({ definedIn, schema: { kind: 'primitive', name: schema } });

export function fakeModelIndex(models: FakeModel[]): QueryModelIndex {
  const byId = new Map(models.map((m) => [m.id, m]));
  const chain = (id: string): FakeModel[] => {
    const m = byId.get(id);
    return m ? [m, ...(m.extends ? chain(m.extends) : [])] : [];
  };
  return {
    ids: () => models.map((m) => m.id),
    get: (id) => {
      const m = byId.get(id);
      return m ? (m.displayName ? { displayName: { en: m.displayName } } : {}) : undefined;
    },
    resolve: (id): QueryResolvedModel | undefined => {
      if (!byId.has(id)) return undefined;
      const properties = new Map<string, QueryModelProperty>();
      const relationships = new Map<string, QueryModelRelationship>();
      const components = new Map<string, { schema: string }>();
      for (const m of chain(id).reverse()) {
        for (const [k, v] of Object.entries(m.properties ?? {})) properties.set(k, prop(m.id, v));
        for (const [k, v] of Object.entries(m.components ?? {})) components.set(k, { schema: v });
        for (const [k, v] of Object.entries(m.relationships ?? {})) {
          const r: QueryModelRelationship = { definedIn: m.id, properties: new Map(Object.entries(v.properties ?? {}).map(([pk, pv]) => [pk, prop(m.id, pv)])) };
          if (v.target) r.target = v.target;
          relationships.set(k, r);
        }
      }
      return { properties, relationships, components };
    },
    modelsAssignableTo: (q, exact) => exact ? (byId.has(q) ? [q] : []) : models.filter((m) => chain(m.id).some((c) => c.id === q)).map((m) => m.id),
  };
}

export const BUILDING_INDEX = fakeModelIndex([
  { id: 'dtmi:ex:Space;1', displayName: 'Space', properties: { name: 'string' }, relationships: { contains: { target: 'dtmi:ex:Space;1', properties: { since: 'integer' } } } },
  { id: 'dtmi:ex:Building;1', extends: 'dtmi:ex:Space;1', displayName: 'Building', properties: { address: 'object' } },
  { id: 'dtmi:ex:Room;1', extends: 'dtmi:ex:Space;1', displayName: 'Room', properties: { temperature: 'double', occupied: 'boolean' },
    components: { thermostat: 'dtmi:ex:Thermostat;1' }, relationships: { hasSensor: { target: 'dtmi:ex:Sensor;1' } } },
  { id: 'dtmi:ex:Thermostat;1', properties: { setPoint: 'double' } },
  { id: 'dtmi:ex:Sensor;1', displayName: 'Sensor', properties: { value: 'double' } },
]);
