import { describe, expect, it } from 'vitest';
import { ModelIndex, validateModels } from '../../../shared/dtdl';

const SAMPLE_MODEL_IDS = { room: 'dtmi:t:Room;1', hvac: 'dtmi:t:HVAC;1' };
const sampleModels = [
  {
    '@context': 'dtmi:dtdl:context;3', '@id': SAMPLE_MODEL_IDS.room, '@type': 'Interface',
    contents: [
      { '@type': 'Property', name: 'name', schema: 'string' },
      { '@type': 'Property', name: 'area', schema: 'double' },
      { '@type': 'Property', name: 'occupancy', schema: 'integer' },
      {
        '@type': 'Property', name: 'roomType',
        schema: { '@type': 'Enum', valueSchema: 'string', enumValues: ['office', 'meeting', 'kitchen'].map((v) => ({ name: v, enumValue: v })) },
      },
    ],
  },
  { '@context': 'dtmi:dtdl:context;3', '@id': SAMPLE_MODEL_IDS.hvac, '@type': 'Interface', contents: [{ '@type': 'Property', name: 'powerKw', schema: 'double' }] },
];
import { computeDataStyle, MISSING_COLOR, normaliseStyle, parseDataStyle, scaleColor, styleableProperties } from './data-style';

const index = new ModelIndex(validateModels(sampleModels, new ModelIndex()).interfaces);

function room(id: string, props: Record<string, unknown>) {
  return { $dtId: id, $metadata: { $model: SAMPLE_MODEL_IDS.room }, ...props };
}

describe('styling by data', () => {
  const resolve = (id: string) => index?.resolve(id);

  it('puts numbers on the colour scale between the lowest and highest value', () => {
    const r = computeDataStyle([room('a', { occupancy: 0 }), room('b', { occupancy: 4 }), room('c', { occupancy: 8 }), room('d', {})], { [SAMPLE_MODEL_IDS.room]: { colorBy: 'occupancy' } }, resolve);
    expect(r.nodes.get('a')?.color).toBe(scaleColor(0));
    expect(r.nodes.get('c')?.color).toBe(scaleColor(1));
    expect(r.nodes.get('b')?.color).toBe(scaleColor(0.5));
    expect(r.nodes.get('d')?.color).toBe(MISSING_COLOR);
    expect(r.legend).toEqual([expect.objectContaining({ kind: 'numeric', property: 'occupancy', min: 0, max: 8 })]);
  });

  it('keeps a fixed range when one is given, clamping values outside it', () => {
    const r = computeDataStyle([room('a', { occupancy: 50 })], { [SAMPLE_MODEL_IDS.room]: { colorBy: 'occupancy', min: 0, max: 10 } }, resolve);
    expect(r.nodes.get('a')?.color).toBe(scaleColor(1));
  });

  it('gives enum values the colours of their declared order, whichever twins are shown', () => {
    const style = { [SAMPLE_MODEL_IDS.room]: { colorBy: 'roomType' } };
    const one = computeDataStyle([room('a', { roomType: 'kitchen' })], style, resolve);
    const all = computeDataStyle([room('a', { roomType: 'kitchen' }), room('b', { roomType: 'office' })], style, resolve);
    expect(one.nodes.get('a')?.color).toBe(all.nodes.get('a')?.color);
    expect(all.nodes.get('a')?.color).not.toBe(all.nodes.get('b')?.color);
    const legend = all.legend[0];
    expect(legend?.kind === 'categories' && legend.items.map((i) => i.label)).toEqual(['office', 'meeting', 'kitchen']);
  });

  it('sizes by a number and labels with the value; other models are left alone', () => {
    const hvac = { $dtId: 'h', $metadata: { $model: SAMPLE_MODEL_IDS.hvac }, powerKw: 3 };
    const r = computeDataStyle([room('a', { area: 10 }), room('b', { area: 30 }), hvac], { [SAMPLE_MODEL_IDS.room]: { sizeBy: 'area', labelBy: 'area' } }, resolve);
    expect(r.nodes.get('a')?.size).toBeLessThan(r.nodes.get('b')?.size ?? 0);
    expect(r.nodes.get('b')?.value).toBe('area: 30');
    expect(r.nodes.has('h')).toBe(false);
  });

  it('colours booleans in two colours', () => {
    const t = (id: string, on: unknown) => ({ $dtId: id, $metadata: { $model: 'dtmi:x:Y;1' }, on });
    const r = computeDataStyle([t('a', true), t('b', false)], { 'dtmi:x:Y;1': { colorBy: 'on' } }, () => undefined);
    expect(r.nodes.get('a')?.color).not.toBe(r.nodes.get('b')?.color);
  });

  it('lists the properties that can style a model', () => {
    const props = styleableProperties(index?.resolve(SAMPLE_MODEL_IDS.room));
    expect(props).toEqual(expect.arrayContaining([{ name: 'occupancy', kind: 'numeric' }, { name: 'roomType', kind: 'enum' }, { name: 'name', kind: 'text' }]));
  });

  it('reads styles from untrusted text without throwing, dropping what is malformed', () => {
    expect(parseDataStyle('not json')).toEqual({});
    expect(parseDataStyle('[1]')).toEqual({});
    expect(parseDataStyle('{"m":{"colorBy":5,"sizeBy":"x"},"n":{}}')).toEqual({ m: { sizeBy: 'x' } });
    expect(normaliseStyle({ m: { colorBy: '', min: Number.NaN } })).toEqual({});
  });
});
