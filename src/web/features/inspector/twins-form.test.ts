import { describe, it, expect } from 'vitest';
import { buildTwinFromForm, fieldsForModel, fieldsForRelationship, formatFieldValue, initialTwin, opsFromEdits, parseFieldInput, schemaLabel, validateTwinId } from './twins-form';
import { testIndex, testRoom, M } from '../../api/twins-fixtures';

const index = testIndex();

describe('fieldsForModel', () => {
  it('lists own properties first, then inherited ones, then component properties', () => {
    const { fields, components } = fieldsForModel(M.room, index);
    expect(fields.map((f) => f.pointer)).toEqual(['/occupancy', '/tags', '/name', '/area', '/thermostat/setpoint', '/thermostat/mode']);
    expect(fields.find((f) => f.name === 'name')).toMatchObject({ inherited: true, definedIn: M.space, input: 'text' });
    expect(fields.find((f) => f.name === 'occupancy')).toMatchObject({ inherited: false, input: 'integer' });
    expect(fields.find((f) => f.name === 'mode')).toMatchObject({ component: 'thermostat', input: 'enum' });
    expect(fields.find((f) => f.name === 'tags')?.input).toBe('json');
    expect(components).toEqual([{ name: 'thermostat', schema: M.thermostat, definedIn: M.room }]);
  });

  it('is empty for an unknown model', () => {
    expect(fieldsForModel('dtmi:x:Unknown;1', index).fields).toEqual([]);
  });

  it('labels schemas', () => {
    const { fields } = fieldsForModel(M.room, index);
    expect(fields.map((f) => schemaLabel(f.schema))).toEqual(['integer', 'array<string>', 'string', 'double', 'double', 'enum (heat, cool)']);
  });
});

describe('create-form defaults', () => {
  it('initialises every component with empty $metadata and sets nothing else', () => {
    expect(initialTwin(M.room, index)).toEqual({ $metadata: { $model: M.room }, thermostat: { $metadata: {} } });
    expect(initialTwin(M.meetingRoom, index)).toEqual({ $metadata: { $model: M.meetingRoom }, thermostat: { $metadata: {} } });
    expect(initialTwin(M.floor, index)).toEqual({ $metadata: { $model: M.floor } });
  });

  it('builds a typed, valid twin from typed text, leaving empty fields unset', () => {
    const values = new Map([['/name', 'Lab'], ['/occupancy', '4'], ['/area', ''], ['/thermostat/mode', 'cool'], ['/tags', '["a","b"]']]);
    const r = buildTwinFromForm(M.room, index, values);
    expect(r.problems.size).toBe(0);
    expect(r.twin).toEqual({
      $metadata: { $model: M.room }, name: 'Lab', occupancy: 4, tags: ['a', 'b'],
      thermostat: { $metadata: {}, mode: 'cool' },
    });
  });

  it('reports problems next to the field that caused them', () => {
    const r = buildTwinFromForm(M.room, index, new Map([['/occupancy', '2.5'], ['/thermostat/mode', 'auto']]));
    expect([...r.problems.keys()].sort()).toEqual(['/occupancy', '/thermostat/mode']);
    expect(r.problems.get('/occupancy')?.[0]).toMatch(/integer/);
  });

  it('validates the id', () => {
    expect(validateTwinId('')).toMatch(/id/);
    expect(validateTwinId(' a')).toMatch(/spaces/);
    expect(validateTwinId('room-9')).toBeNull();
  });
});

describe('parseFieldInput / formatFieldValue', () => {
  const { fields } = fieldsForModel(M.room, index);
  const schemaOf = (name: string) => {
    const f = fields.find((x) => x.name === name);
    if (!f) throw new Error(name);
    return f.schema;
  };

  it('parses numbers strictly', () => {
    expect(parseFieldInput(schemaOf('area'), '12.5')).toEqual({ kind: 'value', value: 12.5 });
    expect(parseFieldInput(schemaOf('area'), '12abc').kind).toBe('error');
    expect(parseFieldInput(schemaOf('occupancy'), '3000000000').kind).toBe('error');
    expect(parseFieldInput(schemaOf('occupancy'), '  ')).toEqual({ kind: 'unset' });
  });

  it('round-trips values through the text inputs', () => {
    for (const [name, value] of [['area', 3.25], ['name', 'x'], ['tags', ['a']], ['mode', 'heat']] as const) {
      const schema = schemaOf(name);
      expect(parseFieldInput(schema, formatFieldValue(schema, value))).toEqual({ kind: 'value', value });
    }
  });
});

describe('opsFromEdits', () => {
  const { fields } = fieldsForModel(M.room, index);

  it('adds unset properties, replaces set ones, removes cleared ones and skips unchanged ones', () => {
    const edits = new Map([['/area', '30'], ['/name', 'New'], ['/occupancy', ''], ['/thermostat/setpoint', '21']]);
    const r = opsFromEdits(testRoom(), fields, edits);
    expect(r.problems.size).toBe(0);
    expect(r.ops).toEqual([
      { op: 'remove', path: '/occupancy' },
      { op: 'replace', path: '/name', value: 'New' },
      { op: 'add', path: '/area', value: 30 },
    ]);
  });

  it('reports typing errors by field', () => {
    const r = opsFromEdits(testRoom(), fields, new Map([['/area', 'big']]));
    expect(r.ops).toEqual([]);
    expect(r.problems.get('/area')).toMatch(/number/);
  });

  it('adds a missing component as a whole', () => {
    const twin = testRoom();
    delete twin.thermostat;
    const r = opsFromEdits(twin, fields, new Map([['/thermostat/setpoint', '19']]));
    expect(r.ops).toEqual([{ op: 'add', path: '/thermostat', value: { $metadata: {}, setpoint: 19 } }]);
  });
});

describe('fieldsForRelationship', () => {
  it('lists the properties of an inherited or own relationship', () => {
    expect(fieldsForRelationship(index, M.meetingRoom, 'servedBy').map((f) => [f.pointer, f.input])).toEqual([['/priority', 'integer']]);
    expect(fieldsForRelationship(index, M.room, 'contains')).toEqual([]);
    expect(fieldsForRelationship(index, M.room, 'nope')).toEqual([]);
  });
});
