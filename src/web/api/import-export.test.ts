import { describe, expect, it } from 'vitest';
import { ModelIndex, parseInterfaces } from '../../shared/dtdl';
import type { GraphFile } from './import-export';
import {
  cleanTwin, excelRowsToGraph, EXCEL_COLUMNS, fromAdtExplorerJson, fromNdjson, GraphFileError, idsToCheck, modelsNeededBy,
  orderModels, parseGraphText, parseImportLog, planImport, serializeGraph, sortGraph, toAdtExplorerJson, toNdjson,
  withDeclaredComponents,
} from './import-export';

const ctx = 'dtmi:dtdl:context;3';
const base = { '@context': ctx, '@id': 'dtmi:t:Base;1', '@type': 'Interface', contents: [{ '@type': 'Property', name: 'name', schema: 'string' }] };
const thermostat = { '@context': ctx, '@id': 'dtmi:t:Thermostat;1', '@type': 'Interface', contents: [{ '@type': 'Property', name: 'setpoint', schema: 'double' }] };
const room = {
  '@context': ctx, '@id': 'dtmi:t:Room;1', '@type': 'Interface', extends: 'dtmi:t:Base;1',
  contents: [
    { '@type': 'Component', name: 'thermostat', schema: 'dtmi:t:Thermostat;1' },
    { '@type': 'Relationship', name: 'next', properties: [{ '@type': 'Property', name: 'distance', schema: 'double' }] },
  ],
};

const graph: GraphFile = {
  models: [room, thermostat, base],
  twins: [
    { $dtId: 'r2', $metadata: { $model: 'dtmi:t:Room;1' }, name: 'Two', thermostat: { $metadata: {}, setpoint: 20 } },
    { $dtId: 'r1', $metadata: { $model: 'dtmi:t:Room;1' }, name: 'One', thermostat: { $metadata: {} } },
  ],
  relationships: [
    { $sourceId: 'r1', $relationshipId: 'r1-next-r2', $relationshipName: 'next', $targetId: 'r2', distance: 4.5 },
  ],
};

describe('cleanTwin', () => {
  it('drops etag and property metadata but keeps empty component metadata and every value', () => {
    const twin = {
      $dtId: 'a', $etag: 'W/"1"',
      $metadata: { $model: 'dtmi:t:Room;1', $lastUpdateTime: '2024', name: { lastUpdateTime: '2024' } },
      name: 'A',
      thermostat: { $metadata: { $lastUpdateTime: '2024', setpoint: { lastUpdateTime: '2024' } }, $lastUpdateTime: 'x', setpoint: 21 },
      tags: { a: 1 },
    };
    expect(cleanTwin(twin)).toEqual({
      $dtId: 'a', $metadata: { $model: 'dtmi:t:Room;1' }, name: 'A', thermostat: { $metadata: {}, setpoint: 21 }, tags: { a: 1 },
    });
  });
});

describe('ADT Explorer JSON', () => {
  it('round-trips through the ADT Explorer shape', () => {
    const file = toAdtExplorerJson(graph);
    expect(file.digitalTwinsFileInfo).toEqual({ fileVersion: '1.0.0' });
    expect(file.digitalTwinsGraph.digitalTwins).toHaveLength(2);
    expect(fromAdtExplorerJson(JSON.parse(JSON.stringify(file)))).toEqual(graph);
  });

  it('reads a file without models, as ADT Explorer writes for a query without them', () => {
    const g = fromAdtExplorerJson({ digitalTwinsFileInfo: { fileVersion: '1.0.0' }, digitalTwinsGraph: { digitalTwins: [], relationships: [] } });
    expect(g).toEqual({ models: [], twins: [], relationships: [] });
  });

  it('names what is wrong', () => {
    expect(() => fromAdtExplorerJson({})).toThrow(/fileVersion/);
    expect(() => fromAdtExplorerJson({ digitalTwinsFileInfo: { fileVersion: '1.0.0' }, digitalTwinsGraph: { digitalTwins: [{ $dtId: 'x' }] } }))
      .toThrow(/\(twin x\) has no "\$metadata.\$model"/);
    expect(() => fromAdtExplorerJson({
      digitalTwinsFileInfo: { fileVersion: '1.0.0' },
      digitalTwinsGraph: { relationships: [{ $sourceId: 'a', $relationshipId: 'r', $targetId: 'b' }] },
    })).toThrow(/\$relationshipName missing/);
  });
});

