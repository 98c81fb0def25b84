import { describe, expect, it } from 'vitest';
import { countByModel, modelDisplayName, modelLegendItems } from './model-names';
import { modelAppearance } from './graph-style';

const index = { get: (id: string) => (id === 'dtmi:x:Room;1' ? ({ displayName: { en: 'Meeting room' } } as never) : undefined) };

describe('model names and the models legend', () => {
  it('uses the displayName, else the last DTMI segment', () => {
    expect(modelDisplayName(index, 'dtmi:x:Room;1')).toBe('Meeting room');
    expect(modelDisplayName(index, 'dtmi:x:Floor;1')).toBe('Floor');
    expect(modelDisplayName(undefined, 'dtmi:x:Room;1')).toBe('Room');
  });

  it('lists each model drawn with its colour, shape, count and DTMI, most common first', () => {
    const twins = ['dtmi:x:Floor;1', 'dtmi:x:Room;1', 'dtmi:x:Room;1'].map(($model) => ({ $metadata: { $model } }));
    const items = modelLegendItems(countByModel(twins), index);
    expect(items.map((i) => [i.label, i.count, i.title])).toEqual([
      ['Meeting room', 2, 'dtmi:x:Room;1'],
      ['Floor', 1, 'dtmi:x:Floor;1'],
    ]);
    expect(items[0]).toMatchObject(modelAppearance('dtmi:x:Room;1'));
  });
});
