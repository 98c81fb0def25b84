import { describe, it, expect } from 'vitest';
import type { ModelData } from '../../shared/adt';
import { modelChoices, modelLabel } from './twins-models';
import { buildModelIndex } from './models';
import { clientKey } from './keys';
import { AdtClient } from '../adt-client';
import { testModels, M } from './twins-fixtures';

const data = (model: Record<string, unknown>): ModelData => ({ id: String(model['@id']), decommissioned: false, uploadTime: '2024-01-01T00:00:00Z', model });

describe('buildModelIndex', () => {
  it('indexes the models with inheritance resolved', () => {
    const { index, skipped } = buildModelIndex(testModels.map(data));
    expect(skipped).toEqual([]);
    expect(index.resolve(M.meetingRoom)?.properties.has('name')).toBe(true);
  });

  it('leaves out a model that does not parse and names it', () => {
    const broken = data({ '@context': 'dtmi:dtdl:context;3', '@id': 'dtmi:test:Broken;1', '@type': 'Banana' });
    const { index, skipped } = buildModelIndex([...testModels.map(data), broken]);
    expect(skipped).toEqual(['dtmi:test:Broken;1']);
    expect(index.has(M.room)).toBe(true);
  });
});

describe('helpers', () => {
  it('keys clients by identity', () => {
    const a = new AdtClient({ baseUrl: 'http://x/' });
    const b = new AdtClient({ baseUrl: 'http://x/' });
    expect(clientKey(a)).toBe(clientKey(a));
    expect(clientKey(a)).not.toBe(clientKey(b));
  });

  it('labels models by display name, else by the last id segment', () => {
    expect(modelLabel({ id: M.room, displayName: { en: 'Room' } }, M.room)).toBe('Room');
    expect(modelLabel(undefined, 'dtmi:com:example:Thermo;2')).toBe('Thermo');
  });
});

describe('modelChoices', () => {
  it('shows display names, never the DTMI, unless two models share a name', () => {
    const choices = modelChoices([
      { id: 'dtmi:com:example:Thermostat;1', displayName: { en: 'Thermostat' } },
      { id: 'dtmi:com:example:Room;1' },
      { id: 'dtmi:com:example:Floor;1', displayName: { de: 'Etage' } },
    ]);
    expect(choices).toEqual([
      { id: 'dtmi:com:example:Floor;1', label: 'Etage' },
      { id: 'dtmi:com:example:Room;1', label: 'Room' },
      { id: 'dtmi:com:example:Thermostat;1', label: 'Thermostat' },
    ]);
  });

  it('tells models of one name apart: by version where that is all that differs, else by DTMI', () => {
    const choices = modelChoices([
      { id: 'dtmi:a:Space;2', displayName: { en: 'Space' } },
      { id: 'dtmi:a:Space;1', displayName: { en: 'Space' } },
      { id: 'dtmi:b:Sensor;1', displayName: { en: 'Sensor' } },
      { id: 'dtmi:c:Sensor;1', displayName: { en: 'Sensor' } },
    ]);
    expect(choices.map((c) => c.label)).toEqual(['Sensor (dtmi:b:Sensor;1)', 'Sensor (dtmi:c:Sensor;1)', 'Space (v1)', 'Space (v2)']);
  });
});
