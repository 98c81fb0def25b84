import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { ModelIndex, parseDtdlText, validateModels, validateTwinContent, checkRelationship } from './index';
import { realEstateCoreFiles } from '../../test-support/shared-dir';


function loadOntology(): unknown[] {
  const docs: unknown[] = [];
  for (const file of realEstateCoreFiles()) {
    const parsed = parseDtdlText(readFileSync(file, 'utf8'));
    expect(parsed.diagnostics, file).toEqual([]);
    docs.push(...parsed.documents);
  }
  return docs;
}

const REC = 'dtmi:digitaltwins:rec_3_3:';

describe('RealEstateCore ontology (767 DTDL v3 models)', () => {
  const docs = loadOntology();

  it('validates as one batch with zero diagnostics, quickly', () => {
    expect(docs).toHaveLength(767);
    const start = performance.now();
    const result = validateModels(docs, new ModelIndex());
    const ms = performance.now() - start;
    console.log(`validateModels(767 RealEstateCore models): ${ms.toFixed(1)} ms`);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.interfaces).toHaveLength(767);
    expect(ms).toBeLessThan(1000);
  });

  it('resolves a deep model and follows inheritance in isOfModel', () => {
    const index = new ModelIndex(validateModels(docs, new ModelIndex()).interfaces);
    // Find the model with the longest ancestor chain rather than hard-coding one.
    let deepest = '';
    for (const id of index.ids()) if (index.ancestorsOf(id).length > index.ancestorsOf(deepest).length) deepest = id;
    const r = index.resolve(deepest);
    expect(r).toBeDefined();
    if (!r) return;
    expect(r.ancestors.length).toBeGreaterThanOrEqual(4);
    // Every inherited content of every ancestor is visible on the resolved model.
    for (const a of r.ancestors) {
      for (const c of index.get(a)?.contents ?? []) {
        const all = new Map<string, unknown>([...r.properties, ...r.relationships, ...r.components, ...r.telemetries]);
        expect(all.has(c.name), `${deepest} inherits ${c.name} from ${a}`).toBe(true);
        expect(index.isOfModel(deepest, a)).toBe(true);
        expect(index.isOfModel(deepest, a, true)).toBe(false);
      }
    }
    expect(index.modelsAssignableTo(`${REC}core:Space;1`)).toEqual(expect.arrayContaining([`${REC}core:Building;1`, `${REC}core:Room;1`, `${REC}building:CookingRoom;1`]));
  });

  it('isOfModel follows inheritance for Room -> Space and not across unrelated branches', () => {
    const index = new ModelIndex(validateModels(docs, new ModelIndex()).interfaces);
    const room = `${REC}building:CookingRoom;1`;
    expect(index.has(room)).toBe(true);
    expect(index.isOfModel(room, `${REC}core:Space;1`)).toBe(true);
    expect(index.isOfModel(room, `${REC}core:Asset;1`)).toBe(false);
    expect(index.resolve(room)?.relationships.has('isPartOf')).toBe(true);
    const components = Object.fromEntries([...(index.resolve(room)?.components.keys() ?? [])].map((n) => [n, { $metadata: {} }]));
    expect(Object.keys(components).length).toBeGreaterThan(0);
    const twin = { $metadata: { $model: room }, personCapacity: 12, customTags: { a: true }, ...components };
    expect(validateTwinContent(room, twin, index)).toEqual([]);
    expect(validateTwinContent(room, { ...twin, personCapacity: 'twelve' }, index)).toEqual([
      { pointer: '/personCapacity', message: expect.stringContaining('integer') },
    ]);
    expect(checkRelationship(room, 'isPartOf', `${REC}core:Building;1`, {}, index)).toBeNull();
    expect(checkRelationship(room, 'isPartOf', `${REC}core:Agent;1`, {}, index)?.code).toBe('InvalidRelationship');
  });
});