describe('NDJSON', () => {
  it('writes the bulk-import sections, with the source as $dtId in Relationships', () => {
    const lines = toNdjson(graph).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ Section: 'Header' });
    expect(lines[1]).toMatchObject({ fileVersion: '1.0.0' });
    expect(lines.map((l) => l.Section).filter(Boolean)).toEqual(['Header', 'Models', 'Twins', 'Relationships']);
    expect(lines[lines.length - 1]).toEqual({ $dtId: 'r1', $relationshipId: 'r1-next-r2', $relationshipName: 'next', $targetId: 'r2', distance: 4.5 });
  });

  it('round-trips', () => {
    const back = fromNdjson(toNdjson(graph));
    expect({ models: back.models, twins: back.twins, relationships: back.relationships }).toEqual(graph);
    expect(back.header?.fileVersion).toBe('1.0.0');
  });

  it('reports the line of a problem', () => {
    expect(() => fromNdjson('{"Section":"Header"}\n{"fileVersion":"1.0.0"}\n{"Section":"Twins"}\n{"$dtId":"a"}\n')).toThrow(/^Line 4: .*\$metadata/);
    expect(() => fromNdjson('{"Section":"Header"}\n{"fileVersion":"1.0.0"}\n{"Section":"Twins"}\n{"Section":"Models"}\n')).toThrow(/Line 4: section Models comes after Twins/);
    expect(() => fromNdjson('{"Section":"Twins"}\n')).toThrow(/Line 1: the first section must be/);
    expect(() => fromNdjson('{"Section":"Header"}\nnot json\n')).toThrow(GraphFileError);
  });
});

describe('parseGraphText', () => {
  it('detects the format from the content', () => {
    expect(parseGraphText(toNdjson(graph)).format).toBe('ndjson');
    expect(parseGraphText(serializeGraph(graph, 'adt-explorer-json').text).format).toBe('adt-explorer-json');
    expect(parseGraphText('\uFEFF' + serializeGraph(graph, 'adt-explorer-json').text).graph).toEqual(graph);
    expect(() => parseGraphText('{ nope')).toThrow(/neither NDJSON nor valid JSON/);
  });
});

describe('excelRowsToGraph', () => {
  const head = [EXCEL_COLUMNS.model, EXCEL_COLUMNS.id, EXCEL_COLUMNS.relFrom, EXCEL_COLUMNS.relName, EXCEL_COLUMNS.initData];
  it('reads ADT Explorer columns: twins, relationships from the parent, and init data', () => {
    const g = excelRowsToGraph([
      head,
      ['dtmi:t:Room;1', 'r1', '', '', '{"name":"One"}'],
      ['dtmi:t:Room;1', 'r2', 'r1', 'next', ''],
      ['', 'r2', 'r1', 'next', ''],
      ['', '', '', '', ''],
    ]);
    expect(g.twins).toEqual([
      { $dtId: 'r1', $metadata: { $model: 'dtmi:t:Room;1' }, name: 'One' },
      { $dtId: 'r2', $metadata: { $model: 'dtmi:t:Room;1' } },
    ]);
    expect(g.relationships.map((r) => r.$relationshipId)).toEqual(['r1-next-r2', 'r1-next-r2-2']);
  });

  it('accepts the columns in any order and rejects a sheet without them', () => {
    const g = excelRowsToGraph([[...head].reverse(), ['', '', '', 'b', 'dtmi:t:Room;1']]);
    expect(g.twins[0]?.$dtId).toBe('b');
    expect(() => excelRowsToGraph([['ModelID', 'ID']])).toThrow(/Relationship \(From\)/);
    expect(() => excelRowsToGraph([head, ['dtmi:t:Room;1', 'x', '', '', '{bad']])).toThrow(/Row 2: "Init Data"/);
  });
});

describe('orderModels', () => {
  it('puts dependencies (extends, component schemas) before their users, in batches', () => {
    const batches = orderModels([room, thermostat, base], 2);
    const flat = batches.flat().map((m) => m['@id']);
    expect(flat.indexOf('dtmi:t:Base;1')).toBeLessThan(flat.indexOf('dtmi:t:Room;1'));
    expect(flat.indexOf('dtmi:t:Thermostat;1')).toBeLessThan(flat.indexOf('dtmi:t:Room;1'));
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('keeps a cycle instead of looping', () => {
    const a = { '@id': 'dtmi:c:A;1', extends: 'dtmi:c:B;1' };
    const b = { '@id': 'dtmi:c:B;1', extends: 'dtmi:c:A;1' };
    expect(orderModels([a, b]).flat()).toHaveLength(2);
  });
});

describe('modelsNeededBy', () => {
  it('takes the twins\' models and their dependencies only', () => {
    const other = { '@id': 'dtmi:t:Other;1' };
    const ids = modelsNeededBy(graph.twins, [room, thermostat, base, other]).map((m) => m['@id']);
    expect(ids.sort()).toEqual(['dtmi:t:Base;1', 'dtmi:t:Room;1', 'dtmi:t:Thermostat;1']);
  });
});

describe('planImport', () => {
  const index = new ModelIndex(parseInterfaces([base, thermostat, room]).interfaces);

  it('reuses existing models, creates new twins and skips existing ones unless asked', () => {
    const plan = planImport(graph, { modelIds: new Set(['dtmi:t:Base;1']), twinIds: new Set(['r1']) }, { updateExisting: false });
    expect(plan.reusedModels).toEqual(['dtmi:t:Base;1']);
    expect(plan.counts).toEqual({
      models: { create: 2, reuse: 1 }, twins: { create: 1, update: 0, skip: 1 }, relationships: { upsert: 1, skip: 0 },
    });
    const update = planImport(graph, { modelIds: new Set(), twinIds: new Set(['r1']) }, { updateExisting: true });
    expect(update.twins.find((t) => t.twin.$dtId === 'r1')?.action).toBe('update');
  });

  it('links to twins that exist in the instance but not in the file, and skips links to twins found nowhere', () => {
    const g: GraphFile = {
      models: [],
      twins: [{ $dtId: 'new', $metadata: { $model: 'dtmi:t:Room;1' } }],
      relationships: [
        { $sourceId: 'new', $relationshipId: 'a', $relationshipName: 'next', $targetId: 'existing' },
        { $sourceId: 'new', $relationshipId: 'b', $relationshipName: 'next', $targetId: 'ghost' },
      ],
    };
    const plan = planImport(g, { modelIds: new Set(['dtmi:t:Room;1']), twinIds: new Set(['existing']) }, { updateExisting: false });
    expect(plan.relationships.map((r) => r.action)).toEqual(['upsert', 'skip']);
    expect(plan.externalTargets).toEqual(['existing']);
    expect(plan.problems).toEqual([{ kind: 'relationship', id: 'new/relationships/b', message: 'Twin ghost is neither in the file nor in the instance.' }]);
    expect(idsToCheck(g).sort()).toEqual(['existing', 'ghost', 'new']);
  });

  it('adds the components a model declares, and reports twins of unknown models', () => {
    const g: GraphFile = {
      models: [],
      twins: [
        { $dtId: 'bare', $metadata: { $model: 'dtmi:t:Room;1' }, name: 'n' },
        { $dtId: 'orphan', $metadata: { $model: 'dtmi:t:Missing;1' } },
      ],
      relationships: [],
    };
    const plan = planImport(g, { modelIds: new Set(index.ids()), twinIds: new Set() }, { updateExisting: false, index });
    expect(plan.twins[0]?.twin).toEqual({ $dtId: 'bare', $metadata: { $model: 'dtmi:t:Room;1' }, name: 'n', thermostat: { $metadata: {} } });
    expect(plan.twins[1]?.action).toBe('skip');
    expect(plan.problems[0]?.message).toMatch(/dtmi:t:Missing;1 is neither in the file nor in the instance/);
  });

  it('keeps the last of duplicate twins', () => {
    const g: GraphFile = { models: [], twins: [{ $dtId: 'x', $metadata: { $model: 'm' }, v: 1 }, { $dtId: 'x', $metadata: { $model: 'm' }, v: 2 }], relationships: [] };
    const plan = planImport(g, { modelIds: new Set(['m']), twinIds: new Set() }, { updateExisting: false });
    expect(plan.twins).toHaveLength(1);
    expect(plan.twins[0]?.twin.v).toBe(2);
  });

  it('leaves a twin that already has its components untouched', () => {
    const twin = graph.twins[0]!;
    expect(withDeclaredComponents(twin, index)).toBe(twin);
  });
});

describe('sortGraph', () => {
  it('orders by ids so two exports of one instance compare equal', () => {
    const sorted = sortGraph(graph);
    expect(sorted.twins.map((t) => t.$dtId)).toEqual(['r1', 'r2']);
    expect(sorted.models.map((m) => m['@id'])).toEqual(['dtmi:t:Base;1', 'dtmi:t:Room;1', 'dtmi:t:Thermostat;1']);
  });
});

describe('parseImportLog', () => {
  it('reads the job log lines into entries', () => {
    const log = [
      '{"timestamp":"t","jobId":"j","jobType":"Import","logType":"Info","details":{"section":"Twins","status":"Started"}}',
      '{"timestamp":"t","jobId":"j","jobType":"Import","logType":"Error","details":{"section":"Twins","id":"x","error":"InvalidArgument: bad"}}',
      'garbage',
    ].join('\n');
    expect(parseImportLog(log)).toEqual([
      { logType: 'Info', section: 'Twins', message: 'Started' },
      { logType: 'Error', section: 'Twins', id: 'x', message: 'InvalidArgument: bad' },
      { logType: 'Info', message: 'garbage' },
    ]);
  });
});
